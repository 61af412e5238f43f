// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICore} from "../interfaces/ICore.sol";
import {ICapacity} from "../interfaces/ICapacity.sol";
import {IDealRegistry} from "../interfaces/IDealRegistry.sol";
import {Checkpoint, Checkpoints, Settlement} from "../libraries/Checkpoints.sol";
import {Epochs} from "../libraries/Epochs.sol";
import {Rewards, Vesting} from "../libraries/Vesting.sol";
import {CapacityState} from "./CapacityState.sol";

/// @title The capacity module's views
/// @notice Runs only by delegatecall from the Capacity implementation that created it, on the module's storage
/// (its own storage is empty, so calling it directly answers about nothing). It holds no function that writes.
contract CapacityViews is CapacityState {
    using Checkpoints for Checkpoint;
    using Vesting for Rewards;

    IERC20 internal immutable STAKING_TOKEN;
    IDealRegistry internal immutable DEAL_MODULE;
    uint256 internal immutable EPOCH_START;
    uint256 internal immutable EPOCH_DURATION;

    constructor(ICore core_, IERC20 stakingToken_, IDealRegistry dealModule_) {
        STAKING_TOKEN = stakingToken_;
        DEAL_MODULE = dealModule_;
        EPOCH_START = core_.epochStart();
        EPOCH_DURATION = core_.epochDuration();
    }

    /// @notice See ICapacity.
    function epochChallenge() external view returns (uint256 epoch, bytes32 globalNonce, uint256 difficulty) {
        EpochState storage e = _s().epoch;
        epoch = _currentEpoch();
        if (e.epoch != epoch || e.verifier == address(0)) revert ICapacity.EpochNotAdvanced(epoch);
        return (epoch, e.globalNonce, e.difficulty);
    }

    /// @notice See ICapacity.
    function stakingToken() external view returns (address) {
        return address(STAKING_TOKEN);
    }

    /// @notice See ICapacity.
    function dealModule() external view returns (address) {
        return address(DEAL_MODULE);
    }

    /// @notice See ICapacity.
    function commitment(uint256 id) external view returns (ICapacity.Commitment memory) {
        CommitmentRecord storage c = _commitment(id);
        (Terms memory t,,,) = _settled(c, _currentEpoch());
        return ICapacity.Commitment({
            peerId: c.peerId,
            provider: c.provider,
            delegator: c.delegator,
            unitCount: c.unitCount,
            duration: c.duration,
            collateralPerUnit: c.collateralPerUnit,
            delegatorShareBps: c.delegatorShareBps,
            startEpoch: t.startEpoch,
            endEpoch: t.endEpoch,
            stage: c.stage
        });
    }

    /// @notice See ICapacity.
    function accounting(uint256 id) external view returns (ICapacity.Accounting memory a) {
        CommitmentRecord storage c = _commitment(id);
        uint256 epoch = _currentEpoch();
        (Terms memory t, Checkpoint memory cp, Settlement memory out, uint256 reward) = _settled(c, epoch);
        Rewards memory r = _rewards(c, t, out, reward);
        uint256 vested = r.vestedAt(t.startEpoch, t.vestingPeriod, epoch);
        (uint256 providerTotal, uint256 delegatorTotal) = _split(c, vested);
        a.status = c.stage == ICapacity.Stage.Deposited ? _depositedStatus(t, epoch) : _status(c, epoch);
        a.activeUnits = cp.activeUnits;
        a.failedUnitEpochs = cp.failures;
        a.slashed =
            _slashed(cp.failures, c.collateralPerUnit, t.slashingRateBps, uint256(c.unitCount) * c.collateralPerUnit);
        a.rewardsEarned = r.earned();
        a.rewardsVested = vested;
        a.providerWithdrawable = providerTotal - r.withdrawnByProvider;
        a.delegatorWithdrawable = delegatorTotal - t.withdrawnByDelegator;
    }

    /// @notice See ICapacity.
    function status(uint256 id) external view returns (ICapacity.Status) {
        return _status(_s().commitments[id], _currentEpoch());
    }

    /// @notice See ICapacity.
    function commitmentCount() external view returns (uint256) {
        return _s().commitmentCount;
    }

    /// @notice See ICapacity.
    function unitState(bytes32 unitId) external view returns (ICapacity.UnitState memory) {
        Unit memory u = _s().units[unitId];
        address deal = _dealOf(u);
        return ICapacity.UnitState({
            epoch: u.epoch, proofs: u.proofs, nextNonce: deal == address(0) ? u.nextNonce : 0, deal: deal
        });
    }

    /// @notice See ICapacity.
    function dealOf(bytes32 unitId) external view returns (address) {
        return _dealOf(_s().units[unitId]);
    }

    /// @notice See ICapacity.
    function epochRewards(uint256 epoch) external view returns (uint256 pool, uint256 totalProofs) {
        EpochRewards memory e = _s().epochs[epoch];
        return (e.pool, e.totalProofs);
    }

    /// @notice See ICapacity.
    function rewardReserve() external view returns (uint256) {
        return _s().rewardReserve;
    }

    /// @notice See ICapacity.
    function liabilities() external view returns (uint256) {
        return _s().liabilities;
    }

    function _currentEpoch() internal view returns (uint256) {
        return Epochs.current(EPOCH_START, EPOCH_DURATION);
    }
}
