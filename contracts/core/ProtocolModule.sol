// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {ICore} from "../interfaces/ICore.sol";
import {Epochs} from "../libraries/Epochs.sol";

/// @title Base of the upgradeable protocol modules
/// @notice Every module is administered by the Core's owner and reads the epoch clock from immutables copied from
/// the Core when the implementation is deployed, so the hot paths read no storage for it. The clock never changes
/// after the Core is initialised, so a new implementation deployed against the same Core keeps it.
abstract contract ProtocolModule is Initializable, UUPSUpgradeable {
    /// @notice The caller is not the protocol owner.
    error NotProtocolOwner(address caller);

    ICore public immutable core;
    uint256 internal immutable EPOCH_START;
    uint256 internal immutable EPOCH_DURATION;

    constructor(ICore core_) {
        core = core_;
        EPOCH_START = core_.epochStart();
        EPOCH_DURATION = core_.epochDuration();
        _disableInitializers();
    }

    modifier onlyProtocolOwner() {
        _checkProtocolOwner();
        _;
    }

    function _checkProtocolOwner() internal view {
        if (msg.sender != core.owner()) revert NotProtocolOwner(msg.sender);
    }

    function _currentEpoch() internal view returns (uint256) {
        return Epochs.current(EPOCH_START, EPOCH_DURATION);
    }

    function _authorizeUpgrade(address) internal view override onlyProtocolOwner {}
}
