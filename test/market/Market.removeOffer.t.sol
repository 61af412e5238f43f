// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketRemoveOfferTest is MarketTestBase {
    function test_removeOffer_deletesAndEmits() public {
        uint256 offerId = emptyOffer();
        vm.expectEmit(address(market));
        emit IMarket.OfferRemoved(offerId);
        vm.prank(provider);
        market.removeOffer(offerId);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, offerId));
        market.offer(offerId);
        assertEq(market.offerCount(), 1, "ids are never reused");
        assertEq(emptyOffer(), 2);
    }

    function test_removeOffer_afterItsPeersAreGone() public {
        (uint256 offerId, bytes32 peerId, bytes32[] memory unitIds) = registerPeer(2);
        vm.startPrank(provider);
        market.removeUnits(peerId, unitIds);
        market.removePeer(peerId);
        market.removeOffer(offerId);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, offerId));
        market.offer(offerId);
    }

    function test_removeOffer_revertsWhenOfferHasPeers() public {
        vm.prank(provider);
        uint256 offerId = market.registerOffer(
            PRICE, address(usd), noEffectors(), two(peerInput(operator, 0), peerInput(operator, 1))
        );
        vm.expectRevert(abi.encodeWithSelector(IMarket.OfferHasPeers.selector, offerId, 2));
        vm.prank(provider);
        market.removeOffer(offerId);
    }

    function test_removeOffer_revertsOnUnknownOffer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, 1));
        vm.prank(provider);
        market.removeOffer(1);
    }

    function test_removeOffer_revertsWhenRemovedTwice() public {
        uint256 offerId = emptyOffer();
        vm.startPrank(provider);
        market.removeOffer(offerId);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, offerId));
        market.removeOffer(offerId);
        vm.stopPrank();
    }

    function test_removeOffer_revertsWhenNotOfferOwner() public {
        uint256 offerId = emptyOffer();
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, provider2));
        vm.prank(provider2);
        market.removeOffer(offerId);
    }
}
