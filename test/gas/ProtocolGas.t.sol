// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GasRecorder} from "./GasRecorder.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @notice Gas benchmarks of the market and capacity modules (see GasRecorder).
contract ProtocolGasTest is GasRecorder {
    /// @dev Measures a network in its steady state: the epoch is advanced and a commitment already exists, so no
    /// measured call pays for a counter's or a contract balance's first write.
    function setUp() public override {
        super.setUp();
        goToEpoch(1);
        activeCommitment(1, MIN_DURATION);
    }

    function test_gas_registerOffer_1peer_1cu() public {
        IMarket.PeerInput[] memory peers = new IMarket.PeerInput[](1);
        peers[0] = peerInput(operator, 1);
        bytes32[] memory effectors = newIds(1);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), effectors, peers);
        record("registerOffer_1peer_1cu", abi.encodeCall(market.registerOffer, (PRICE, address(usd), effectors, peers)));
    }

    function test_gas_registerOffer_10peers_50cus() public {
        IMarket.PeerInput[] memory peers = new IMarket.PeerInput[](10);
        for (uint256 i; i < 10; ++i) {
            peers[i] = peerInput(operator, 5);
        }
        bytes32[] memory effectors = newIds(1);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), effectors, peers);
        record(
            "registerOffer_10peers_50cus", abi.encodeCall(market.registerOffer, (PRICE, address(usd), effectors, peers))
        );
    }

    function test_gas_createCommitment() public {
        (, bytes32 peerId,) = registerPeer(5);
        vm.prank(provider);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, 2000);
        record("createCommitment", abi.encodeCall(capacity.createCommitment, (peerId, MIN_DURATION, delegator, 2000)));
    }

    function test_gas_depositCollateral_5cus() public {
        (, bytes32 peerId,) = registerPeer(5);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.prank(delegator);
        capacity.depositCollateral(id);
        record("depositCollateral_5cus", abi.encodeCall(capacity.depositCollateral, (id)));
    }

    /// @notice A CU's proof in an epoch its commitment was already settled in (every proof but the first of an
    /// epoch per commitment).
    function test_gas_submitProof_1() public {
        (,, bytes32[] memory units) = activeCommitment(2, MIN_DURATION);
        submitAll(units, MIN_PROOFS);
        nextEpoch();
        submit(units[1], 1);
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.prank(operator);
        capacity.submitProofs(proofs);
        record("submitProof_1", abi.encodeCall(capacity.submitProofs, (proofs)));
    }

    /// @notice The first proof of an epoch for a commitment, which settles the previous epoch's reward.
    function test_gas_submitProof_1_settling() public {
        (,, bytes32[] memory units) = activeCommitment(1, MIN_DURATION);
        submit(units[0], MIN_PROOFS);
        nextEpoch();
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.prank(operator);
        capacity.submitProofs(proofs);
        record("submitProof_1_settling", abi.encodeCall(capacity.submitProofs, (proofs)));
    }

    function test_gas_submitProofs_20() public {
        (,, bytes32[] memory units) = activeCommitment(5, MIN_DURATION);
        submitAll(units, MIN_PROOFS);
        nextEpoch();
        ICapacity.Proof[] memory all = new ICapacity.Proof[](20);
        for (uint256 i; i < 5; ++i) {
            ICapacity.Proof[] memory proofs = proofsFor(units[i], 4);
            for (uint256 j; j < 4; ++j) {
                all[i * 4 + j] = proofs[j];
            }
        }
        vm.prank(operator);
        capacity.submitProofs(all);
        record("submitProofs_20", abi.encodeCall(capacity.submitProofs, (all)));
    }

    function test_gas_advanceEpoch() public {
        vm.warp(block.timestamp + EPOCH_DURATION);
        vm.roll(block.number + 1);
        capacity.advanceEpoch();
        record("advanceEpoch", abi.encodeCall(capacity.advanceEpoch, ()));
    }

    /// @notice A provider's periodic withdrawal in a running commitment: the epoch proved since the last
    /// withdrawal is settled into vesting, and what vested since is paid.
    function test_gas_withdrawRewards() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 3 * MIN_DURATION);
        for (uint256 i; i < 2 * VESTING + 1; ++i) {
            submit(units[0], MIN_PROOFS);
            nextEpoch();
        }
        vm.prank(provider);
        capacity.withdrawRewards(id);
        submit(units[0], MIN_PROOFS);
        nextEpoch();
        vm.prank(provider);
        capacity.withdrawRewards(id);
        record("withdrawRewards", abi.encodeCall(capacity.withdrawRewards, (id)));
    }

    /// @notice The first withdrawal of a commitment, which also writes its first vested amount (a storage slot
    /// going from zero to non-zero, once per commitment).
    function test_gas_withdrawRewards_first() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, MIN_DURATION);
        submit(units[0], MIN_PROOFS);
        goToEpoch(epoch() + VESTING + 1);
        vm.prank(provider);
        capacity.withdrawRewards(id);
        record("withdrawRewards_first", abi.encodeCall(capacity.withdrawRewards, (id)));
    }

    function test_gas_finishCommitment() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, MIN_DURATION);
        for (uint256 i; i < MIN_DURATION; ++i) {
            submit(units[0], MIN_PROOFS);
            nextEpoch();
        }
        capacity.finishCommitment(id);
        record("finishCommitment", abi.encodeCall(capacity.finishCommitment, (id)));
    }
}
