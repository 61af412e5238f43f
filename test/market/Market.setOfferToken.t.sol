// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketSetOfferTokenTest is MarketTestBase {
    uint256 internal offerId;

    function setUp() public override {
        super.setUp();
        offerId = emptyOffer();
    }

    function test_setOfferToken_updatesAndEmits() public {
        vm.expectEmit(address(market));
        emit IMarket.OfferTokenChanged(offerId, address(stake));
        vm.prank(provider);
        market.setOfferToken(offerId, address(stake));
        IMarket.Offer memory o = market.offer(offerId);
        assertEq(o.paymentToken, address(stake));
        assertEq(o.minPricePerUnit, PRICE);
    }

    function test_setOfferToken_revertsOnZeroAddress() public {
        vm.expectRevert(IMarket.ZeroAddress.selector);
        vm.prank(provider);
        market.setOfferToken(offerId, address(0));
    }

    function test_setOfferToken_revertsOnUnknownOffer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, 0));
        vm.prank(provider);
        market.setOfferToken(0, address(stake));
    }

    function test_setOfferToken_revertsWhenNotOfferOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, stranger));
        vm.prank(stranger);
        market.setOfferToken(offerId, address(stake));
    }
}
