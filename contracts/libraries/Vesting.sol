// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice Rewards of a commitment, vested in periods of `period` epochs counted from its start epoch.
/// @dev Rewards earned during period k vest linearly during period k + 1. Only two periods are ever open, so the
/// state is three amounts and the period index: exact, and O(1) whatever the number of epochs.
struct Rewards {
    uint96 vested; // vested before the current bucket period
    uint96 vesting; // earned in period `bucket` - 1, vesting during `bucket`
    uint32 bucket; // index of the period `pending` belongs to
    uint96 pending; // earned in period `bucket`, locked until it ends
    uint96 withdrawnByProvider;
}

/// @title Vesting of commitment rewards
library Vesting {
    error VestingOverflow();

    /// @notice Adds `amount` earned in `epoch` (a commitment starting at `start`, vesting period `period`).
    function add(Rewards memory r, uint256 start, uint256 period, uint256 epoch, uint256 amount) internal pure {
        if (period == 0) {
            r.vested = _u96(r.vested + amount);
            return;
        }
        roll(r, (epoch - start) / period);
        r.pending = _u96(r.pending + amount);
    }

    /// @notice Moves the buckets forward to period `index`.
    function roll(Rewards memory r, uint256 index) internal pure {
        uint256 bucket = r.bucket;
        if (index <= bucket) return;
        if (index == bucket + 1) {
            r.vested = _u96(uint256(r.vested) + r.vesting);
            r.vesting = r.pending;
        } else {
            r.vested = _u96(uint256(r.vested) + r.vesting + r.pending);
            r.vesting = 0;
        }
        r.pending = 0;
        r.bucket = SafeCast.toUint32(index);
    }

    /// @notice Total rewards vested at `epoch`.
    function vestedAt(Rewards memory r, uint256 start, uint256 period, uint256 epoch) internal pure returns (uint256) {
        if (period == 0 || epoch < start) return r.vested;
        uint256 index = (epoch - start) / period;
        uint256 vested = r.vested;
        uint256 vesting = r.vesting;
        uint256 bucket = r.bucket;
        if (index == bucket + 1) {
            vested += vesting;
            vesting = r.pending;
        } else if (index > bucket + 1) {
            return vested + vesting + r.pending;
        }
        uint256 elapsed = epoch - (start + index * period);
        return vested + vesting * elapsed / period;
    }

    /// @notice Everything earned, vested or not.
    function earned(Rewards memory r) internal pure returns (uint256) {
        return uint256(r.vested) + r.vesting + r.pending;
    }

    function _u96(uint256 x) private pure returns (uint96) {
        if (x > type(uint96).max) revert VestingOverflow();
        // forge-lint: disable-next-line(unsafe-typecast) checked on the line above
        return uint96(x);
    }
}
