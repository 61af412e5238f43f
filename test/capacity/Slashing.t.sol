// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @notice Fuzzes slashing end to end through the deployed contracts: random CU counts, durations, protocol
/// terms and proof patterns (how many proofs each CU submits in each epoch), then finishes the commitment and
/// checks the failures, the failure epoch and the split of the collateral against a model kept in the test.
contract SlashingTest is Fixture {
    struct Run {
        uint256 units;
        uint256 duration;
        uint256 collateralPerUnit;
        uint256 slashingBps;
        uint256 maxFailedRatio;
        uint256 failPct; // chance that a CU misses the minimum in an epoch
        uint256 seed;
        uint256 lateBy; // epochs between the end and the finish
    }

    struct Outcome {
        uint256 id;
        bytes32 peerId;
        uint256 start;
        uint256 end; // start + duration
        uint256 maxFailures;
        uint256 failures;
        uint256 failedEpoch; // 0 when it did not fail
    }

    function _bound(Run memory run) internal pure {
        run.units = bound(run.units, 1, 4);
        run.duration = bound(run.duration, MIN_DURATION, 10);
        run.collateralPerUnit = bound(run.collateralPerUnit, 1, 100_000 ether);
        run.slashingBps = bound(run.slashingBps, 0, 10_000);
        run.maxFailedRatio = bound(run.maxFailedRatio, 1, 4);
        run.failPct = bound(run.failPct, 0, 100);
        run.lateBy = bound(run.lateBy, 0, 3);
    }

    /// @dev Proofs CU `i` submits in `epoch`: below the minimum (0 to min - 1) with probability failPct, else the
    /// minimum or one more.
    function _proofCount(Run memory run, uint256 epoch, uint256 i) internal pure returns (uint256) {
        uint256 h = uint256(keccak256(abi.encode(run.seed, epoch, i)));
        if (h % 100 < run.failPct) return (h >> 8) % MIN_PROOFS;
        return MIN_PROOFS + (h >> 8) % 2;
    }

    /// @dev Submits the epoch's proofs of every CU in one batch and returns the CUs that missed the minimum.
    function _proveEpoch(Run memory run, bytes32[] memory unitIds, uint256 epoch_) internal returns (uint256 missed) {
        uint256[] memory counts = new uint256[](unitIds.length);
        uint256 total;
        for (uint256 i; i < unitIds.length; ++i) {
            counts[i] = _proofCount(run, epoch_, i);
            total += counts[i];
            if (counts[i] < MIN_PROOFS) ++missed;
        }
        if (total == 0) return missed;
        ICapacity.Proof[] memory batch = new ICapacity.Proof[](total);
        uint256 k;
        for (uint256 i; i < unitIds.length; ++i) {
            ICapacity.Proof[] memory proofs = proofsFor(unitIds[i], counts[i]);
            for (uint256 j; j < proofs.length; ++j) {
                batch[k++] = proofs[j];
            }
        }
        vm.prank(operator);
        capacity.submitProofs(batch);
    }

    /// @dev Sets the fuzzed terms in epoch 0 (they apply from epoch 1), commits in epoch 1 and proves epoch by
    /// epoch until the end or the model's failure epoch, where the clock stays.
    function _play(Run memory run) internal returns (Outcome memory o, bytes32[] memory unitIds) {
        vm.startPrank(owner);
        core.setParam(ICore.Param.CollateralPerUnit, run.collateralPerUnit);
        core.setParam(ICore.Param.SlashingRateBps, run.slashingBps);
        core.setParam(ICore.Param.MaxFailedRatio, run.maxFailedRatio);
        vm.stopPrank();
        goToEpoch(1);
        (o.id, o.peerId, unitIds) = activeCommitment(run.units, run.duration);
        o.start = epoch();
        o.end = o.start + run.duration;
        o.maxFailures = run.units * run.maxFailedRatio;
        assertEq(capacity.commitment(o.id).collateralPerUnit, run.collateralPerUnit);
        for (uint256 e = o.start; e < o.end; ++e) {
            if (e != o.start) goToEpoch(e);
            o.failures += _proveEpoch(run, unitIds, e);
            if (o.failures > o.maxFailures) {
                o.failedEpoch = e;
                break;
            }
        }
    }

    function testFuzz_finish_slashesTheModelsFailures(Run memory run) public {
        _bound(run);
        (Outcome memory o, bytes32[] memory unitIds) = _play(run);
        uint256 modelEnd = o.failedEpoch != 0 ? o.failedEpoch + 1 : o.end;

        // In the last epoch of the commitment its end is still the scheduled one: the failure (if any) happens
        // when that epoch completes.
        assertEq(epoch(), modelEnd - 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.CommitmentNotEnded.selector, o.id, o.end));
        capacity.finishCommitment(o.id);

        goToEpoch(modelEnd);
        if (o.failedEpoch != 0) {
            assertEq(uint256(capacity.status(o.id)), uint256(ICapacity.Status.Failed));
            if (modelEnd < o.end) {
                ICapacity.Proof[] memory proofs = proofsFor(unitIds[0], 1);
                vm.prank(operator);
                vm.expectRevert(
                    abi.encodeWithSelector(ICapacity.CommitmentNotActive.selector, o.id, ICapacity.Status.Failed)
                );
                capacity.submitProofs(proofs);
            }
        } else {
            assertEq(uint256(capacity.status(o.id)), uint256(ICapacity.Status.Inactive));
        }
        goToEpoch(modelEnd + run.lateBy);

        uint256 collateral = run.units * run.collateralPerUnit;
        uint256 slashed = o.failures * run.collateralPerUnit * run.slashingBps / 10_000;
        if (slashed > collateral) slashed = collateral;

        ICapacity.Accounting memory a = capacity.accounting(o.id);
        assertEq(a.failedUnitEpochs, o.failures, "failures");
        assertEq(a.slashed, slashed, "slashed before finishing");
        assertEq(capacity.commitment(o.id).endEpoch, modelEnd, "end epoch");

        uint256 delegatorBefore = stake.balanceOf(delegator);
        uint256 treasuryBefore = stake.balanceOf(treasury);
        uint256 capacityBefore = stake.balanceOf(address(capacity));
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFinished(o.id, collateral - slashed, slashed, o.failures);
        vm.prank(stranger);
        capacity.finishCommitment(o.id);

        uint256 returned = stake.balanceOf(delegator) - delegatorBefore;
        uint256 toTreasury = stake.balanceOf(treasury) - treasuryBefore;
        assertEq(returned + toTreasury, collateral, "returned + slashed == collateral");
        assertEq(toTreasury, slashed, "slashed");
        assertEq(capacityBefore - stake.balanceOf(address(capacity)), collateral, "collateral left the module");
        assertEq(uint256(capacity.status(o.id)), uint256(ICapacity.Status.Finished));
        assertFalse(capacity.locksPeer(o.id), "peer released");
    }

    /// @notice A commitment whose CUs never prove fails as soon as its active CUs pass the maximum:
    /// in epoch start + floor(maxFailures / units), with units x (that + 1) failures.
    function testFuzz_finish_idleCommitment_failsAtTheClosedFormEpoch(
        uint256 units,
        uint256 duration,
        uint256 ratio,
        uint256 lateBy
    ) public {
        units = bound(units, 1, 6);
        duration = bound(duration, MIN_DURATION, 50);
        ratio = bound(ratio, 1, 10);
        lateBy = bound(lateBy, 0, 100);
        vm.prank(owner);
        core.setParam(ICore.Param.MaxFailedRatio, ratio);
        goToEpoch(1);
        (uint256 id,,) = activeCommitment(units, duration);
        uint256 start = epoch();
        uint256 maxFailures = units * ratio;
        uint256 k = maxFailures / units; // == ratio: failed epochs tolerated
        uint256 failedEpoch = start + k;
        bool fails = failedEpoch < start + duration;
        uint256 end = fails ? failedEpoch + 1 : start + duration;
        uint256 failures = fails ? units * (k + 1) : units * duration;
        goToEpoch(end + lateBy);
        uint256 collateral = units * COLLATERAL_PER_UNIT;
        uint256 slashed = failures * COLLATERAL_PER_UNIT * SLASHING_BPS / 10_000;
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFinished(id, collateral - slashed, slashed, failures);
        capacity.finishCommitment(id);
        assertEq(capacity.commitment(id).endEpoch, end);
    }

    /// @notice A commitment is exposed to slashing (and cannot be finished) for its whole duration, the longest
    /// accepted one included.
    function test_finish_longestDuration_notFinishableAtItsStart() public {
        goToEpoch(1);
        (, bytes32 peerId,) = registerPeer(1);
        uint256 duration = capacity.MAX_DURATION();
        vm.prank(provider);
        uint256 id = capacity.createCommitment(peerId, duration, delegator, 2000);
        vm.prank(delegator);
        capacity.depositCollateral(id);
        goToEpoch(2);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Active), "active at its start");
        assertEq(capacity.commitment(id).endEpoch, 2 + duration, "ends after its whole duration");
        vm.expectRevert(abi.encodeWithSelector(ICapacity.CommitmentNotEnded.selector, id, 2 + duration));
        capacity.finishCommitment(id);
    }
}
