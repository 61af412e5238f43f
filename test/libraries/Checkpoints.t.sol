// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoint, Checkpoints, Settlement} from "../../contracts/libraries/Checkpoints.sol";

/// @dev Runs the library on a memory checkpoint and returns it with the settlement.
contract CheckpointsHarness {
    function settle(Checkpoint memory cp, uint256 target, uint256 end, uint256 maxFailures)
        external
        pure
        returns (Checkpoint memory, Settlement memory out)
    {
        out = Checkpoints.settle(cp, target, end, maxFailures);
        return (cp, out);
    }
}

/// @notice Fuzzes the O(1) settlement against a reference model that walks the completed epochs one by one.
contract CheckpointsTest is Test {
    uint256 internal constant MAX_UNITS = 1000;
    uint256 internal constant MAX_FAILURES = 4000; // bounds the model's walk: it fails within that many epochs

    CheckpointsHarness internal harness;

    function setUp() public {
        harness = new CheckpointsHarness();
    }

    // ------------------------------------------------------------------ reference model

    /// @dev Completes the epochs from the checkpoint epoch L up to min(target, end) - 1: L adds its expected CUs
    /// that did not succeed, every later epoch adds all active CUs (none of them proved, or the commitment would
    /// have been touched), and the commitment fails in the first epoch whose running total exceeds maxFailures;
    /// only the failures up to that epoch count and the checkpoint moves to the epoch after it.
    function _model(Checkpoint memory cp, uint256 target, uint256 end, uint256 maxFailures)
        internal
        pure
        returns (Checkpoint memory next, Settlement memory out)
    {
        next = _copy(cp);
        uint256 stop = target < end ? target : end;
        if (stop <= cp.epoch) return (next, out);
        out.epoch = cp.epoch;
        out.proofs = cp.proofs;
        uint256 failures = uint256(cp.failures) + cp.expected - cp.successes;
        uint256 failedEpoch;
        bool failed = failures > maxFailures;
        if (failed) failedEpoch = cp.epoch;
        for (uint256 epoch = cp.epoch + 1; !failed && epoch < stop; ++epoch) {
            if (cp.activeUnits == 0) break; // every further epoch adds nothing
            failures += cp.activeUnits;
            if (failures > maxFailures) {
                failed = true;
                failedEpoch = epoch;
            }
        }
        out.failedEpoch = failedEpoch;
        next.epoch = uint32(failed ? failedEpoch + 1 : stop);
        next.expected = cp.activeUnits;
        next.successes = 0;
        next.failures = SafeCast.toUint32(failures);
        next.proofs = 0;
    }

    function _copy(Checkpoint memory cp) internal pure returns (Checkpoint memory) {
        return Checkpoint({
            epoch: cp.epoch,
            activeUnits: cp.activeUnits,
            expected: cp.expected,
            successes: cp.successes,
            failures: cp.failures,
            proofs: cp.proofs,
            unitsInDeal: cp.unitsInDeal
        });
    }

    /// @dev A checkpoint the contract can hold: epoch >= 1, successes <= expected, not failed yet. Its count of CUs in
    /// deals, which settlement must leave alone, is derived from the proofs.
    function _checkpoint(
        uint256 epoch,
        uint256 activeUnits,
        uint256 expected,
        uint256 successes,
        uint256 failures,
        uint64 proofs,
        uint256 maxFailures
    ) internal pure returns (Checkpoint memory) {
        expected = bound(expected, 0, MAX_UNITS);
        return Checkpoint({
            epoch: uint32(bound(epoch, 1, type(uint32).max - 10_000)),
            activeUnits: uint32(bound(activeUnits, 0, MAX_UNITS)),
            expected: SafeCast.toUint32(expected),
            successes: uint32(bound(successes, 0, expected)),
            failures: uint32(bound(failures, 0, maxFailures)),
            proofs: proofs,
            // forge-lint: disable-next-line(unsafe-typecast) at most MAX_UNITS
            unitsInDeal: uint32(proofs % (MAX_UNITS + 1))
        });
    }

    function _assertCheckpoint(Checkpoint memory a, Checkpoint memory b) internal pure {
        assertEq(a.epoch, b.epoch, "epoch");
        assertEq(a.activeUnits, b.activeUnits, "activeUnits");
        assertEq(a.expected, b.expected, "expected");
        assertEq(a.successes, b.successes, "successes");
        assertEq(a.failures, b.failures, "failures");
        assertEq(a.proofs, b.proofs, "proofs");
        assertEq(a.unitsInDeal, b.unitsInDeal, "unitsInDeal");
    }

    function _assertSettlement(Settlement memory a, Settlement memory b) internal pure {
        assertEq(a.epoch, b.epoch, "settled epoch");
        assertEq(a.proofs, b.proofs, "settled proofs");
        assertEq(a.failedEpoch, b.failedEpoch, "failed epoch");
    }

    /// @dev What the Capacity does after a settlement that failed: the commitment ends after the failed epoch.
    function _endAfter(Settlement memory out, uint256 end) internal pure returns (uint256) {
        return out.failedEpoch != 0 ? out.failedEpoch + 1 : end;
    }

    // ------------------------------------------------------------------ tests

    function testFuzz_settle_matchesEpochWalk(
        uint256 epoch,
        uint256 activeUnits,
        uint256 expected,
        uint256 successes,
        uint256 failures,
        uint64 proofs,
        uint256 maxFailures,
        uint256 target,
        uint256 end
    ) public view {
        maxFailures = bound(maxFailures, 0, MAX_FAILURES);
        Checkpoint memory cp = _checkpoint(epoch, activeUnits, expected, successes, failures, proofs, maxFailures);
        target = bound(target, cp.epoch - 1, cp.epoch + 5000);
        end = bound(end, cp.epoch - 1, cp.epoch + 5000);
        (Checkpoint memory next, Settlement memory out) = harness.settle(cp, target, end, maxFailures);
        (Checkpoint memory wantNext, Settlement memory want) = _model(cp, target, end, maxFailures);
        _assertSettlement(out, want);
        _assertCheckpoint(next, wantNext);
        // The end epoch caps everything: nothing at or after it is ever settled.
        uint256 cap = target < end ? target : end;
        assertLe(next.epoch, cap > cp.epoch ? cap : cp.epoch);
        if (out.failedEpoch != 0) assertLt(out.failedEpoch, cap);
    }

    /// @notice Far targets (up to the uint32 epoch range) settle in O(1) and agree with the walk.
    function testFuzz_settle_farTargets(
        uint256 epoch,
        uint256 activeUnits,
        uint256 expected,
        uint256 successes,
        uint256 failures,
        uint64 proofs,
        uint256 maxFailures,
        uint256 target,
        uint256 end
    ) public view {
        maxFailures = bound(maxFailures, 0, MAX_FAILURES);
        Checkpoint memory cp = _checkpoint(epoch, activeUnits, expected, successes, failures, proofs, maxFailures);
        cp.epoch = uint32(bound(cp.epoch, 1, 1_000_000));
        cp.activeUnits = uint32(bound(cp.activeUnits, 1, MAX_UNITS));
        target = bound(target, cp.epoch + 1, type(uint32).max);
        end = bound(end, cp.epoch + 1, type(uint32).max);
        (Checkpoint memory next, Settlement memory out) = harness.settle(cp, target, end, maxFailures);
        (Checkpoint memory wantNext, Settlement memory want) = _model(cp, target, end, maxFailures);
        _assertSettlement(out, want);
        _assertCheckpoint(next, wantNext);
    }

    /// @notice Nothing happens while min(target, end) is not after the checkpoint epoch.
    function testFuzz_settle_nothingToSettle(
        uint256 epoch,
        uint256 activeUnits,
        uint256 expected,
        uint256 successes,
        uint256 failures,
        uint64 proofs,
        uint256 maxFailures,
        uint256 target,
        uint256 end
    ) public view {
        maxFailures = bound(maxFailures, 0, MAX_FAILURES);
        Checkpoint memory cp = _checkpoint(epoch, activeUnits, expected, successes, failures, proofs, maxFailures);
        if (target % 2 == 0) {
            target = bound(target, 0, cp.epoch);
            end = bound(end, 0, type(uint256).max);
        } else {
            end = bound(end, 0, cp.epoch);
        }
        (Checkpoint memory next, Settlement memory out) = harness.settle(cp, target, end, maxFailures);
        _assertSettlement(out, Settlement(0, 0, 0));
        _assertCheckpoint(next, cp);
    }

    /// @notice Settling again to the same target changes nothing, once the end is moved after a failure as the
    /// Capacity does.
    function testFuzz_settle_isIdempotent(
        uint256 epoch,
        uint256 activeUnits,
        uint256 expected,
        uint256 successes,
        uint256 failures,
        uint64 proofs,
        uint256 maxFailures,
        uint256 target,
        uint256 end
    ) public view {
        maxFailures = bound(maxFailures, 0, MAX_FAILURES);
        Checkpoint memory cp = _checkpoint(epoch, activeUnits, expected, successes, failures, proofs, maxFailures);
        target = bound(target, cp.epoch - 1, cp.epoch + 5000);
        end = bound(end, cp.epoch - 1, cp.epoch + 5000);
        (Checkpoint memory once, Settlement memory first) = harness.settle(cp, target, end, maxFailures);
        (Checkpoint memory twice, Settlement memory second) =
            harness.settle(_copy(once), target, _endAfter(first, end), maxFailures);
        _assertSettlement(second, Settlement(0, 0, 0));
        _assertCheckpoint(twice, once);
    }

    /// @notice Settling to t1 and then to t2 >= t1 gives the same checkpoint, failure epoch and proofs as settling
    /// to t2 at once.
    function testFuzz_settle_composes(
        uint256 epoch,
        uint256 activeUnits,
        uint256 expected,
        uint256 successes,
        uint256 failures,
        uint64 proofs,
        uint256 maxFailures,
        uint256 t1,
        uint256 t2,
        uint256 end
    ) public view {
        maxFailures = bound(maxFailures, 0, MAX_FAILURES);
        Checkpoint memory cp = _checkpoint(epoch, activeUnits, expected, successes, failures, proofs, maxFailures);
        end = bound(end, cp.epoch, cp.epoch + 3000);
        t1 = bound(t1, cp.epoch - 1, cp.epoch + 3000);
        t2 = bound(t2, t1, cp.epoch + 3000);

        (Checkpoint memory direct, Settlement memory all) = harness.settle(_copy(cp), t2, end, maxFailures);
        (Checkpoint memory mid, Settlement memory a) = harness.settle(_copy(cp), t1, end, maxFailures);
        (Checkpoint memory stepped, Settlement memory b) = harness.settle(mid, t2, _endAfter(a, end), maxFailures);

        _assertCheckpoint(stepped, direct);
        assertEq(a.failedEpoch != 0 ? a.failedEpoch : b.failedEpoch, all.failedEpoch, "failed epoch");
        assertEq(a.proofs + b.proofs, all.proofs, "proofs paid once");
        assertEq(a.epoch != 0 ? a.epoch : b.epoch, all.epoch, "first settled epoch");
    }
}
