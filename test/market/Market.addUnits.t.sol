// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketAddUnitsTest is MarketTestBase {
    uint256 internal offerId;
    bytes32 internal peerId;
    bytes32[] internal unitIds;

    function setUp() public override {
        super.setUp();
        (offerId, peerId, unitIds) = registerPeer(1);
    }

    function test_addUnits_addsAndEmits() public {
        bytes32[] memory added = newIds(3);
        vm.expectEmit(address(market));
        emit IMarket.UnitsAdded(peerId, added);
        vm.prank(provider);
        market.addUnits(peerId, added);
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

    /// @notice Ids that fit 32 bits are reserved (deals store an epoch where they store a CU id): 0 to 2^32 - 1.
    function test_addUnits_revertsOnReservedIds() public {
        bytes32[2] memory reserved = [bytes32(0), bytes32(uint256(type(uint32).max))];
        for (uint256 i; i < reserved.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IMarket.ReservedUnitId.selector, reserved[i]));
            vm.prank(provider);
            market.addUnits(peerId, two(newId(), reserved[i]));
        }
        vm.prank(provider);
        market.addUnits(peerId, one(bytes32(uint256(type(uint32).max) + 1)));
    }

    function test_addUnits_revertsOnUnitOfSamePeer() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, unitIds[0]));
        vm.prank(provider);
        market.addUnits(peerId, one(unitIds[0]));
    }

    function test_addUnits_revertsOnUnitOfAnotherPeer() public {
        IMarket.PeerInput memory other = peerInput(operator2, 1);
        vm.prank(provider2);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(other));
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, other.unitIds[0]));
        vm.prank(provider);
        market.addUnits(peerId, one(other.unitIds[0]));
    }

    function test_addUnits_revertsOnDuplicateInInput() public {
        bytes32 u = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, u));
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
