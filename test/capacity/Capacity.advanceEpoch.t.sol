// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {CapacityBase} from "./CapacityBase.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract CapacityAdvanceEpochTest is CapacityBase {
    function test_advanceEpoch_worksInEpochZero() public {
        assertEq(epoch(), 0);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.EpochNotAdvanced.selector, 0));
        capacity.epochChallenge();

        vm.prevrandao(bytes32(uint256(0xabc)));
        bytes32 expected = expectedNonce(bytes32(0), 0);
        vm.expectEmit(address(capacity));
        emit ICapacity.EpochAdvanced(0, expected, DIFFICULTY);
        vm.prank(stranger);
        capacity.advanceEpoch();

        (uint256 e, bytes32 nonce, uint256 difficulty) = capacity.epochChallenge();
        assertEq(e, 0);
        assertEq(nonce, expected);
        assertEq(difficulty, DIFFICULTY);
    }

    function test_advanceEpoch_secondCallInTheSameEpochIsANoop() public {
        goToEpoch(1);
        (, bytes32 before,) = capacity.epochChallenge();

        vm.prevrandao(bytes32(uint256(0xdead)));
        vm.roll(block.number + 5);
        vm.warp(block.timestamp + EPOCH_DURATION - 1);
        vm.recordLogs();
        capacity.advanceEpoch();
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 0);

        (uint256 e, bytes32 nonce,) = capacity.epochChallenge();
        assertEq(e, 1);
        assertEq(nonce, before);
    }

    function test_advanceEpoch_rotatesOncePerEpochFromThePreviousNonce() public {
        bytes32 previous;
        bytes32[] memory seen = new bytes32[](4);
        for (uint256 i = 1; i <= 4; ++i) {
            warpToEpoch(i);
            vm.prevrandao(bytes32(uint256(1000 + i)));
            bytes32 expected = expectedNonce(previous, i);
            vm.expectEmit(address(capacity));
            emit ICapacity.EpochAdvanced(i, expected, DIFFICULTY);
            capacity.advanceEpoch();
            (uint256 e, bytes32 nonce,) = capacity.epochChallenge();
            assertEq(e, i);
            assertEq(nonce, expected);
            for (uint256 j = 1; j < i; ++j) {
                assertTrue(nonce != seen[j - 1], "nonce repeated");
            }
            seen[i - 1] = nonce;
            previous = nonce;
        }
    }

    /// @notice The same chain randomness in two different epochs still gives different nonces.
    function test_advanceEpoch_nonceDiffersPerEpochWithTheSameRandomness() public {
        vm.prevrandao(bytes32(uint256(7)));
        goToEpoch(1);
        bytes32 first = globalNonce();
        goToEpoch(2);
        bytes32 second = globalNonce();
        assertTrue(first != second);
    }

    function test_advanceEpoch_nonceDependsOnChainRandomness() public {
        goToEpoch(1);
        uint256 snapshot = vm.snapshotState();

        warpToEpoch(2);
        vm.roll(50);
        vm.prevrandao(bytes32(uint256(1)));
        capacity.advanceEpoch();
        bytes32 a = globalNonce();

        vm.revertToState(snapshot);
        warpToEpoch(2);
        vm.roll(50);
        vm.prevrandao(bytes32(uint256(2)));
        capacity.advanceEpoch();
        bytes32 b = globalNonce();

        assertTrue(a != b);
    }

    /// @notice Two histories that differ only in epoch 1's randomness give different nonces in epoch 2, whose
    /// randomness, block and time are identical.
    function test_advanceEpoch_nonceDependsOnThePreviousNonce() public {
        uint256 snapshot = vm.snapshotState();
        bytes32[2] memory nonces;
        for (uint256 run; run < 2; ++run) {
            if (run == 1) vm.revertToState(snapshot);
            warpToEpoch(1);
            vm.roll(100);
            vm.prevrandao(bytes32(uint256(10 + run)));
            capacity.advanceEpoch();
            bytes32 previous = globalNonce();
            warpToEpoch(2);
            vm.roll(200);
            vm.prevrandao(bytes32(uint256(99)));
            capacity.advanceEpoch();
            nonces[run] = globalNonce();
            assertEq(nonces[run], expectedNonce(previous, 2));
        }
        assertTrue(nonces[0] != nonces[1]);
    }

    function test_advanceEpoch_canSkipEpochs() public {
        goToEpoch(1);
        bytes32 previous = globalNonce();
        warpToEpoch(5);
        bytes32 expected = expectedNonce(previous, 5);
        vm.expectEmit(address(capacity));
        emit ICapacity.EpochAdvanced(5, expected, DIFFICULTY);
        capacity.advanceEpoch();
        (uint256 e, bytes32 nonce,) = capacity.epochChallenge();
        assertEq(e, 5);
        assertEq(nonce, expected);
    }

    function test_epochChallenge_revertsWhenStale() public {
        goToEpoch(1);
        warpToEpoch(2);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.EpochNotAdvanced.selector, 2));
        capacity.epochChallenge();

        warpToEpoch(3);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.EpochNotAdvanced.selector, 3));
        capacity.epochChallenge();

        capacity.advanceEpoch();
        (uint256 e,,) = capacity.epochChallenge();
        assertEq(e, 3);
    }

    /// @notice A parameter changed in epoch n (before or after n's snapshot) applies from epoch n + 1 only.
    function test_advanceEpoch_snapshotsTheParamsOfItsEpoch() public {
        uint256 newDifficulty = type(uint256).max >> 2;
        warpToEpoch(1);
        setParam(ICore.Param.Difficulty, newDifficulty); // effective from epoch 2
        capacity.advanceEpoch();
        (,, uint256 difficulty) = capacity.epochChallenge();
        assertEq(difficulty, DIFFICULTY);

        uint256 newer = type(uint256).max >> 3;
        setParam(ICore.Param.Difficulty, newer); // replaces the staged value, still from epoch 2
        capacity.advanceEpoch();
        (,, difficulty) = capacity.epochChallenge();
        assertEq(difficulty, DIFFICULTY);

        bytes32 previous = globalNonce();
        warpToEpoch(2);
        bytes32 expected = expectedNonce(previous, 2);
        vm.expectEmit(address(capacity));
        emit ICapacity.EpochAdvanced(2, expected, newer);
        capacity.advanceEpoch();
        (,, difficulty) = capacity.epochChallenge();
        assertEq(difficulty, newer);
    }

    /// @notice The reward per epoch and the minimum proofs in force are those of the epoch being proved.
    function test_advanceEpoch_snapshotsRewardAndMinProofs() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        uint256 s = epoch();
        setParam(ICore.Param.RewardPerEpoch, 500 ether);
        setParam(ICore.Param.MinProofsPerEpoch, 4);

        submit(units[0], 3);
        (uint256 pool, uint256 total) = capacity.epochRewards(s);
        assertEq(pool, REWARD_PER_EPOCH);
        assertEq(total, 3);

        nextEpoch();
        submit(units[0], 3);
        (pool, total) = capacity.epochRewards(s + 1);
        assertEq(pool, 0);
        assertEq(total, 0);
        submit(units[0], 1);
        (pool, total) = capacity.epochRewards(s + 1);
        assertEq(pool, 500 ether);
        assertEq(total, 4);
        assertEq(capacity.rewardReserve(), RESERVE - REWARD_PER_EPOCH - 500 ether);
    }

    /// @notice A verifier scheduled in the Core is picked up by the next epoch's snapshot.
    function test_advanceEpoch_snapshotsTheVerifier() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        RejectingVerifier rejecting = new RejectingVerifier();
        vm.prank(owner);
        core.setVerifier(address(rejecting));
        submit(units[0], 3); // the keccak verifier still applies in this epoch
        nextEpoch();
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.InvalidProof.selector, units[0], proofs[0].localNonce));
        submitAs(operator, proofs);
    }
}

/// @notice A verifier under which no proof is valid.
contract RejectingVerifier {
    function proofHash(bytes32, bytes32, bytes32) external pure returns (bytes32) {
        return bytes32(type(uint256).max);
    }

    function epochNonce(bytes32 previous, uint256 epoch) external pure returns (bytes32) {
        return keccak256(abi.encode(previous, epoch));
    }
}
