// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketAddPeersTest is MarketTestBase {
    uint256 internal offerId;
    bytes32 internal existingPeer;
    bytes32[] internal existingUnits;

    function setUp() public override {
        super.setUp();
        (offerId, existingPeer, existingUnits) = registerPeer(1);
    }

    function test_addPeers_addsAndEmits() public {
        IMarket.PeerInput[] memory peers = two(peerInput(operator2, 3), peerInput(operator, 0));
        vm.expectEmit(address(market));
        emit IMarket.PeerAdded(offerId, peers[0].peerId, operator2);
        vm.expectEmit(address(market));
        emit IMarket.UnitsAdded(peers[0].peerId, peers[0].unitIds);
        vm.expectEmit(address(market));
        emit IMarket.PeerAdded(offerId, peers[1].peerId, operator);
        vm.recordLogs();
        vm.prank(provider);
        market.addPeers(offerId, peers);
        assertEq(vm.getRecordedLogs().length, 3);

        assertEq(market.offer(offerId).peerCount, 3);
        assertPeer(peers[0].peerId, operator2, offerId, 3, 0);
        assertPeer(peers[1].peerId, operator, offerId, 0, 0);
        assertUnitsOf(peers[0].peerId, peers[0].unitIds);
        assertPeer(existingPeer, operator, offerId, 1, 0);
    }

    function test_addPeers_reAddsARemovedPeerId() public {
        vm.startPrank(provider);
        market.removeUnits(existingPeer, existingUnits);
        market.removePeer(existingPeer);
        vm.stopPrank();
        uint256 other = emptyOffer();
        IMarket.PeerInput memory p =
            IMarket.PeerInput({peerId: existingPeer, operator: operator2, unitIds: existingUnits});
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

    function test_addPeers_revertsOnZeroPeerId() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        p.peerId = 0;
        vm.expectRevert(IMarket.ZeroId.selector);
        vm.prank(provider);
        market.addPeers(offerId, one(p));
    }

    function test_addPeers_revertsOnZeroOperator() public {
        vm.expectRevert(IMarket.ZeroAddress.selector);
        vm.prank(provider);
        market.addPeers(offerId, one(peerInput(address(0), 1)));
    }

    function test_addPeers_revertsOnZeroUnitId() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        p.unitIds[0] = 0;
        vm.expectRevert(abi.encodeWithSelector(IMarket.ReservedUnitId.selector, bytes32(0)));
        vm.prank(provider);
        market.addPeers(offerId, one(p));
    }

    function test_addPeers_revertsOnExistingPeer() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        p.peerId = existingPeer;
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerExists.selector, existingPeer));
        vm.prank(provider);
        market.addPeers(offerId, one(p));
    }

    function test_addPeers_revertsOnDuplicatePeerInCall() public {
        IMarket.PeerInput memory a = peerInput(operator, 0);
        IMarket.PeerInput memory b = peerInput(operator, 0);
        b.peerId = a.peerId;
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerExists.selector, a.peerId));
        vm.prank(provider);
        market.addPeers(offerId, two(a, b));
    }

    function test_addPeers_revertsOnExistingUnit() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        p.unitIds[0] = existingUnits[0];
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, existingUnits[0]));
        vm.prank(provider);
        market.addPeers(offerId, one(p));
    }

    function test_addPeers_revertsOnDuplicateUnitInCall() public {
        IMarket.PeerInput memory a = peerInput(operator, 1);
        IMarket.PeerInput memory b = peerInput(operator, 1);
        b.unitIds[0] = a.unitIds[0];
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, a.unitIds[0]));
        vm.prank(provider);
        market.addPeers(offerId, two(a, b));
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
