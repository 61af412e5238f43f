// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {stdError} from "forge-std/StdError.sol";
import {Epochs} from "../../contracts/libraries/Epochs.sol";

/// @dev Exposes the library through external calls, so that its reverts can be expected.
contract EpochsHarness {
    function epochAt(uint256 timestamp, uint256 start, uint256 duration) external pure returns (uint256) {
        return Epochs.epochAt(timestamp, start, duration);
    }

    function current(uint256 start, uint256 duration) external view returns (uint256) {
        return Epochs.current(start, duration);
    }
}

contract EpochsTest is Test {
    EpochsHarness internal harness;

    function setUp() public {
        harness = new EpochsHarness();
    }

    function testFuzz_epochAt_isZeroBeforeStart(uint256 timestamp, uint256 start, uint256 duration) public view {
        start = bound(start, 1, type(uint256).max);
        timestamp = bound(timestamp, 0, start - 1);
        assertEq(harness.epochAt(timestamp, start, duration), 0);
    }

    /// @notice Epoch n >= 1 covers [start + (n-1) * duration, start + n * duration).
    function testFuzz_epochAt_timestampLiesInItsEpoch(uint256 timestamp, uint256 start, uint256 duration) public view {
        start = bound(start, 0, type(uint128).max);
        duration = bound(duration, 1, type(uint64).max);
        timestamp = bound(timestamp, start, start + type(uint128).max);
        uint256 n = harness.epochAt(timestamp, start, duration);
        assertGe(n, 1);
        assertLe(start + (n - 1) * duration, timestamp);
        assertLt(timestamp, start + n * duration);
    }

    function testFuzz_epochAt_firstAndLastSecondOfAnEpoch(uint256 start, uint256 duration, uint256 n) public view {
        start = bound(start, 0, type(uint128).max);
        duration = bound(duration, 1, type(uint64).max);
        n = bound(n, 1, type(uint32).max);
        uint256 first = start + (n - 1) * duration;
        assertEq(harness.epochAt(first, start, duration), n);
        assertEq(harness.epochAt(first + duration - 1, start, duration), n);
        assertEq(harness.epochAt(first + duration, start, duration), n + 1);
    }

    /// @notice The epoch never decreases with time and advances by at most one per `duration` seconds (plus one).
    function testFuzz_epochAt_isMonotone(uint256 t1, uint256 t2, uint256 start, uint256 duration) public view {
        start = bound(start, 0, type(uint128).max);
        duration = bound(duration, 1, type(uint64).max);
        t1 = bound(t1, 0, type(uint192).max);
        t2 = bound(t2, t1, type(uint192).max);
        uint256 e1 = harness.epochAt(t1, start, duration);
        uint256 e2 = harness.epochAt(t2, start, duration);
        assertLe(e1, e2);
        assertLe(e2 - e1, (t2 - t1) / duration + 1);
    }

    /// @notice Exact over the whole uint256 range once the timestamp is at or after the start, except the one
    /// input whose epoch (2^256) does not fit: start 0, duration 1, timestamp 2^256 - 1.
    function testFuzz_epochAt_fullRange(uint256 timestamp, uint256 start, uint256 duration) public view {
        duration = bound(duration, 1, type(uint256).max);
        timestamp = bound(timestamp, start, type(uint256).max);
        vm.assume(duration != 1 || timestamp - start != type(uint256).max);
        assertEq(harness.epochAt(timestamp, start, duration), (timestamp - start) / duration + 1);
    }

    function test_epochAt_durationOne_countsSeconds() public view {
        assertEq(harness.epochAt(type(uint256).max - 1, 0, 1), type(uint256).max);
        assertEq(harness.epochAt(1000, 1000, 1), 1);
        assertEq(harness.epochAt(1009, 1000, 1), 10);
    }

    function testFuzz_epochAt_zeroDuration_panicsFromStart(uint256 timestamp, uint256 start) public {
        timestamp = bound(timestamp, start, type(uint256).max);
        vm.expectRevert(stdError.divisionError);
        harness.epochAt(timestamp, start, 0);
    }

    function testFuzz_current_readsBlockTimestamp(uint256 timestamp, uint256 start, uint256 duration) public {
        timestamp = bound(timestamp, 0, type(uint64).max);
        start = bound(start, 0, type(uint64).max);
        duration = bound(duration, 1, type(uint32).max);
        vm.warp(timestamp);
        assertEq(harness.current(start, duration), harness.epochAt(timestamp, start, duration));
    }
}
