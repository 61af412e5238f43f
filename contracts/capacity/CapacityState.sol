// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICapacity} from "../interfaces/ICapacity.sol";
import {Checkpoint, Checkpoints, Settlement} from "../libraries/Checkpoints.sol";
import {Rewards, Vesting} from "../libraries/Vesting.sol";

/// @title The capacity module's storage and the reads both of its contracts share
/// @notice The module is two contracts over one ERC-7201 namespace: Capacity (behind the proxy, every change) and
/// CapacityViews (the views, which Capacity delegates to). Both inherit this layout and these helpers; names of
/// ICapacity are spelled out because CapacityViews does not implement (so cannot inherit) the whole interface.
abstract contract CapacityState {
    using Checkpoints for Checkpoint;
    using Vesting for Rewards;

    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_NONCE = type(uint192).max;
    /// @dev The longest commitment, in epochs: the Core's bound on the minimum duration.
    uint256 public constant MAX_DURATION = 1_000_000;
    uint8 internal constant IN_DEAL = 1;
    uint8 internal constant RESTING = 2; // left a deal in `epoch`: neither proves nor fails until the next one
    uint8 internal constant SUCCEEDED = 4; // reached the minimum proofs in `epoch`

    struct CommitmentRecord {
        bytes32 peerId;
        address provider;
        uint32 unitCount;
        uint32 duration;
        uint16 delegatorShareBps;
        ICapacity.Stage stage;
        address delegator;
        uint96 collateralPerUnit;
        Terms terms;
        Checkpoint checkpoint;
        Rewards rewards;
    }

    /// @dev Fixed when the collateral is deposited.
    struct Terms {
        uint32 startEpoch;
        uint32 endEpoch; // exclusive; moved earlier when the commitment fails
        uint32 maxFailures;
        uint32 vestingPeriod;
        uint16 slashingRateBps;
        bool failed;
        uint96 withdrawnByDelegator;
        bool collateralHeld; // finished, and the delegator's collateral could not be sent: it withdraws it
    }

    /// @dev While the CU serves a deal (IN_DEAL) its proof counters mean nothing and `nextNonce` holds the deal's
    /// address instead, so that joining a deal rewrites this one slot rather than filling a new one.
    struct Unit {
        uint32 epoch;
        uint16 proofs;
        uint8 flags;
        uint192 nextNonce;
    }

    /// @dev The current epoch's challenge and the parameters this module uses, snapshotted from the Core once per
    /// epoch by `advanceEpoch` (or by the first call that needs them), so no call reads the Core.
    struct EpochState {
        uint32 epoch;
        uint16 minProofs;
        uint16 maxProofs;
        address verifier;
        uint16 slashingRateBps;
        uint16 maxFailedRatio;
        bytes32 globalNonce;
        uint256 difficulty;
        uint96 rewardPerEpoch;
        uint96 collateralPerUnit;
        uint32 vestingPeriod;
        uint32 minCommitmentDuration;
    }

    /// @dev `settledProofs` makes the pool split exact: a commitment settling `proofs` earns
    /// floor(pool * (settled + proofs) / total) - floor(pool * settled / total), so the shares add up to the pool
    /// to the last unit, whatever order commitments settle in, and no rounding dust is left behind.
    struct EpochRewards {
        uint96 pool;
        uint80 totalProofs;
        uint80 settledProofs;
    }

    /// @custom:storage-location erc7201:cloudless.capacity
    struct CapacityStorage {
        uint32 commitmentCount;
        uint256 rewardReserve;
        EpochState epoch;
        mapping(uint256 commitmentId => CommitmentRecord) commitments;
        mapping(bytes32 unitId => Unit) units;
        mapping(uint256 epoch => EpochRewards) epochs;
        /// @dev Every staking token the module owes: collateral (held or to return), the reserve, the pools
        /// allocated and not withdrawn. What it holds above this is surplus (`sweepSurplus`).
        uint256 liabilities;
    }

    // keccak256(abi.encode(uint256(keccak256("cloudless.capacity")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xd0e87bc3c2c30c621394a811ffcea034648130a9f761c92cee8b4938c2c92300;

    function _s() internal pure returns (CapacityStorage storage s) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            s.slot := STORAGE_SLOT
        }
    }

    function _dealOf(Unit memory u) internal pure returns (address) {
        return u.flags & IN_DEAL != 0 ? address(uint160(u.nextNonce)) : address(0);
    }

    /// @dev The commitment's terms and checkpoint settled up to `epoch`, without writing them, and the reward the
    /// settled epoch earned (added to the rewards by the caller: most touches earn nothing and skip reading them).
    function _settled(CommitmentRecord storage c, uint256 epoch)
        internal
        view
        returns (Terms memory t, Checkpoint memory cp, Settlement memory out, uint256 reward)
    {
        t = c.terms;
        cp = c.checkpoint;
        if (epoch <= cp.epoch) return (t, cp, out, 0);
        out = cp.settle(epoch, t.endEpoch, t.maxFailures);
        if (out.epoch == 0) return (t, cp, out, 0);
        if (out.proofs != 0) {
            EpochRewards memory e = _s().epochs[out.epoch];
            uint256 settled = e.settledProofs;
            reward = _share(e, settled + out.proofs) - _share(e, settled);
        }
        if (out.failedEpoch != 0) {
            t.failed = true;
            t.endEpoch = uint32(out.failedEpoch + 1);
        }
    }

    /// @dev The rewards with the reward of a settlement added.
    function _rewards(CommitmentRecord storage c, Terms memory t, Settlement memory out, uint256 reward)
        internal
        view
        returns (Rewards memory r)
    {
        r = c.rewards;
        if (reward != 0) r.add(t.startEpoch, t.vestingPeriod, out.epoch, reward);
    }

    function _share(EpochRewards memory e, uint256 proofs) internal pure returns (uint256) {
        return uint256(e.pool) * proofs / e.totalProofs;
    }

    function _split(CommitmentRecord storage c, uint256 vested)
        internal
        view
        returns (uint256 providerTotal, uint256 delegatorTotal)
    {
        delegatorTotal = vested * c.delegatorShareBps / BPS;
        providerTotal = vested - delegatorTotal;
    }

    function _slashed(uint256 failures, uint256 perUnit, uint256 rateBps, uint256 collateral)
        internal
        pure
        returns (uint256 slashed)
    {
        slashed = failures * perUnit * rateBps / BPS;
        if (slashed > collateral) slashed = collateral;
    }

    function _commitment(uint256 id) internal view returns (CommitmentRecord storage c) {
        c = _s().commitments[id];
        if (c.stage == ICapacity.Stage.None) revert ICapacity.UnknownCommitment(id);
    }

    function _status(CommitmentRecord storage c, uint256 epoch) internal view returns (ICapacity.Status) {
        ICapacity.Stage stage = c.stage;
        if (stage == ICapacity.Stage.Deposited) {
            (Terms memory t,,,) = _settled(c, epoch);
            return _depositedStatus(t, epoch);
        }
        if (stage == ICapacity.Stage.WaitDelegation) return ICapacity.Status.WaitDelegation;
        if (stage == ICapacity.Stage.Finished) return ICapacity.Status.Finished;
        if (stage == ICapacity.Stage.Removed) return ICapacity.Status.Removed;
        return ICapacity.Status.None;
    }

    /// @dev The status of a deposited commitment, from its terms settled up to `epoch`.
    function _depositedStatus(Terms memory t, uint256 epoch) internal pure returns (ICapacity.Status) {
        if (epoch < t.startEpoch) return ICapacity.Status.WaitStart;
        if (t.failed) return ICapacity.Status.Failed;
        if (epoch >= t.endEpoch) return ICapacity.Status.Inactive;
        return ICapacity.Status.Active;
    }

    function _locksPeer(CapacityStorage storage s, uint256 id) internal view returns (bool) {
        ICapacity.Stage stage = s.commitments[id].stage;
        return stage == ICapacity.Stage.WaitDelegation || stage == ICapacity.Stage.Deposited;
    }
}
