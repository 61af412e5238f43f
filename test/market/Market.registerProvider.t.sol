// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketRegisterProviderTest is MarketTestBase {
    function test_registerProvider_storesProfileAndEmits() public {
        vm.expectEmit(address(market));
        emit IMarket.ProviderRegistered(stranger, "Acme DC", hex"0155122001");
        vm.prank(stranger);
        market.registerProvider("Acme DC", hex"0155122001");

        (bool registered, string memory name, bytes memory cid) = market.provider(stranger);
        assertTrue(registered);
        assertEq(name, "Acme DC");
        assertEq(cid, hex"0155122001");
    }

    function test_registerProvider_emptyMetadataIsAllowed() public {
        vm.prank(stranger);
        market.registerProvider("n", "");
        (bool registered, string memory name, bytes memory cid) = market.provider(stranger);
        assertTrue(registered);
        assertEq(name, "n");
        assertEq(cid.length, 0);
    }

    function test_registerProvider_revertsWhenAlreadyRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.ProviderAlreadyRegistered.selector, provider));
        vm.prank(provider);
        market.registerProvider("again", hex"05");
        (, string memory name,) = market.provider(provider);
        assertEq(name, "provider");
    }

    function test_registerProvider_revertsOnEmptyName() public {
        vm.expectRevert(IMarket.EmptyName.selector);
        vm.prank(stranger);
        market.registerProvider("", hex"01");
        (bool registered,,) = market.provider(stranger);
        assertFalse(registered);
    }

    function test_registerProvider_revertsWhenNotAllowlisted() public {
        vm.prank(owner);
        core.setAllowlistEnabled(true);
        vm.expectRevert(abi.encodeWithSelector(IMarket.ProviderNotAllowed.selector, stranger));
        vm.prank(stranger);
        market.registerProvider("s", hex"01");
    }

    function test_registerProvider_allowlistedProviderRegisters() public {
        vm.startPrank(owner);
        core.setAllowlistEnabled(true);
        core.setProviderApproval(stranger, true);
        vm.stopPrank();
        vm.prank(stranger);
        market.registerProvider("s", hex"01");
        (bool registered,,) = market.provider(stranger);
        assertTrue(registered);
    }

    function testFuzz_registerProvider(address account, string calldata name, bytes calldata cid) public {
        vm.assume(account != provider && account != provider2);
        vm.assume(bytes(name).length != 0);
        vm.expectEmit(address(market));
        emit IMarket.ProviderRegistered(account, name, cid);
        vm.prank(account);
        market.registerProvider(name, cid);
        (bool registered, string memory storedName, bytes memory storedCid) = market.provider(account);
        assertTrue(registered);
        assertEq(storedName, name);
        assertEq(storedCid, cid);
    }
}
