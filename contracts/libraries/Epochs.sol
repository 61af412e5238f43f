// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Epoch arithmetic shared by the protocol modules
/// @notice Epoch 0 is everything before `start`; epoch n >= 1 covers [start + (n-1) * duration, start + n * duration).
library Epochs {
    function epochAt(uint256 timestamp, uint256 start, uint256 duration) internal pure returns (uint256) {
        if (timestamp < start) return 0;
        unchecked {
            return (timestamp - start) / duration + 1;
        }
    }

    function current(uint256 start, uint256 duration) internal view returns (uint256) {
        return epochAt(block.timestamp, start, duration);
    }
}
