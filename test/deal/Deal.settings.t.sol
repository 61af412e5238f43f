// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";

/// @notice setAppCid, setAccessMode, setAccessList, transferOwnership and acceptOwnership.
contract DealSettingsTest is DealBase {
    address internal newOwner = makeAddr("newOwner");

    Deal internal theDeal;

    function setUp() public override {
        super.setUp();
        theDeal = createDeal(2, 1);
    }

    /// @notice A two-address list.
    function providers(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        list[0] = a;
        list[1] = b;
    }

    function test_setAppCid() public {
        bytes32 digest = keccak256("app v2");
        vm.expectEmit(address(theDeal));
        emit IDeal.AppCidChanged(0x55, digest);
        vm.prank(developer);
        theDeal.setAppCid(0x55, digest);
        (uint64 codec, bytes32 stored) = theDeal.appCid();
        assertEq(codec, 0x55);
        assertEq(stored, digest);
    }

    function test_setAppCid_revertsZeroId() public {
        vm.expectRevert(IDeal.ZeroId.selector);
        vm.prank(developer);
        theDeal.setAppCid(0x55, 0);
        (uint64 codec, bytes32 stored) = theDeal.appCid();
        assertEq(codec, APP_CODEC);
        assertEq(stored, APP_CID);
    }

    function test_setAppCid_revertsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotOwner.selector, stranger));
        vm.prank(stranger);
        theDeal.setAppCid(0x55, keccak256("app v2"));
    }

    function test_setAccessMode() public {
        vm.expectEmit(address(theDeal));
        emit IDeal.AccessModeChanged(IDeal.AccessMode.Denylist);
        vm.prank(developer);
        theDeal.setAccessMode(IDeal.AccessMode.Denylist);
        assertEq(uint8(theDeal.accessMode()), uint8(IDeal.AccessMode.Denylist));

        vm.prank(developer);
        theDeal.setAccessMode(IDeal.AccessMode.None);
        assertEq(uint8(theDeal.accessMode()), uint8(IDeal.AccessMode.None));
    }

    /// @notice Matching follows the mode in force.
    function test_setAccessMode_appliesToMatching() public {
        bytes32[] memory units = activeUnits(2);
        vm.prank(developer);
        theDeal.setAccessMode(IDeal.AccessMode.Allowlist);
        vm.expectEmit(address(theDeal));
        emit IDeal.UnitSkipped(units[0], IDeal.MatchResult.ProviderNotAllowed);
        assertEq(matchDeal(theDeal, one(units[0])), 0);

        vm.prank(developer);
        theDeal.setAccessList(providers(provider, stranger), true);
        assertEq(matchDeal(theDeal, one(units[0])), 1);
    }

    function test_setAccessMode_revertsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotOwner.selector, stranger));
        vm.prank(stranger);
        theDeal.setAccessMode(IDeal.AccessMode.Allowlist);
        assertEq(uint8(theDeal.accessMode()), uint8(IDeal.AccessMode.None));
    }

    function test_setAccessList() public {
        address[] memory list = providers(provider, stranger);
        vm.expectEmit(address(theDeal));
        emit IDeal.AccessListChanged(list, true);
        vm.prank(developer);
        theDeal.setAccessList(list, true);
        assertTrue(theDeal.isListed(provider));
        assertTrue(theDeal.isListed(stranger));
        assertFalse(theDeal.isListed(developer));

        address[] memory removed = new address[](1);
        removed[0] = stranger;
        vm.expectEmit(address(theDeal));
        emit IDeal.AccessListChanged(removed, false);
        vm.prank(developer);
        theDeal.setAccessList(removed, false);
        assertTrue(theDeal.isListed(provider));
        assertFalse(theDeal.isListed(stranger));
    }

    function test_setAccessList_revertsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotOwner.selector, stranger));
        vm.prank(stranger);
        theDeal.setAccessList(providers(stranger, provider), true);
        assertFalse(theDeal.isListed(stranger));
    }

    function test_transferOwnership() public {
        vm.expectEmit(address(theDeal));
        emit IDeal.OwnershipTransferStarted(developer, newOwner);
        vm.prank(developer);
        theDeal.transferOwnership(newOwner);
        assertEq(theDeal.pendingOwner(), newOwner);
        assertEq(theDeal.owner(), developer);

        vm.expectEmit(address(theDeal));
        emit IDeal.OwnershipTransferred(developer, newOwner);
        vm.prank(newOwner);
        theDeal.acceptOwnership();
        assertEq(theDeal.owner(), newOwner);
        assertEq(theDeal.pendingOwner(), address(0));

        // the new owner holds the owner's powers, the old one none
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotOwner.selector, developer));
        vm.prank(developer);
        theDeal.withdraw(1);
        vm.prank(newOwner);
        theDeal.stop();
        vm.prank(newOwner);
        theDeal.withdraw(1);
        assertEq(usd.balanceOf(newOwner), 1);
    }

    function test_transferOwnership_cancelWithZero() public {
        vm.prank(developer);
        theDeal.transferOwnership(newOwner);
        vm.expectEmit(address(theDeal));
        emit IDeal.OwnershipTransferStarted(developer, address(0));
        vm.prank(developer);
        theDeal.transferOwnership(address(0));
        assertEq(theDeal.pendingOwner(), address(0));

        vm.expectRevert(abi.encodeWithSelector(IDeal.NotPendingOwner.selector, newOwner));
        vm.prank(newOwner);
        theDeal.acceptOwnership();
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotPendingOwner.selector, address(0)));
        vm.prank(address(0));
        theDeal.acceptOwnership();
        assertEq(theDeal.owner(), developer);
    }

    function test_transferOwnership_revertsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotOwner.selector, stranger));
        vm.prank(stranger);
        theDeal.transferOwnership(stranger);
        assertEq(theDeal.pendingOwner(), address(0));
    }

    function test_acceptOwnership_revertsNotPendingOwner() public {
        vm.prank(developer);
        theDeal.transferOwnership(newOwner);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotPendingOwner.selector, stranger));
        vm.prank(stranger);
        theDeal.acceptOwnership();
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotPendingOwner.selector, developer));
        vm.prank(developer);
        theDeal.acceptOwnership();
        assertEq(theDeal.owner(), developer);
        assertEq(theDeal.pendingOwner(), newOwner);
    }
}
