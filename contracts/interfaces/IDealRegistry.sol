// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What the capacity module asks the deal module: whether a contract is one of its deals.
interface IDealRegistry {
    function isDeal(address account) external view returns (bool);
}
