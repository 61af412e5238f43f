// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketUpdateProviderTest is MarketTestBase {
    function test_updateProvider_changesProfileAndEmits() public {
        vm.expectEmit(address(market));
        emit IMarket.ProviderUpdated(provider, "renamed", hex"0155");
        vm.prank(provider);
        market.updateProvider("renamed", hex"0155");

        (bool registered, string memory name, bytes memory cid) = market.provider(provider);
        assertTrue(registered);
        assertEq(name, "renamed");
        assertEq(cid, hex"0155");
    }

    function test_updateProvider_canClearMetadata() public {
        vm.prank(provider);
        market.updateProvider("provider", "");
        (,, bytes memory cid) = market.provider(provider);
        assertEq(cid.length, 0);
    }

    function test_updateProvider_revertsWhenNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.ProviderNotRegistered.selector, stranger));
        vm.prank(stranger);
        market.updateProvider("s", hex"01");
    }

    function test_updateProvider_revertsOnEmptyName() public {
        vm.expectRevert(IMarket.EmptyName.selector);
        vm.prank(provider);
        market.updateProvider("", hex"01");
        (, string memory name,) = market.provider(provider);
        assertEq(name, "provider");
    }

    function test_updateProvider_doesNotTouchOtherProviders() public {
        vm.prank(provider);
        market.updateProvider("renamed", hex"09");
        (, string memory name, bytes memory cid) = market.provider(provider2);
        assertEq(name, "provider2");
        assertEq(cid, hex"02");
    }

    function testFuzz_updateProvider(string calldata name, bytes calldata cid) public {
        vm.assume(bytes(name).length != 0);
        vm.prank(provider);
        market.updateProvider(name, cid);
        (bool registered, string memory storedName, bytes memory storedCid) = market.provider(provider);
        assertTrue(registered);
        assertEq(storedName, name);
        assertEq(storedCid, cid);
    }
}
