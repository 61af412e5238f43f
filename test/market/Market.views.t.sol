// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

/// @notice offer, offerCount, hasEffectors, hasEffector, peer, peerWithProvider, unit, unitPeer, provider.
contract MarketViewsTest is MarketTestBase {
    uint256 internal offerId;
    bytes32 internal peerId;
    bytes32[] internal unitIds;
    bytes32[] internal effectors;

    function setUp() public override {
        super.setUp();
        effectors = newIds(2);
        IMarket.PeerInput memory p = peerInput(operator, 2);
        (peerId, unitIds) = idsOf(provider, p);
        vm.prank(provider);
        offerId = market.registerOffer(PRICE, address(usd), effectors, one(p));
    }

    function test_offer() public view {
        IMarket.Offer memory o = market.offer(offerId);
        assertEq(o.provider, provider);
        assertEq(o.minPricePerUnit, PRICE);
        assertEq(o.paymentToken, address(usd));
        assertEq(o.peerCount, 1);
    }

    function test_offer_revertsOnUnknownOffer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, 0));
        market.offer(0);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, 2));
        market.offer(2);
    }

    function test_offerCount() public {
        assertEq(market.offerCount(), 1);
        emptyOffer();
        vm.prank(provider2);
        market.registerOffer(PRICE, address(usd), noEffectors(), noPeers());
        assertEq(market.offerCount(), 3);
    }

    function test_hasEffectors() public {
        assertTrue(market.hasEffectors(offerId, effectors));
        assertTrue(market.hasEffectors(offerId, one(effectors[1])));
        assertTrue(market.hasEffectors(offerId, new bytes32[](0)), "the empty set is always supported");
        assertFalse(market.hasEffectors(offerId, two(effectors[0], newId())));
        assertFalse(market.hasEffectors(emptyOffer(), one(effectors[0])));
    }

    function test_hasEffector() public {
        assertTrue(market.hasEffector(offerId, effectors[0]));
        assertTrue(market.hasEffector(offerId, effectors[1]));
        assertFalse(market.hasEffector(offerId, newId()));
        assertFalse(market.hasEffector(offerId, 0));
        assertFalse(market.hasEffector(offerId + 1, effectors[0]));
    }

    function test_peer() public view {
        assertPeer(peerId, operator, offerId, 2, 0);
    }

    function test_peer_revertsOnUnknownPeer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, bytes32(0)));
        market.peer(0);
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, unknown));
        market.peer(unknown);
    }

    function test_peerWithProvider() public {
        uint256 id = createCommitment(peerId, MIN_DURATION);
        (IMarket.Peer memory p, address owner_) = market.peerWithProvider(peerId);
        assertEq(owner_, provider);
        assertEq(p.operator, operator);
        assertEq(p.offerId, offerId);
        assertEq(p.unitCount, 2);
        assertEq(p.commitmentId, id);
    }

    function test_peerWithProvider_revertsOnUnknownPeer() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, unknown));
        market.peerWithProvider(unknown);
    }

    function test_unit() public {
        IMarket.UnitInfo memory info = market.unit(unitIds[1]);
        assertEq(info.peerId, peerId);
        assertEq(info.offerId, offerId);
        assertEq(info.provider, provider);
        assertEq(info.operator, operator);
        assertEq(info.commitmentId, 0);

        uint256 id = createCommitment(peerId, MIN_DURATION);
        assertEq(market.unit(unitIds[1]).commitmentId, id);
    }

    function test_unit_revertsOnUnknownUnit() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, unknown));
        market.unit(unknown);
        vm.prank(provider);
        market.removeUnits(peerId, one(unitIds[0]));
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, unitIds[0]));
        market.unit(unitIds[0]);
    }

    function test_unitPeer() public {
        vm.prank(provider);
        market.setPeerOperator(peerId, operator2);
        (bytes32 ofPeer, IMarket.Peer memory p) = market.unitPeer(unitIds[0]);
        assertEq(ofPeer, peerId);
        assertEq(p.operator, operator2);
        assertEq(p.offerId, offerId);
        assertEq(p.unitCount, 2);
        assertEq(p.commitmentId, 0);
    }

    function test_unitPeer_revertsOnUnknownUnit() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, unknown));
        market.unitPeer(unknown);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, peerId));
        market.unitPeer(peerId);
    }

    function test_provider() public view {
        (bool registered, string memory name, bytes memory cid) = market.provider(provider);
        assertTrue(registered);
        assertEq(name, "provider");
        assertEq(cid, hex"01551220");
    }

    function test_provider_unregistered() public view {
        (bool registered, string memory name, bytes memory cid) = market.provider(stranger);
        assertFalse(registered);
        assertEq(bytes(name).length, 0);
        assertEq(cid.length, 0);
    }
}
