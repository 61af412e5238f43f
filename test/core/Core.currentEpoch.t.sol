// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CoreTestBase} from "./CoreTestBase.sol";
import {Core} from "../../contracts/core/Core.sol";

contract CoreCurrentEpochTest is CoreTestBase {
    uint256 internal start;

    function setUp() public override {
        super.setUp();
        start = core.epochStart();
    }

    function test_currentEpoch_zeroBeforeStart() public {
        assertEq(core.currentEpoch(), 0, "fixture starts in epoch 0");
        vm.warp(start - 1);
        assertEq(core.currentEpoch(), 0);
        vm.warp(0);
        assertEq(core.currentEpoch(), 0);
    }

    function test_currentEpoch_boundaries() public {
        vm.warp(start);
        assertEq(core.currentEpoch(), 1);
        vm.warp(start + EPOCH_DURATION - 1);
        assertEq(core.currentEpoch(), 1);
        vm.warp(start + EPOCH_DURATION);
        assertEq(core.currentEpoch(), 2);
        vm.warp(start + 2 * EPOCH_DURATION - 1);
        assertEq(core.currentEpoch(), 2);
        vm.warp(start + 9 * EPOCH_DURATION);
        assertEq(core.currentEpoch(), 10);
    }

    function test_currentEpoch_startAtZero() public {
        Core c = newCore(owner, treasury, 0, 10, defaultParams());
        vm.warp(0);
        assertEq(c.currentEpoch(), 1);
        vm.warp(9);
        assertEq(c.currentEpoch(), 1);
        vm.warp(10);
        assertEq(c.currentEpoch(), 2);
    }

    function test_currentEpoch_largestClock() public {
        Core c = newCore(owner, treasury, type(uint64).max, type(uint32).max, defaultParams());
        vm.warp(uint256(type(uint64).max) - 1);
        assertEq(c.currentEpoch(), 0);
        vm.warp(type(uint64).max);
        assertEq(c.currentEpoch(), 1);
        vm.warp(uint256(type(uint64).max) + type(uint32).max);
        assertEq(c.currentEpoch(), 2);
    }

    /// @notice Epoch n >= 1 covers [start + (n-1) * duration, start + n * duration).
    function testFuzz_currentEpoch_fixtureClock(uint256 timestamp) public {
        timestamp = bound(timestamp, 0, type(uint64).max);
        vm.warp(timestamp);
        assertEpochCovers(core, timestamp, core.currentEpoch());
    }

    function testFuzz_currentEpoch_anyClock(uint64 start_, uint32 duration, uint256 timestamp) public {
        duration = uint32(bound(duration, 1, type(uint32).max));
        timestamp = bound(timestamp, 0, type(uint128).max);
        Core c = newCore(owner, treasury, start_, duration, defaultParams());
        vm.warp(timestamp);
        assertEpochCovers(c, timestamp, c.currentEpoch());
    }

    /// @notice The modules copy the clock at construction: Capacity's epoch always equals the Core's.
    function testFuzz_currentEpoch_modulesAgree(uint256 timestamp) public {
        timestamp = bound(timestamp, 0, start + 100_000 * EPOCH_DURATION);
        vm.warp(timestamp);
        vm.roll(block.number + 1);
        capacity.advanceEpoch();
        (uint256 e,,) = capacity.epochChallenge();
        assertEq(e, core.currentEpoch());
    }

    function assertEpochCovers(Core c, uint256 timestamp, uint256 epoch_) internal view {
        uint256 s = c.epochStart();
        uint256 d = c.epochDuration();
        if (timestamp < s) {
            assertEq(epoch_, 0, "before start");
        } else {
            assertGe(epoch_, 1, "after start");
            assertLe(s + (epoch_ - 1) * d, timestamp, "epoch begins at or before now");
            assertGt(s + epoch_ * d, timestamp, "epoch ends after now");
        }
    }
}
