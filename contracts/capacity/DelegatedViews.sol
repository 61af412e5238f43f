// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICapacity} from "../interfaces/ICapacity.sol";

/// @title The capacity module's views, delegated to its views contract
/// @notice Each view of ICapacity runs the views contract's code (CapacityViews) on the module's storage and returns
/// what it returns, so that Capacity carries one short stub per view instead of the views themselves.
/// @dev The stubs never return a value of their own (the delegated call returns or reverts for them), which solc
/// warns about (6321, an unnamed return left unassigned): foundry.toml ignores warnings from this file alone.
abstract contract DelegatedViews is ICapacity {
    /// @notice The contract whose code serves the views, created with the implementation; it never writes.
    address public immutable views;

    constructor(address views_) {
        views = views_;
    }

    /// @inheritdoc ICapacity
    function epochChallenge() external view returns (uint256, bytes32, uint256) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function liabilities() external view returns (uint256) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function dealModule() external view returns (address) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function dealOf(bytes32) external view returns (address) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function stakingToken() external view returns (address) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function commitment(uint256) external view returns (Commitment memory) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function accounting(uint256) external view returns (Accounting memory) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function status(uint256) external view returns (Status) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function commitmentCount() external view returns (uint256) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function unitState(bytes32) external view returns (UnitState memory) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function epochRewards(uint256) external view returns (uint256, uint256) {
        _delegateView();
    }

    /// @inheritdoc ICapacity
    function rewardReserve() external view returns (uint256) {
        _delegateView();
    }

    /// @dev Runs the views contract's code on this storage with the call's own calldata and returns (or reverts)
    /// with what it returns: the function never comes back here. Solidity does not let a view delegatecall, so the
    /// view calls a non-view function through a pointer cast to view; the views contract never writes.
    function _delegateView() private view {
        function() internal delegated = _delegateToViews;
        function() internal view asView;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            asView := delegated
        }
        asView();
    }

    function _delegateToViews() private {
        address target = views;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
