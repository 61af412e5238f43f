// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketRemoveUnitsTest is MarketTestBase {
    uint256 internal offerId;
    bytes32 internal peerId;
    bytes32[] internal labels;
    bytes32[] internal unitIds;

    function setUp() public override {
        super.setUp();
        IMarket.PeerInput memory p = peerInput(operator, 3);
        vm.prank(provider);
        offerId = market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
        labels = p.unitLabels;
        (peerId, unitIds) = idsOf(provider, p);
    }

    function test_removeUnits_removesAndEmits() public {
        bytes32[] memory removed = two(unitIds[0], unitIds[2]);
        vm.expectEmit(address(market));
        emit IMarket.UnitsRemoved(peerId, removed);
        vm.prank(provider);
        market.removeUnits(peerId, removed);
        assertPeer(peerId, operator, offerId, 1, 0);
        assertUnknownUnits(removed);
        assertUnitsOf(peerId, one(unitIds[1]));
    }

    function test_removeUnits_removedIdCanBeAddedAgain() public {
        vm.prank(provider);
        market.removeUnits(peerId, one(unitIds[0]));
        vm.prank(provider);
        market.addUnits(peerId, one(labels[0]));
        assertUnitsOf(peerId, unitIds);
    }

    function test_removeUnits_afterCommitmentRemoved() public {
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.startPrank(provider);
        capacity.removeCommitment(id);
        market.removeUnits(peerId, unitIds);
        vm.stopPrank();
        assertEq(market.peer(peerId).unitCount, 0);
    }

    function test_removeUnits_afterCommitmentFinished() public {
        (uint256 id, bytes32 committed, bytes32[] memory committedUnits) = activeCommitment(2, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerCommitted.selector, committed, id));
        vm.prank(provider);
        market.removeUnits(committed, committedUnits);
        finish(id);
        vm.prank(provider);
        market.removeUnits(committed, committedUnits);
        assertEq(market.peer(committed).unitCount, 0);
        assertUnknownUnits(committedUnits);
    }

    function test_removeUnits_revertsWhenCommitted() public {
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerCommitted.selector, peerId, id));
        vm.prank(provider);
        market.removeUnits(peerId, one(unitIds[0]));
    }

    function test_removeUnits_revertsOnNoUnits() public {
        vm.expectRevert(IMarket.NoUnits.selector);
        vm.prank(provider);
        market.removeUnits(peerId, new bytes32[](0));
    }

    function test_removeUnits_revertsOnUnknownPeer() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, unknown));
        vm.prank(provider);
        market.removeUnits(unknown, one(unitIds[0]));
    }

    function test_removeUnits_revertsWhenNotOfferOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, provider2));
        vm.prank(provider2);
        market.removeUnits(peerId, one(unitIds[0]));
    }

    function test_removeUnits_revertsOnUnknownUnit() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitNotOfPeer.selector, unknown, peerId));
        vm.prank(provider);
        market.removeUnits(peerId, two(unitIds[0], unknown));
    }

    function test_removeUnits_revertsOnUnitOfAnotherPeer() public {
        IMarket.PeerInput memory other = peerInput(operator, 1);
        vm.prank(provider);
        market.addPeers(offerId, one(other));
        (, bytes32[] memory otherUnits) = idsOf(provider, other);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitNotOfPeer.selector, otherUnits[0], peerId));
        vm.prank(provider);
        market.removeUnits(peerId, one(otherUnits[0]));
    }

    function test_removeUnits_revertsOnDuplicateInInput() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitNotOfPeer.selector, unitIds[1], peerId));
        vm.prank(provider);
        market.removeUnits(peerId, two(unitIds[1], unitIds[1]));
        assertEq(market.peer(peerId).unitCount, 3);
    }

    /// @notice A CU that joined a deal during a commitment stays in it after the commitment is finished: the peer is
    /// free again, but that CU cannot be removed until it leaves the deal.
    function test_removeUnits_revertsWhenUnitInDeal() public {
        becomeDealModule();
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.prank(delegator);
        capacity.depositCollateral(id);
        goToEpoch(capacity.commitment(id).startEpoch);
        capacity.onUnitJoinedDeal(unitIds[1], id);
        finish(id);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitInDeal.selector, unitIds[1]));
        vm.prank(provider);
        market.removeUnits(peerId, two(unitIds[0], unitIds[1]));
        assertEq(market.peer(peerId).unitCount, 3);

        capacity.onUnitLeftDeal(unitIds[1], id);
        vm.prank(provider);
        market.removeUnits(peerId, two(unitIds[0], unitIds[1]));
        assertEq(market.peer(peerId).unitCount, 1);
    }
}
