// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {Market} from "../../contracts/market/Market.sol";
import {ProtocolModule} from "../../contracts/core/ProtocolModule.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketSetCapacityTest is MarketTestBase {
    Market internal fresh;

    function setUp() public override {
        super.setUp();
        fresh = Market(deployProxy(address(deployMarketImpl(core)), abi.encodeCall(Market.initialize, ())));
    }

    function test_setCapacity_fixtureIsWired() public view {
        assertEq(market.capacity(), address(capacity));
    }

    function test_setCapacity_setsAndEmits() public {
        assertEq(fresh.capacity(), address(0));
        vm.expectEmit(address(fresh));
        emit IMarket.CapacitySet(address(capacity));
        vm.prank(owner);
        fresh.setCapacity(address(capacity));
        assertEq(fresh.capacity(), address(capacity));
    }

    function test_setCapacity_revertsWhenAlreadySet() public {
        vm.startPrank(owner);
        fresh.setCapacity(address(capacity));
        vm.expectRevert(IMarket.CapacityAlreadySet.selector);
        fresh.setCapacity(stranger);
        vm.expectRevert(IMarket.CapacityAlreadySet.selector);
        market.setCapacity(stranger);
        vm.stopPrank();
        assertEq(fresh.capacity(), address(capacity));
    }

    function test_setCapacity_revertsOnZeroAddress() public {
        vm.expectRevert(IMarket.ZeroAddress.selector);
        vm.prank(owner);
        fresh.setCapacity(address(0));
    }

    function test_setCapacity_revertsWhenNotProtocolOwner() public {
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, stranger));
        vm.prank(stranger);
        fresh.setCapacity(address(capacity));
    }
}
