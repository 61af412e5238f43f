// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

/// @notice With the allowlist on, a provider whose approval is withdrawn keeps its capacity but cannot grow it.
contract MarketAllowlistTest is MarketTestBase {
    uint256 internal offerId;
    bytes32 internal peerId;

    function setUp() public override {
        super.setUp();
        (offerId, peerId,) = registerPeer(1);
        vm.startPrank(owner);
        core.setAllowlistEnabled(true);
        core.setProviderApproval(provider, true);
        vm.stopPrank();
    }

    function withdrawApproval() internal {
        vm.prank(owner);
        core.setProviderApproval(provider, false);
    }

    function test_approvedProviderGrowsCapacity() public {
        vm.startPrank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(peerInput(operator, 1)));
        market.addPeers(offerId, one(peerInput(operator, 1)));
        market.addUnits(peerId, newIds(1));
        vm.stopPrank();
        assertEq(market.offerCount(), 2);
        assertEq(market.offer(offerId).peerCount, 2);
        assertEq(market.peer(peerId).unitCount, 2);
    }

    function test_registerOffer_revertsWhenNotAllowed() public {
        withdrawApproval();
        vm.expectRevert(abi.encodeWithSelector(IMarket.ProviderNotAllowed.selector, provider));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), noPeers());
    }

    function test_addPeers_revertsWhenNotAllowed() public {
        withdrawApproval();
        IMarket.PeerInput[] memory peers = one(peerInput(operator, 1));
        vm.expectRevert(abi.encodeWithSelector(IMarket.ProviderNotAllowed.selector, provider));
        vm.prank(provider);
        market.addPeers(offerId, peers);
    }

    function test_addUnits_revertsWhenNotAllowed() public {
        withdrawApproval();
        bytes32[] memory units = newIds(1);
        vm.expectRevert(abi.encodeWithSelector(IMarket.ProviderNotAllowed.selector, provider));
        vm.prank(provider);
        market.addUnits(peerId, units);
    }

    function test_withdrawnApprovalKeepsExistingCapacityManageable() public {
        withdrawApproval();
        vm.startPrank(provider);
        market.setOfferPrice(offerId, PRICE * 2);
        market.setPeerOperator(peerId, operator2);
        vm.stopPrank();
        assertEq(market.offer(offerId).minPricePerUnit, PRICE * 2);
        assertEq(market.peer(peerId).operator, operator2);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        assertEq(market.peer(peerId).commitmentId, id);
    }
}
