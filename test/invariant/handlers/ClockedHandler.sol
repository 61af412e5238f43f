// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CommonBase} from "forge-std/Base.sol";
import {StdAssertions} from "forge-std/StdAssertions.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Core} from "../../../contracts/core/Core.sol";

/// @notice What the invariant handlers share: the clock lives in the handler, and every action first warps to it,
/// so the epoch does not depend on how the fuzzer orders calls or moves time between them.
abstract contract ClockedHandler is CommonBase, StdAssertions, StdUtils {
    Core internal immutable core;
    uint256 internal immutable epochStart;
    uint256 internal immutable epochDuration;

    uint256 public time;
    uint256 public blockNumber;

    constructor(Core core_) {
        core = core_;
        epochStart = core_.epochStart();
        epochDuration = core_.epochDuration();
        time = block.timestamp;
        blockNumber = block.number;
    }

    modifier synced() {
        vm.warp(time);
        vm.roll(blockNumber);
        _;
    }

    function _epoch() internal view returns (uint256) {
        return core.currentEpoch();
    }

    /// @notice Moves the clock to `offsetSeed % epochDuration` seconds into `epoch`, in a new block.
    function _moveClock(uint256 epoch, uint256 offsetSeed) internal {
        time = epochStart + (epoch - 1) * epochDuration + offsetSeed % epochDuration;
        blockNumber += 1;
        vm.warp(time);
        vm.roll(blockNumber);
    }
}
