// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketAddEffectorsTest is MarketTestBase {
    uint256 internal offerId;
    bytes32 internal existing;

    function setUp() public override {
        super.setUp();
        existing = newId();
        offerId = offerWithEffectors(one(existing));
    }

    function test_addEffectors_addsAndEmits() public {
        bytes32[] memory effectors = newIds(2);
        assertFalse(market.hasEffector(offerId, effectors[0]));
        vm.expectEmit(address(market));
        emit IMarket.EffectorsAdded(offerId, effectors);
        vm.prank(provider);
        market.addEffectors(offerId, effectors);
        assertTrue(market.hasEffector(offerId, effectors[0]));
        assertTrue(market.hasEffector(offerId, effectors[1]));
        assertTrue(market.hasEffector(offerId, existing));
        assertTrue(market.hasEffectors(offerId, two(existing, effectors[1])));
    }

    function test_addEffectors_areScopedToTheOffer() public {
        uint256 other = emptyOffer();
        bytes32 e = newId();
        vm.prank(provider);
        market.addEffectors(other, one(e));
        assertTrue(market.hasEffector(other, e));
        assertFalse(market.hasEffector(offerId, e));
        assertFalse(market.hasEffector(other, existing));
    }

    function test_addEffectors_revertsOnUnknownOffer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, 5));
        vm.prank(provider);
        market.addEffectors(5, one(newId()));
    }

    function test_addEffectors_revertsWhenNotOfferOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, provider2));
        vm.prank(provider2);
        market.addEffectors(offerId, one(newId()));
    }

    function test_addEffectors_revertsOnZeroId() public {
        vm.expectRevert(IMarket.ZeroId.selector);
        vm.prank(provider);
        market.addEffectors(offerId, two(newId(), 0));
    }

    function test_addEffectors_revertsOnExistingEffector() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.EffectorAlreadyAdded.selector, existing));
        vm.prank(provider);
        market.addEffectors(offerId, two(newId(), existing));
    }

    function test_addEffectors_revertsOnDuplicateInInput() public {
        bytes32 e = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.EffectorAlreadyAdded.selector, e));
        vm.prank(provider);
        market.addEffectors(offerId, two(e, e));
        assertFalse(market.hasEffector(offerId, e));
    }
}
