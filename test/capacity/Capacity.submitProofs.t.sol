// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {CapacityBase} from "./CapacityBase.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {IProofVerifier} from "../../contracts/interfaces/IProofVerifier.sol";

/// @notice A verifier whose proof hash is the local nonce itself, so that a test can place a proof exactly at the
/// difficulty.
contract NonceIsHashVerifier is IProofVerifier {
    function proofHash(bytes32, bytes32, bytes32 localNonce) external pure returns (bytes32) {
        return localNonce;
    }

    function epochNonce(bytes32 previous, uint256 epoch) external pure returns (bytes32) {
        return keccak256(abi.encode(previous, epoch));
    }
}

contract CapacitySubmitProofsTest is CapacityBase {
    function expectProofEvents(uint256 id, uint256 e, ICapacity.Proof[] memory proofs, uint256 firstCount) internal {
        for (uint256 i; i < proofs.length; ++i) {
            vm.expectEmit(address(capacity));
            emit ICapacity.ProofSubmitted(id, proofs[i].unitId, e, proofs[i].localNonce, firstCount + i);
        }
    }

    function countLogs(Vm.Log[] memory logs, bytes32 topic) internal view returns (uint256 n) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(capacity) && logs[i].topics[0] == topic) ++n;
        }
    }

    function assertUnit(bytes32 unitId, uint256 e, uint256 proofs, uint256 next) internal view {
        ICapacity.UnitState memory u = capacity.unitState(unitId);
        assertEq(u.epoch, e, "unit epoch");
        assertEq(u.proofs, proofs, "unit proofs");
        assertEq(u.nextNonce, next, "unit next nonce");
        assertEq(u.deal, address(0), "unit deal");
    }

    function assertEpoch(uint256 e, uint256 pool, uint256 total) internal view {
        (uint256 p, uint256 t) = capacity.epochRewards(e);
        assertEq(p, pool, "pool");
        assertEq(t, total, "total proofs");
    }

    // ------------------------------------------------------------------ success

    function test_submitProofs_countsProofsAndAllocatesThePoolOnce() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        uint256 s = epoch();
        bytes32 u = units[0];

        ICapacity.Proof[] memory first = proofsFor(u, MIN_PROOFS);
        expectProofEvents(id, s, first, 1);
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardPoolAllocated(s, REWARD_PER_EPOCH);
        submitAs(operator, first);

        assertUnit(u, s, 3, uint256(first[2].localNonce) + 1);
        assertEpoch(s, REWARD_PER_EPOCH, 3);
        assertEq(capacity.rewardReserve(), RESERVE - REWARD_PER_EPOCH);

        ICapacity.Proof[] memory more = proofsFor(u, 2);
        expectProofEvents(id, s, more, 4);
        vm.recordLogs();
        submitAs(operator, more);
        assertEq(countLogs(vm.getRecordedLogs(), ICapacity.RewardPoolAllocated.selector), 0);

        assertUnit(u, s, 5, uint256(more[1].localNonce) + 1);
        assertEpoch(s, REWARD_PER_EPOCH, 5);
        assertEq(capacity.rewardReserve(), RESERVE - REWARD_PER_EPOCH);
    }

    function test_submitProofs_belowTheMinimumCountsNothing() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();

        ICapacity.Proof[] memory two = proofsFor(units[0], MIN_PROOFS - 1);
        expectProofEvents(id, s, two, 1);
        vm.recordLogs();
        submitAs(operator, two);
        assertEq(countLogs(vm.getRecordedLogs(), ICapacity.RewardPoolAllocated.selector), 0);
        assertUnit(units[0], s, 2, uint256(two[1].localNonce) + 1);
        assertEpoch(s, 0, 0);
        assertEq(capacity.rewardReserve(), RESERVE);

        submit(units[1], MIN_PROOFS); // CU1 crosses: 3 proofs
        assertEpoch(s, REWARD_PER_EPOCH, 3);
        submit(units[0], 1); // CU0 crosses with its third proof: all 3 count
        assertEpoch(s, REWARD_PER_EPOCH, 6);
        submit(units[0], 1);
        assertEpoch(s, REWARD_PER_EPOCH, 7);
        assertEq(capacity.rewardReserve(), RESERVE - REWARD_PER_EPOCH);

        // both succeeded: the commitment earns the whole pool, nothing failed
        nextEpoch();
        ICapacity.Accounting memory a = capacity.accounting(id);
        assertEq(a.rewardsEarned, REWARD_PER_EPOCH);
        assertEq(a.failedUnitEpochs, 0);
    }

    function test_submitProofs_poolIsTheReserveWhenItIsSmallerThanTheReward() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        uint256 s = epoch();
        vm.prank(owner);
        capacity.withdrawRewardReserve(RESERVE - 400 ether);

        ICapacity.Proof[] memory proofs = proofsFor(units[0], MIN_PROOFS);
        expectProofEvents(id, s, proofs, 1);
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardPoolAllocated(s, 400 ether);
        submitAs(operator, proofs);

        assertEpoch(s, 400 ether, 3);
        assertEq(capacity.rewardReserve(), 0);
        nextEpoch();
        assertEq(capacity.accounting(id).rewardsEarned, 400 ether);
    }

    function test_submitProofs_emptyReserveAllocatesAZeroPool() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();
        vm.prank(owner);
        capacity.withdrawRewardReserve(RESERVE);

        vm.expectEmit(address(capacity));
        emit ICapacity.RewardPoolAllocated(s, 0);
        submit(units[0], MIN_PROOFS);
        assertEpoch(s, 0, 3);
        assertEq(capacity.rewardReserve(), 0);

        // funding later in the epoch does not reopen its pool: it was allocated at the first success
        vm.prank(owner);
        capacity.fundRewards(5000 ether);
        vm.recordLogs();
        submit(units[1], MIN_PROOFS);
        assertEq(countLogs(vm.getRecordedLogs(), ICapacity.RewardPoolAllocated.selector), 0);
        assertEpoch(s, 0, 6);
        assertEq(capacity.rewardReserve(), 5000 ether);

        nextEpoch();
        ICapacity.Accounting memory a = capacity.accounting(id);
        assertEq(a.rewardsEarned, 0);
        assertEq(a.failedUnitEpochs, 0);

        vm.expectEmit(address(capacity));
        emit ICapacity.RewardPoolAllocated(s + 1, REWARD_PER_EPOCH);
        submit(units[0], MIN_PROOFS);
        assertEq(capacity.rewardReserve(), 5000 ether - REWARD_PER_EPOCH);
    }

    function test_submitProofs_batchOverSeveralUnits() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(3, 10);
        uint256 s = epoch();
        ICapacity.Proof[] memory all;
        for (uint256 i; i < units.length; ++i) {
            all = concat(all, proofsFor(units[i], 4));
        }
        for (uint256 i; i < units.length; ++i) {
            for (uint256 j; j < 4; ++j) {
                vm.expectEmit(address(capacity));
                emit ICapacity.ProofSubmitted(id, units[i], s, all[i * 4 + j].localNonce, j + 1);
            }
        }
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardPoolAllocated(s, REWARD_PER_EPOCH);
        vm.recordLogs();
        submitAs(operator, all);
        assertEq(countLogs(vm.getRecordedLogs(), ICapacity.RewardPoolAllocated.selector), 1);

        for (uint256 i; i < units.length; ++i) {
            assertUnit(units[i], s, 4, uint256(all[i * 4 + 3].localNonce) + 1);
        }
        assertEpoch(s, REWARD_PER_EPOCH, 12);
    }

    function test_submitProofs_batchOverTwoCommitmentsOfTheSameOperator() public {
        (uint256 idA, bytes32 unitA, uint256 idB, bytes32 unitB) = twoOneUnitCommitments();

        ICapacity.Proof[] memory pa = proofsFor(unitA, 3);
        ICapacity.Proof[] memory pb = proofsFor(unitB, 4);
        expectProofEvents(idA, 1, pa, 1);
        expectProofEvents(idB, 1, pb, 1);
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardPoolAllocated(1, REWARD_PER_EPOCH);
        submitAs(operator, concat(pa, pb));

        assertEpoch(1, REWARD_PER_EPOCH, 7);
        assertUnit(unitA, 1, 3, uint256(pa[2].localNonce) + 1);
        assertUnit(unitB, 1, 4, uint256(pb[3].localNonce) + 1);

        goToEpoch(2);
        assertEq(capacity.accounting(idA).rewardsEarned, share(REWARD_PER_EPOCH, 3, 7));
        assertEq(capacity.accounting(idB).rewardsEarned, share(REWARD_PER_EPOCH, 4, 7));
        assertEq(capacity.accounting(idA).failedUnitEpochs, 0);
        assertEq(capacity.accounting(idB).failedUnitEpochs, 0);
    }

    /// @notice A, B, A: the CU's counters survive the switch to another CU and back.
    function test_submitProofs_sameUnitTwiceInABatchNotConsecutively() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();
        ICapacity.Proof[] memory pa = proofsFor(units[0], 4);
        ICapacity.Proof[] memory pb = proofsFor(units[1], 3);
        ICapacity.Proof[] memory batch = new ICapacity.Proof[](7);
        batch[0] = pa[0];
        batch[1] = pa[1];
        batch[2] = pb[0];
        batch[3] = pb[1];
        batch[4] = pb[2];
        batch[5] = pa[2];
        batch[6] = pa[3];
        uint256[7] memory counts = [uint256(1), 2, 1, 2, 3, 3, 4];
        for (uint256 i; i < 7; ++i) {
            vm.expectEmit(address(capacity));
            emit ICapacity.ProofSubmitted(id, batch[i].unitId, s, batch[i].localNonce, counts[i]);
        }
        submitAs(operator, batch);

        assertUnit(units[0], s, 4, uint256(pa[3].localNonce) + 1);
        assertUnit(units[1], s, 3, uint256(pb[2].localNonce) + 1);
        assertEpoch(s, REWARD_PER_EPOCH, 7);
        nextEpoch();
        assertEq(capacity.accounting(id).failedUnitEpochs, 0);
        assertEq(capacity.accounting(id).rewardsEarned, REWARD_PER_EPOCH);
    }

    function test_submitProofs_sameUnitTwiceInABatchAcrossCommitments() public {
        (uint256 idA, bytes32 unitA, uint256 idB, bytes32 unitB) = twoOneUnitCommitments();

        ICapacity.Proof[] memory pa = proofsFor(unitA, 3);
        ICapacity.Proof[] memory pb = proofsFor(unitB, 3);
        ICapacity.Proof[] memory batch = new ICapacity.Proof[](6);
        batch[0] = pa[0];
        batch[1] = pb[0];
        batch[2] = pb[1];
        batch[3] = pb[2];
        batch[4] = pa[1];
        batch[5] = pa[2];
        submitAs(operator, batch);

        assertUnit(unitA, 1, 3, uint256(pa[2].localNonce) + 1);
        assertUnit(unitB, 1, 3, uint256(pb[2].localNonce) + 1);
        assertEpoch(1, REWARD_PER_EPOCH, 6);
        goToEpoch(2);
        assertEq(capacity.accounting(idA).rewardsEarned, REWARD_PER_EPOCH / 2);
        assertEq(capacity.accounting(idB).rewardsEarned, REWARD_PER_EPOCH / 2);
        assertEq(capacity.accounting(idA).failedUnitEpochs, 0);
        assertEq(capacity.accounting(idB).failedUnitEpochs, 0);
    }

    /// @notice The first proof of a CU in a new epoch settles the commitment's previous epoch.
    function test_submitProofs_settlesThePreviousEpoch() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();
        proveAll(units);
        nextEpoch();
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentSettled(id, s, REWARD_PER_EPOCH, 0);
        expectProofEvents(id, s + 1, proofs, 1);
        submitAs(operator, proofs);
        assertUnit(units[0], s + 1, 1, uint256(proofs[0].localNonce) + 1);
    }

    /// @notice Nonces are per epoch: a nonce accepted in one epoch is accepted again in the next, where it is
    /// checked against the new global nonce.
    function test_submitProofs_nonceCanBeUsedAgainInTheNextEpoch() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        uint256 s = epoch();
        bytes32 u = units[0];
        ICapacity.Proof[] memory proofs = proofsFor(u, MIN_PROOFS);
        submitAs(operator, proofs);
        bytes32 reused = proofs[0].localNonce;

        // pick the chain randomness of the next epoch so that `reused` is a valid proof under its global nonce
        warpToEpoch(s + 1);
        uint256 snapshot = vm.snapshotState();
        for (uint256 r = 1;; ++r) {
            vm.prevrandao(bytes32(r));
            capacity.advanceEpoch();
            if (uint256(verifier.proofHash(globalNonce(), u, reused)) <= DIFFICULTY) break;
            vm.revertToState(snapshot);
        }

        ICapacity.Proof[] memory again = single(ICapacity.Proof(u, reused));
        expectProofEvents(id, s + 1, again, 1);
        submitAs(operator, again);
        assertUnit(u, s + 1, 1, uint256(reused) + 1);
    }

    function test_submitProofs_acceptsTheLargestNonce() public {
        setParam(ICore.Param.Difficulty, type(uint256).max); // every hash is a proof from epoch 1
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        uint256 largest = uint256(type(uint192).max) - 1;
        ICapacity.Proof[] memory p = single(proof(units[0], largest));
        expectProofEvents(id, epoch(), p, 1);
        submitAs(operator, p);
        assertUnit(units[0], epoch(), 1, type(uint192).max);

        p = single(proof(units[0], type(uint192).max));
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NonceTooLarge.selector, p[0].localNonce));
        submitAs(operator, p);
    }

    /// @notice A proof is valid when its hash is at most the difficulty: a hash equal to it passes, one above fails.
    function test_submitProofs_acceptsAHashEqualToTheDifficulty() public {
        uint256 difficulty = 1000;
        setParam(ICore.Param.Difficulty, difficulty);
        address verifier_ = address(new NonceIsHashVerifier());
        vm.prank(owner);
        core.setVerifier(verifier_);
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        ICapacity.Proof[] memory p = single(proof(units[0], difficulty));
        expectProofEvents(id, epoch(), p, 1);
        submitAs(operator, p);
        assertUnit(units[0], epoch(), 1, difficulty + 1);

        p = single(proof(units[0], difficulty + 1));
        vm.expectRevert(abi.encodeWithSelector(ICapacity.InvalidProof.selector, units[0], p[0].localNonce));
        submitAs(operator, p);
    }

    // ------------------------------------------------------------------ reverts

    function test_submitProofs_revertsNoProofs() public {
        activeCommitment(1, 10);
        vm.expectRevert(ICapacity.NoProofs.selector);
        submitAs(operator, new ICapacity.Proof[](0));
    }

    function test_submitProofs_revertsEpochNotAdvanced() public {
        (,, bytes32[] memory units) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.EpochNotAdvanced.selector, 0));
        submitAs(operator, single(proof(units[0], 0)));

        (,, units) = activeCommitment(1, 10);
        uint256 s = epoch();
        warpToEpoch(s + 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.EpochNotAdvanced.selector, s + 1));
        submitAs(operator, single(proof(units[0], 0)));
    }

    function test_submitProofs_revertsUnknownUnit() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        bytes32 unknown = keccak256("unknown unit");
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, unknown));
        submitAs(operator, single(proof(unknown, 0)));

        // also after valid proofs in the same batch
        ICapacity.Proof[] memory batch = concat(proofsFor(units[0], 1), single(proof(unknown, 0)));
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, unknown));
        submitAs(operator, batch);
    }

    function test_submitProofs_revertsNotOperator() public {
        (, bytes32 peerId, bytes32[] memory units) = activeCommitment(1, 10);
        ICapacity.Proof[] memory proofs = proofsFor(units[0], MIN_PROOFS);
        address[3] memory callers = [stranger, provider, delegator];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NotOperator.selector, peerId, callers[i]));
            submitAs(callers[i], proofs);
        }
        // an operator of another peer cannot prove this one's CUs in the same batch
        (bytes32 peerB, bytes32[] memory unitsB) = registerPeerOf(operator2, 1);
        uint256 idB = createCommitment(peerB, 10);
        deposit(idB);
        goToEpoch(epoch() + 1);
        ICapacity.Proof[] memory mixed = concat(proofsFor(unitsB[0], 1), proofsFor(units[0], 1));
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotOperator.selector, peerId, operator2));
        submitAs(operator2, mixed);
    }

    function test_submitProofs_revertsUnitNotCommitted() public {
        goToEpoch(1);
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotCommitted.selector, units[0]));
        submitAs(operator, single(proof(units[0], 0)));

        uint256 id = createCommitment(peerId, 10);
        vm.prank(provider);
        capacity.removeCommitment(id);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotCommitted.selector, units[0]));
        submitAs(operator, single(proof(units[0], 0)));
    }

    function test_submitProofs_revertsUnitNotCommittedWhenFinished() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, MIN_DURATION);
        proveEpochs(units, 1, 1 + MIN_DURATION);
        capacity.finishCommitment(id);
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotCommitted.selector, units[0]));
        submitAs(operator, proofs);
    }

    function test_submitProofs_revertsCommitmentNotActiveWaitDelegation() public {
        goToEpoch(1);
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(1);
        uint256 id = createCommitment(peerId, 10);
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICapacity.CommitmentNotActive.selector, id, ICapacity.Status.WaitDelegation)
        );
        submitAs(operator, proofs);
    }

    function test_submitProofs_revertsCommitmentNotActiveWaitStart() public {
        goToEpoch(1);
        (uint256 id,, bytes32[] memory units) = depositedCommitment(1, 10);
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.CommitmentNotActive.selector, id, ICapacity.Status.WaitStart));
        submitAs(operator, proofs);
    }

    function test_submitProofs_revertsCommitmentNotActiveWhenEnded() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, MIN_DURATION);
        proveEpochs(units, 1, 1 + MIN_DURATION);
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.CommitmentNotActive.selector, id, ICapacity.Status.Inactive));
        submitAs(operator, proofs);
    }

    function test_submitProofs_revertsCommitmentNotActiveWhenFailed() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        // 1 CU tolerates 3 failed epochs: epochs 1..4 fail, the 4th fails the commitment
        goToEpoch(4);
        submit(units[0], 1); // still active in epoch 4
        goToEpoch(5);
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.CommitmentNotActive.selector, id, ICapacity.Status.Failed));
        submitAs(operator, proofs);
    }

    function test_submitProofs_revertsUnitInDeal() public {
        becomeDealModule();
        (,, bytes32[] memory units) = activeCommitment(2, 10);
        capacity.onUnitJoinedDeal(units[1], commitmentOfUnit(units[1]));
        ICapacity.Proof[] memory proofs = proofsFor(units[1], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitInDeal.selector, units[1]));
        submitAs(operator, proofs);

        nextEpoch();
        proofs = concat(proofsFor(units[0], MIN_PROOFS), proofsFor(units[1], 1));
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitInDeal.selector, units[1]));
        submitAs(operator, proofs);
    }

    function test_submitProofs_revertsUnitRestingAfterLeavingADeal() public {
        becomeDealModule();
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        uint256 s = epoch();
        capacity.onUnitJoinedDeal(units[0], commitmentOfUnit(units[0]));
        nextEpoch();
        capacity.onUnitLeftDeal(units[0], commitmentOfUnit(units[0]));
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitResting.selector, units[0], s + 1));
        submitAs(operator, proofs);

        nextEpoch();
        submit(units[0], MIN_PROOFS);
        assertUnit(units[0], s + 2, MIN_PROOFS, nextNonce[units[0]]);
    }

    function test_submitProofs_revertsNonceReusedInOneBatch() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        ICapacity.Proof[] memory p = proofsFor(units[0], 1);
        ICapacity.Proof[] memory batch = concat(p, p);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICapacity.NonceReused.selector, units[0], p[0].localNonce, uint256(p[0].localNonce) + 1
            )
        );
        submitAs(operator, batch);
    }

    function test_submitProofs_revertsNonceReusedInALaterBatch() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        ICapacity.Proof[] memory p = proofsFor(units[0], 2);
        submitAs(operator, p);
        uint256 next = uint256(p[1].localNonce) + 1;
        for (uint256 i; i < 2; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NonceReused.selector, units[0], p[i].localNonce, next));
            submitAs(operator, single(p[i]));
        }
        assertUnit(units[0], epoch(), 2, next);
    }

    function test_submitProofs_revertsNonceReusedWhenDecreasing() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        ICapacity.Proof[] memory p = proofsFor(units[0], 2);
        ICapacity.Proof[] memory batch = concat(single(p[1]), single(p[0]));
        vm.expectRevert(
            abi.encodeWithSelector(
                ICapacity.NonceReused.selector, units[0], p[0].localNonce, uint256(p[1].localNonce) + 1
            )
        );
        submitAs(operator, batch);
    }

    function test_submitProofs_revertsNonceTooLarge() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        bytes32[3] memory nonces =
            [bytes32(uint256(type(uint192).max)), bytes32(uint256(1) << 192), bytes32(type(uint256).max)];
        for (uint256 i; i < nonces.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NonceTooLarge.selector, nonces[i]));
            submitAs(operator, single(ICapacity.Proof(units[0], nonces[i])));
        }
    }

    function test_submitProofs_revertsInvalidProof() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        bytes32 bad = invalidNonce(units[0], 0);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.InvalidProof.selector, units[0], bad));
        submitAs(operator, single(ICapacity.Proof(units[0], bad)));
    }

    /// @notice A failing proof reverts the whole batch: nothing of its valid proofs is kept.
    function test_submitProofs_revertsInvalidProofAfterValidOnes() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        ICapacity.Proof[] memory good = proofsFor(units[0], MIN_PROOFS);
        bytes32 bad = invalidNonce(units[0], uint256(good[2].localNonce) + 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.InvalidProof.selector, units[0], bad));
        submitAs(operator, concat(good, single(ICapacity.Proof(units[0], bad))));
        assertUnit(units[0], 0, 0, 0);
        assertEpoch(epoch(), 0, 0);
        assertEq(capacity.rewardReserve(), RESERVE);
    }

    function test_submitProofs_revertsTooManyProofs() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        submit(units[0], MAX_PROOFS);
        assertUnit(units[0], epoch(), MAX_PROOFS, nextNonce[units[0]]);
        ICapacity.Proof[] memory extra = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.TooManyProofs.selector, units[0], MAX_PROOFS));
        submitAs(operator, extra);
        assertEpoch(epoch(), REWARD_PER_EPOCH, MAX_PROOFS);
    }

    function test_submitProofs_revertsTooManyProofsInOneBatch() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        ICapacity.Proof[] memory proofs = proofsFor(units[0], MAX_PROOFS + 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.TooManyProofs.selector, units[0], MAX_PROOFS));
        submitAs(operator, proofs);
    }
}
