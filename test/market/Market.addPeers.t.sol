// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketAddPeersTest is MarketTestBase {
    uint256 internal offerId;
    IMarket.PeerInput internal existing;
    bytes32 internal existingPeer;
    bytes32[] internal existingUnits;

    function setUp() public override {
        super.setUp();
        existing = peerInput(operator, 1);
        vm.prank(provider);
        offerId = market.registerOffer(PRICE, address(usd), noEffectors(), one(existing));
        (existingPeer, existingUnits) = idsOf(provider, existing);
    }

    function test_addPeers_addsAndEmits() public {
        IMarket.PeerInput[] memory peers = two(peerInput(operator2, 3), peerInput(operator, 0));
        (bytes32 first, bytes32[] memory units) = idsOf(provider, peers[0]);
        (bytes32 second,) = idsOf(provider, peers[1]);
        vm.expectEmit(address(market));
        emit IMarket.PeerAdded(offerId, first, peers[0].publicKey, operator2);
        vm.expectEmit(address(market));
        emit IMarket.UnitsAdded(first, units);
        vm.expectEmit(address(market));
        emit IMarket.PeerAdded(offerId, second, peers[1].publicKey, operator);
        vm.recordLogs();
        vm.prank(provider);
        market.addPeers(offerId, peers);
        assertEq(vm.getRecordedLogs().length, 3);

        assertEq(market.offer(offerId).peerCount, 3);
        assertPeer(first, operator2, offerId, 3, 0);
        assertPeer(second, operator, offerId, 0, 0);
        assertUnitsOf(first, units);
        assertPeer(existingPeer, operator, offerId, 1, 0);
    }

    function test_addPeers_reAddsARemovedPeerId() public {
        vm.startPrank(provider);
        market.removeUnits(existingPeer, existingUnits);
        market.removePeer(existingPeer);
        vm.stopPrank();
        uint256 other = emptyOffer();
        IMarket.PeerInput memory p = existing;
        p.operator = operator2;
        vm.prank(provider);
        market.addPeers(other, one(p));
        assertPeer(existingPeer, operator2, other, 1, 0);
        assertEq(market.offer(offerId).peerCount, 0);
        assertEq(market.offer(other).peerCount, 1);
        assertUnitsOf(existingPeer, existingUnits);
    }

    function test_addPeers_revertsOnUnknownOffer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownOffer.selector, 3));
        vm.prank(provider);
        market.addPeers(3, one(peerInput(operator, 1)));
    }

    function test_addPeers_revertsWhenNotOfferOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, provider2));
        vm.prank(provider2);
        market.addPeers(offerId, one(peerInput(operator, 1)));
    }

    function test_addPeers_revertsOnZeroPublicKey() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        p.publicKey = 0;
        vm.expectRevert(IMarket.ZeroId.selector);
        vm.prank(provider);
        market.addPeers(offerId, one(p));
    }

    function test_addPeers_revertsOnZeroOperator() public {
        vm.expectRevert(IMarket.ZeroAddress.selector);
        vm.prank(provider);
        market.addPeers(offerId, one(peerInput(address(0), 1)));
    }

    function test_addPeers_revertsOnExistingPeer() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        p.publicKey = existing.publicKey;
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerExists.selector, existingPeer));
        vm.prank(provider);
        market.addPeers(offerId, one(p));
    }

    function test_addPeers_revertsOnDuplicatePeerInCall() public {
        IMarket.PeerInput memory a = peerInput(operator, 0);
        IMarket.PeerInput memory b = peerInput(operator, 0);
        b.publicKey = a.publicKey;
        (bytes32 peerId,) = idsOf(provider, a);
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerExists.selector, peerId));
        vm.prank(provider);
        market.addPeers(offerId, two(a, b));
    }

    /// @notice Another provider adds a peer under a key this one registered: its own peer, with ids of its own.
    function test_addPeers_sameKeyUnderAnotherProvider() public {
        vm.prank(provider2);
        uint256 other = market.registerOffer(PRICE, address(usd), noEffectors(), noPeers());
        vm.prank(provider2);
        market.addPeers(other, one(existing));
        (bytes32 peerId, bytes32[] memory units) = idsOf(provider2, existing);
        assertTrue(peerId != existingPeer && units[0] != existingUnits[0], "ids of its own");
        assertPeer(peerId, operator, other, 1, 0);
        assertPeer(existingPeer, operator, offerId, 1, 0);
        assertUnitsOf(peerId, units);
        assertUnitsOf(existingPeer, existingUnits);
    }

    function test_addPeers_revertsOnDuplicateUnitWithinPeer() public {
        IMarket.PeerInput memory p = peerInput(operator, 2);
        p.unitLabels[1] = p.unitLabels[0];
        (, bytes32[] memory units) = idsOf(provider, p);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, units[0]));
        vm.prank(provider);
        market.addPeers(offerId, one(p));
    }

    function testFuzz_addPeers_peerCountTracksAdditions(uint8 batches, uint8 perBatch) public {
        batches = uint8(bound(batches, 1, 4));
        perBatch = uint8(bound(perBatch, 0, 4));
        for (uint256 i; i < batches; ++i) {
            IMarket.PeerInput[] memory peers = new IMarket.PeerInput[](perBatch);
            for (uint256 j; j < perBatch; ++j) {
                peers[j] = peerInput(operator, j);
            }
            vm.prank(provider);
            market.addPeers(offerId, peers);
        }
        assertEq(market.offer(offerId).peerCount, 1 + uint256(batches) * perBatch);
    }
}
