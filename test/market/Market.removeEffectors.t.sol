// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketRemoveEffectorsTest is MarketTestBase {
    uint256 internal offerId;
    bytes32[] internal effectors;

    function setUp() public override {
        super.setUp();
        effectors = newIds(3);
        offerId = offerWithEffectors(effectors);
    }

    function test_removeEffectors_removesAndEmits() public {
        bytes32[] memory removed = two(effectors[0], effectors[2]);
        vm.expectEmit(address(market));
        emit IMarket.EffectorsRemoved(offerId, removed);
        vm.prank(provider);
        market.removeEffectors(offerId, removed);
        assertFalse(market.hasEffector(offerId, effectors[0]));
        assertTrue(market.hasEffector(offerId, effectors[1]));
        assertFalse(market.hasEffector(offerId, effectors[2]));
        assertFalse(market.hasEffectors(offerId, effectors));
    }

    function test_removeEffectors_canBeAddedAgain() public {
        vm.startPrank(provider);
        market.removeEffectors(offerId, one(effectors[0]));
        market.addEffectors(offerId, one(effectors[0]));
        vm.stopPrank();
        assertTrue(market.hasEffectors(offerId, effectors));
    }

    function test_removeEffectors_revertsOnUnknownEffector() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownEffector.selector, unknown));
        vm.prank(provider);
        market.removeEffectors(offerId, two(effectors[0], unknown));
        assertTrue(market.hasEffector(offerId, effectors[0]));
    }

    function test_removeEffectors_revertsOnDuplicateInInput() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownEffector.selector, effectors[1]));
        vm.prank(provider);
        market.removeEffectors(offerId, two(effectors[1], effectors[1]));
    }

    function test_removeEffectors_revertsOnUnknownOffer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, 9));
        vm.prank(provider);
        market.removeEffectors(9, one(effectors[0]));
    }

    function test_removeEffectors_revertsWhenNotOfferOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, stranger));
        vm.prank(stranger);
        market.removeEffectors(offerId, one(effectors[0]));
    }
}
