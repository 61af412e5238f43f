// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketSetOfferPriceTest is MarketTestBase {
    uint256 internal offerId;

    function setUp() public override {
        super.setUp();
        offerId = emptyOffer();
    }

    function test_setOfferPrice_updatesAndEmits() public {
        vm.expectEmit(address(market));
        emit IMarket.OfferPriceChanged(offerId, 7e6);
        vm.prank(provider);
        market.setOfferPrice(offerId, 7e6);
        IMarket.Offer memory o = market.offer(offerId);
        assertEq(o.minPricePerUnit, 7e6);
        assertEq(o.paymentToken, address(usd));
        assertEq(o.provider, provider);
    }

    function test_setOfferPrice_zeroAndMaxAreAllowed() public {
        vm.startPrank(provider);
        market.setOfferPrice(offerId, 0);
        assertEq(market.offer(offerId).minPricePerUnit, 0);
        market.setOfferPrice(offerId, type(uint96).max);
        assertEq(market.offer(offerId).minPricePerUnit, type(uint96).max);
        vm.stopPrank();
    }

    function test_setOfferPrice_revertsOnPriceTooHigh() public {
        uint256 price = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IMarket.PriceTooHigh.selector, price));
        vm.prank(provider);
        market.setOfferPrice(offerId, price);
    }

    function test_setOfferPrice_revertsOnUnknownOffer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, 2));
        vm.prank(provider);
        market.setOfferPrice(2, 1);
    }

    function test_setOfferPrice_revertsOnRemovedOffer() public {
        vm.startPrank(provider);
        market.removeOffer(offerId);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, offerId));
        market.setOfferPrice(offerId, 1);
        vm.stopPrank();
    }

    function test_setOfferPrice_revertsWhenNotOfferOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, provider2));
        vm.prank(provider2);
        market.setOfferPrice(offerId, 1);
    }

    function testFuzz_setOfferPrice(uint256 price) public {
        vm.prank(provider);
        if (price > type(uint96).max) {
            vm.expectRevert(abi.encodeWithSelector(IMarket.PriceTooHigh.selector, price));
            market.setOfferPrice(offerId, price);
            assertEq(market.offer(offerId).minPricePerUnit, PRICE);
        } else {
            market.setOfferPrice(offerId, price);
            assertEq(market.offer(offerId).minPricePerUnit, price);
        }
    }
}
