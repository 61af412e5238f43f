// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {CoreTestBase} from "./CoreTestBase.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

/// @notice setAllowlistEnabled, setProviderApproval, isProviderAllowed.
contract CoreAllowlistTest is CoreTestBase {
    function test_allowlist_offByDefault() public view {
        assertFalse(core.allowlistEnabled());
        assertTrue(core.isProviderAllowed(stranger));
        assertTrue(core.isProviderAllowed(address(0)));
    }

    function test_setAllowlistEnabled_switchesAndEmits() public {
        vm.expectEmit(address(core));
        emit ICore.AllowlistEnabled(true);
        vm.prank(owner);
        core.setAllowlistEnabled(true);
        assertTrue(core.allowlistEnabled());
        assertFalse(core.isProviderAllowed(stranger));

        vm.expectEmit(address(core));
        emit ICore.AllowlistEnabled(false);
        vm.prank(owner);
        core.setAllowlistEnabled(false);
        assertFalse(core.allowlistEnabled());
        assertTrue(core.isProviderAllowed(stranger));
    }

    function test_setAllowlistEnabled_revertsWhenNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        core.setAllowlistEnabled(true);
    }

    function test_setProviderApproval_approvesRevokesAndEmits() public {
        vm.prank(owner);
        core.setAllowlistEnabled(true);

        vm.expectEmit(address(core));
        emit ICore.ProviderApproval(stranger, true);
        vm.prank(owner);
        core.setProviderApproval(stranger, true);
        assertTrue(core.isProviderAllowed(stranger));
        assertFalse(core.isProviderAllowed(delegator));

        vm.expectEmit(address(core));
        emit ICore.ProviderApproval(stranger, false);
        vm.prank(owner);
        core.setProviderApproval(stranger, false);
        assertFalse(core.isProviderAllowed(stranger));
    }

    function test_setProviderApproval_persistsWhileAllowlistOff() public {
        vm.startPrank(owner);
        core.setProviderApproval(stranger, true);
        core.setAllowlistEnabled(true);
        vm.stopPrank();
        assertTrue(core.isProviderAllowed(stranger));
        assertFalse(core.isProviderAllowed(delegator));
    }

    function test_setProviderApproval_revertsOnZeroAddress() public {
        vm.expectRevert(ICore.ZeroAddress.selector);
        vm.prank(owner);
        core.setProviderApproval(address(0), true);
    }

    function test_setProviderApproval_revertsWhenNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        core.setProviderApproval(stranger, true);
    }

    function testFuzz_isProviderAllowed(address account, bool enabled, bool approved) public {
        vm.assume(account != address(0));
        vm.startPrank(owner);
        core.setAllowlistEnabled(enabled);
        core.setProviderApproval(account, approved);
        vm.stopPrank();
        assertEq(core.isProviderAllowed(account), !enabled || approved);
    }

    function test_allowlist_gatesMarketRegistration() public {
        vm.prank(owner);
        core.setAllowlistEnabled(true);
        vm.expectRevert(abi.encodeWithSelector(IMarket.ProviderNotAllowed.selector, stranger));
        vm.prank(stranger);
        market.registerProvider("s", hex"01");

        vm.prank(owner);
        core.setProviderApproval(stranger, true);
        vm.prank(stranger);
        market.registerProvider("s", hex"01");
        (bool registered,,) = market.provider(stranger);
        assertTrue(registered);

        vm.prank(owner);
        core.setProviderApproval(delegator, true);
        vm.prank(owner);
        core.setProviderApproval(delegator, false);
        vm.expectRevert(abi.encodeWithSelector(IMarket.ProviderNotAllowed.selector, delegator));
        vm.prank(delegator);
        market.registerProvider("d", hex"01");

        vm.prank(owner);
        core.setAllowlistEnabled(false);
        vm.prank(delegator);
        market.registerProvider("d", hex"01");
        (registered,,) = market.provider(delegator);
        assertTrue(registered);
    }
}
