// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {Prover} from "../utils/Prover.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @notice Helpers shared by the Capacity tests, and a reference model of the documented formulas (rewards,
/// vesting, slashing) computed independently of the contract.
abstract contract CapacityBase is Fixture {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant SHARE_BPS = 2000; // the fixture's delegator share
    uint256 internal constant RESERVE = 100_000 ether; // funded by the fixture

    address internal operator2 = makeAddr("operator2");
    ChainRandomness private chain;

    // ------------------------------------------------------------------ set-up

    /// @notice A peer of `provider` operated by `operator_` with `units` CUs.
    function registerPeerOf(address operator_, uint256 units)
        internal
        returns (bytes32 peerId, bytes32[] memory unitIds)
    {
        IMarket.PeerInput[] memory peers = new IMarket.PeerInput[](1);
        peers[0] = peerInput(operator_, units);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), new bytes32[](0), peers);
        return idsOf(provider, peers[0]);
    }

    function createWith(bytes32 peerId, uint256 duration, address delegator_, uint256 shareBps)
        internal
        returns (uint256 id)
    {
        vm.prank(provider);
        id = capacity.createCommitment(peerId, duration, delegator_, shareBps);
    }

    function deposit(uint256 id) internal {
        vm.prank(delegator);
        capacity.depositCollateral(id);
    }

    /// @notice A commitment deposited in the current epoch, starting in the next one (the clock is not moved).
    function depositedCommitment(uint256 units, uint256 duration)
        internal
        returns (uint256 id, bytes32 peerId, bytes32[] memory unitIds)
    {
        (, peerId, unitIds) = registerPeer(units);
        id = createCommitment(peerId, duration);
        deposit(id);
    }

    /// @notice Two one-CU commitments of 10 epochs, deposited in epoch 0; the clock is moved to their start, epoch 1.
    function twoOneUnitCommitments() internal returns (uint256 idA, bytes32 unitA, uint256 idB, bytes32 unitB) {
        bytes32[] memory units;
        (idA,, units) = depositedCommitment(1, 10);
        unitA = units[0];
        (idB,, units) = depositedCommitment(1, 10);
        unitB = units[0];
        goToEpoch(1);
    }

    function fund(address who, uint256 amount) internal {
        stake.mint(who, amount);
        vm.prank(who);
        stake.approve(address(capacity), type(uint256).max);
    }

    function setParam(ICore.Param param, uint256 value) internal {
        vm.prank(owner);
        core.setParam(param, value);
    }

    /// @notice Moves the clock to the start of `target` without advancing the epoch challenge.
    function warpToEpoch(uint256 target) internal {
        vm.warp(core.epochStart() + (target - 1) * EPOCH_DURATION);
        vm.roll(block.number + 1);
    }

    // ------------------------------------------------------------------ proofs

    function globalNonce() internal view returns (bytes32 nonce) {
        (, nonce,) = capacity.epochChallenge();
    }

    function proof(bytes32 unitId, uint256 nonce) internal pure returns (ICapacity.Proof memory) {
        return ICapacity.Proof(unitId, bytes32(nonce));
    }

    function single(ICapacity.Proof memory p) internal pure returns (ICapacity.Proof[] memory proofs) {
        proofs = new ICapacity.Proof[](1);
        proofs[0] = p;
    }

    function concat(ICapacity.Proof[] memory a, ICapacity.Proof[] memory b)
        internal
        pure
        returns (ICapacity.Proof[] memory all)
    {
        all = new ICapacity.Proof[](a.length + b.length);
        for (uint256 i; i < a.length; ++i) {
            all[i] = a[i];
        }
        for (uint256 i; i < b.length; ++i) {
            all[a.length + i] = b[i];
        }
    }

    function submitAs(address who, ICapacity.Proof[] memory proofs) internal {
        vm.prank(who);
        capacity.submitProofs(proofs);
    }

    /// @notice A local nonce that is not a valid proof for `unitId` in the current epoch.
    function invalidNonce(bytes32 unitId, uint256 from) internal view returns (bytes32) {
        (, bytes32 g, uint256 d) = capacity.epochChallenge();
        return Prover.findInvalid(g, d, unitId, from);
    }

    /// @notice Every CU of `unitIds` reaches the minimum in the current epoch.
    function proveAll(bytes32[] memory unitIds) internal {
        submitAll(unitIds, MIN_PROOFS);
    }

    /// @notice Each CU reaches the minimum in epochs [from, to), advancing the clock; ends at the start of `to`.
    function proveEpochs(bytes32[] memory unitIds, uint256 from, uint256 to) internal {
        for (uint256 e = from; e < to; ++e) {
            if (epoch() != e) goToEpoch(e);
            proveAll(unitIds);
        }
        goToEpoch(to);
    }

    // ------------------------------------------------------------------ reference model

    /// @notice The global nonce `advanceEpoch` draws: previous nonce, epoch and chain randomness. Computed in
    /// another contract: via-IR may reuse block values read before a cheatcode changed them in this frame.
    function expectedNonce(bytes32 previous, uint256 epoch_) internal returns (bytes32) {
        if (address(chain) == address(0)) chain = new ChainRandomness();
        return chain.nonce(previous, epoch_);
    }

    /// @notice A commitment's share of an epoch's pool.
    function share(uint256 pool, uint256 proofs, uint256 total) internal pure returns (uint256) {
        return pool * proofs / total;
    }

    /// @notice Collateral slashed for `failures` failed CU-epochs, capped at the commitment's collateral.
    function slashFor(uint256 failures, uint256 units, uint256 rateBps) internal pure returns (uint256 slashed) {
        slashed = failures * COLLATERAL_PER_UNIT * rateBps / BPS;
        uint256 collateral = units * COLLATERAL_PER_UNIT;
        if (slashed > collateral) slashed = collateral;
    }

    /// @notice Rewards vested at `when`: what was earned in period k (of `period` epochs from `start`) vests
    /// linearly during period k + 1. `earnedIn[i]` is the reward earned in epoch `start + i`.
    function vestedAt(uint256[] memory earnedIn, uint256 start, uint256 period, uint256 when)
        internal
        pure
        returns (uint256 vested)
    {
        if (period == 0) {
            for (uint256 i; i < earnedIn.length; ++i) {
                vested += earnedIn[i];
            }
            return vested;
        }
        uint256 periods = (earnedIn.length + period - 1) / period;
        for (uint256 k; k < periods; ++k) {
            uint256 sum;
            for (uint256 i = k * period; i < (k + 1) * period && i < earnedIn.length; ++i) {
                sum += earnedIn[i];
            }
            uint256 unlock = start + (k + 1) * period;
            if (when >= unlock + period) vested += sum;
            else if (when > unlock) vested += sum * (when - unlock) / period;
        }
    }

    function delegatorPart(uint256 vested, uint256 shareBps) internal pure returns (uint256) {
        return vested * shareBps / BPS;
    }

    function providerPart(uint256 vested, uint256 shareBps) internal pure returns (uint256) {
        return vested - vested * shareBps / BPS;
    }
}

/// @notice Reads the chain randomness in its own call frame.
contract ChainRandomness {
    function nonce(bytes32 previous, uint256 epoch) external view returns (bytes32) {
        return keccak256(abi.encode(previous, epoch, block.prevrandao, blockhash(block.number - 1)));
    }
}
