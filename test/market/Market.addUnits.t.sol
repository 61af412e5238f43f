// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketAddUnitsTest is MarketTestBase {
    uint256 internal offerId;
    bytes32 internal peerId;
    bytes32[] internal labels;
    bytes32[] internal unitIds;

    function setUp() public override {
        super.setUp();
        IMarket.PeerInput memory p = peerInput(operator, 1);
        vm.prank(provider);
        offerId = market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
        labels = p.unitLabels;
        (peerId, unitIds) = idsOf(provider, p);
    }

    function test_addUnits_addsAndEmits() public {
        bytes32[] memory addedLabels = newIds(3);
        bytes32[] memory added = unitIdsOf(peerId, addedLabels);
        vm.expectEmit(address(market));
        emit IMarket.UnitsAdded(peerId, added);
        vm.prank(provider);
        market.addUnits(peerId, addedLabels);
        assertPeer(peerId, operator, offerId, 4, 0);
        assertUnitsOf(peerId, added);
        assertUnitsOf(peerId, unitIds);
    }

    function test_addUnits_afterCommitmentRemoved() public {
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.prank(provider);
        capacity.removeCommitment(id);
        bytes32[] memory added = newIds(1);
        vm.prank(provider);
        market.addUnits(peerId, added);
        assertPeer(peerId, operator, offerId, 2, id);
    }

    function test_addUnits_afterCommitmentFinished() public {
        (uint256 id, bytes32 committed,) = activeCommitment(1, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerCommitted.selector, committed, id));
        vm.prank(provider);
        market.addUnits(committed, newIds(1));
        finish(id);
        vm.prank(provider);
        market.addUnits(committed, newIds(1));
        assertEq(market.peer(committed).unitCount, 2);
    }

    function test_addUnits_revertsWhenCommitted() public {
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerCommitted.selector, peerId, id));
        vm.prank(provider);
        market.addUnits(peerId, newIds(1));
    }

    function test_addUnits_revertsOnNoUnits() public {
        vm.expectRevert(IMarket.NoUnits.selector);
        vm.prank(provider);
        market.addUnits(peerId, new bytes32[](0));
    }

    function test_addUnits_revertsOnUnknownPeer() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, unknown));
        vm.prank(provider);
        market.addUnits(unknown, newIds(1));
    }

    function test_addUnits_revertsWhenNotOfferOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, provider2));
        vm.prank(provider2);
        market.addUnits(peerId, newIds(1));
    }

    function test_addUnits_revertsOnLabelOfTheSamePeer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, unitIds[0]));
        vm.prank(provider);
        market.addUnits(peerId, one(labels[0]));
    }

    /// @notice Labels are scoped by the peer: another provider's peer using the same labels blocks nothing.
    function test_addUnits_labelsOfAnotherPeerAreOtherCUs() public {
        IMarket.PeerInput memory other = peerInput(operator2, 1);
        bytes32 label = other.unitLabels[0];
        vm.prank(provider2);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(other));
        vm.prank(provider);
        market.addUnits(peerId, one(label));
        (bytes32 otherPeer, bytes32[] memory otherUnits) = idsOf(provider2, other);
        assertUnitsOf(peerId, unitIdsOf(peerId, one(label)));
        assertUnitsOf(otherPeer, otherUnits);
    }

    function test_addUnits_revertsOnDuplicateInInput() public {
        bytes32 u = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, market.unitIdOf(peerId, u)));
        vm.prank(provider);
        market.addUnits(peerId, two(u, u));
        assertPeer(peerId, operator, offerId, 1, 0);
    }

    function testFuzz_addUnits_unitCountTracksAdditions(uint8 first, uint8 second) public {
        first = uint8(bound(first, 1, 10));
        second = uint8(bound(second, 1, 10));
        vm.startPrank(provider);
        market.addUnits(peerId, newIds(first));
        market.addUnits(peerId, newIds(second));
        vm.stopPrank();
        assertEq(market.peer(peerId).unitCount, 1 + uint256(first) + second);
    }
}
