// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketRemovePeerTest is MarketTestBase {
    uint256 internal offerId;
    bytes32 internal peerId;
    bytes32[] internal unitIds;

    function setUp() public override {
        super.setUp();
        (offerId, peerId, unitIds) = registerPeer(2);
    }

    function test_removePeer_deletesAndEmits() public {
        vm.prank(provider);
        market.removeUnits(peerId, unitIds);
        vm.expectEmit(address(market));
        emit IMarket.PeerRemoved(offerId, peerId);
        vm.prank(provider);
        market.removePeer(peerId);
        assertEq(market.offer(offerId).peerCount, 0);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, peerId));
        market.peer(peerId);
    }

    function test_removePeer_keepsOtherPeers() public {
        IMarket.PeerInput memory other = peerInput(operator2, 0);
        vm.startPrank(provider);
        market.addPeers(offerId, one(other));
        (bytes32 otherId,) = idsOf(provider, other);
        market.removePeer(otherId);
        vm.stopPrank();
        assertEq(market.offer(offerId).peerCount, 1);
        assertPeer(peerId, operator, offerId, 2, 0);
    }

    function test_removePeer_afterCommitmentRemoved() public {
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.startPrank(provider);
        capacity.removeCommitment(id);
        market.removeUnits(peerId, unitIds);
        market.removePeer(peerId);
        vm.stopPrank();
        assertEq(market.offer(offerId).peerCount, 0);
    }

    function test_removePeer_afterCommitmentFinished() public {
        (uint256 id, bytes32 committed, bytes32[] memory committedUnits) = activeCommitment(1, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerCommitted.selector, committed, id));
        vm.prank(provider);
        market.removePeer(committed);
        finish(id);
        vm.startPrank(provider);
        market.removeUnits(committed, committedUnits);
        market.removePeer(committed);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, committed));
        market.peer(committed);
    }

    function test_removePeer_revertsWhenPeerHasUnits() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerHasUnits.selector, peerId, 2));
        vm.prank(provider);
        market.removePeer(peerId);
    }

    function test_removePeer_revertsWhenCommitted() public {
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerCommitted.selector, peerId, id));
        vm.prank(provider);
        market.removePeer(peerId);
    }

    function test_removePeer_revertsOnUnknownPeer() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, unknown));
        vm.prank(provider);
        market.removePeer(unknown);
    }

    function test_removePeer_revertsWhenNotOfferOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, provider2));
        vm.prank(provider2);
        market.removePeer(peerId);
    }

    function test_removePeer_revertsWhenRemovedTwice() public {
        vm.startPrank(provider);
        market.removeUnits(peerId, unitIds);
        market.removePeer(peerId);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, peerId));
        market.removePeer(peerId);
        vm.stopPrank();
    }
}
