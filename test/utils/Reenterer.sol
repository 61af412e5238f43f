// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {ITokenHooks} from "./HostileToken.sol";

/// @notice A token hook that, once armed, makes one call while the token runs a transfer (as the sender's hook
/// or the recipient's), as a given account, and records how it ended. It never reverts itself, so the transfer
/// it interrupts goes on and the test sees what the protocol left behind.
contract Reenterer is ITokenHooks {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    bool public armed;
    bool public onSend;
    address public caller;
    address public target;
    bytes public data;

    bool public fired;
    bool public succeeded;
    bytes public result;

    /// @notice The next transfer that calls this hook on the chosen side makes the call `data` to `target` as
    /// `caller_`.
    function arm(bool onSend_, address caller_, address target_, bytes calldata data_) external {
        armed = true;
        onSend = onSend_;
        caller = caller_;
        target = target_;
        data = data_;
        fired = false;
    }

    function tokensToSend(address, address, uint256) external {
        if (armed && onSend) _fire();
    }

    function tokensReceived(address, address, uint256) external {
        if (armed && !onSend) _fire();
    }

    function _fire() internal {
        armed = false;
        fired = true;
        vm.prank(caller);
        (succeeded, result) = target.call(data);
    }
}
