// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketRegisterOfferTest is MarketTestBase {
    function test_registerOffer_storesEverythingAndEmits() public {
        bytes32[] memory effectors = newIds(2);
        IMarket.PeerInput[] memory peers = two(peerInput(operator, 2), peerInput(operator2, 0));

        vm.expectEmit(address(market));
        emit IMarket.OfferRegistered(1, provider, address(usd), PRICE);
        vm.expectEmit(address(market));
        emit IMarket.EffectorsAdded(1, effectors);
        vm.expectEmit(address(market));
        emit IMarket.PeerAdded(1, peers[0].peerId, operator);
        vm.expectEmit(address(market));
        emit IMarket.UnitsAdded(peers[0].peerId, peers[0].unitIds);
        vm.expectEmit(address(market));
        emit IMarket.PeerAdded(1, peers[1].peerId, operator2);
        vm.recordLogs();
        vm.prank(provider);
        uint256 offerId = market.registerOffer(PRICE, address(usd), effectors, peers);
        assertEq(vm.getRecordedLogs().length, 5, "no UnitsAdded for a peer without CUs");

        assertEq(offerId, 1);
        assertEq(market.offerCount(), 1);
        IMarket.Offer memory o = market.offer(offerId);
        assertEq(o.provider, provider);
        assertEq(o.minPricePerUnit, PRICE);
        assertEq(o.paymentToken, address(usd));
        assertEq(o.peerCount, 2);
        assertTrue(market.hasEffectors(offerId, effectors));
        assertPeer(peers[0].peerId, operator, offerId, 2, 0);
        assertPeer(peers[1].peerId, operator2, offerId, 0, 0);
        assertUnitsOf(peers[0].peerId, peers[0].unitIds);
    }

    function test_registerOffer_withoutEffectorsOrPeers() public {
        vm.expectEmit(address(market));
        emit IMarket.OfferRegistered(1, provider, address(usd), 0);
        vm.recordLogs();
        vm.prank(provider);
        uint256 offerId = market.registerOffer(0, address(usd), noEffectors(), noPeers());
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "only OfferRegistered");
        IMarket.Offer memory o = market.offer(offerId);
        assertEq(o.minPricePerUnit, 0);
        assertEq(o.peerCount, 0);
    }

    function test_registerOffer_idsIncreaseAcrossProviders() public {
        uint256 first = emptyOffer();
        vm.prank(provider2);
        uint256 second = market.registerOffer(PRICE, address(stake), noEffectors(), noPeers());
        assertEq(first, 1);
        assertEq(second, 2);
        assertEq(market.offerCount(), 2);
        assertEq(market.offer(second).provider, provider2);
        assertEq(market.offer(second).paymentToken, address(stake));
    }

    function test_registerOffer_acceptsMaxPrice() public {
        vm.prank(provider);
        uint256 offerId = market.registerOffer(type(uint96).max, address(usd), noEffectors(), noPeers());
        assertEq(market.offer(offerId).minPricePerUnit, type(uint96).max);
    }

    function test_registerOffer_revertsOnPriceTooHigh() public {
        uint256 price = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IMarket.PriceTooHigh.selector, price));
        vm.prank(provider);
        market.registerOffer(price, address(usd), noEffectors(), noPeers());
    }

    function test_registerOffer_revertsWhenProviderNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.ProviderNotRegistered.selector, stranger));
        vm.prank(stranger);
        market.registerOffer(PRICE, address(usd), noEffectors(), noPeers());
    }

    function test_registerOffer_revertsOnZeroToken() public {
        vm.expectRevert(IMarket.ZeroAddress.selector);
        vm.prank(provider);
        market.registerOffer(PRICE, address(0), noEffectors(), noPeers());
    }

    function test_registerOffer_revertsOnZeroOperator() public {
        vm.expectRevert(IMarket.ZeroAddress.selector);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(peerInput(address(0), 1)));
    }

    function test_registerOffer_revertsOnZeroPeerId() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        p.peerId = 0;
        vm.expectRevert(IMarket.ZeroId.selector);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
    }

    function test_registerOffer_revertsOnZeroUnitId() public {
        IMarket.PeerInput memory p = peerInput(operator, 2);
        p.unitIds[1] = 0;
        vm.expectRevert(abi.encodeWithSelector(IMarket.ReservedUnitId.selector, bytes32(0)));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
    }

    function test_registerOffer_revertsOnZeroEffector() public {
        vm.expectRevert(IMarket.ZeroId.selector);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), two(newId(), 0), noPeers());
    }

    function test_registerOffer_revertsOnDuplicateEffector() public {
        bytes32 e = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.EffectorAlreadyAdded.selector, e));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), two(e, e), noPeers());
    }

    function test_registerOffer_revertsOnExistingPeer() public {
        (, bytes32 peerId,) = registerPeer(1);
        IMarket.PeerInput memory p = peerInput(operator2, 1);
        p.peerId = peerId;
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerExists.selector, peerId));
        vm.prank(provider2);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
    }

    function test_registerOffer_revertsOnDuplicatePeerInCall() public {
        IMarket.PeerInput memory a = peerInput(operator, 1);
        IMarket.PeerInput memory b = peerInput(operator, 1);
        b.peerId = a.peerId;
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerExists.selector, a.peerId));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), two(a, b));
    }

    function test_registerOffer_revertsOnExistingUnit() public {
        (,, bytes32[] memory unitIds) = registerPeer(1);
        IMarket.PeerInput memory p = peerInput(operator2, 2);
        p.unitIds[1] = unitIds[0];
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, unitIds[0]));
        vm.prank(provider2);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
    }

    function test_registerOffer_revertsOnDuplicateUnitWithinPeer() public {
        IMarket.PeerInput memory p = peerInput(operator, 2);
        p.unitIds[1] = p.unitIds[0];
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, p.unitIds[0]));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
    }

    function test_registerOffer_revertsOnDuplicateUnitAcrossPeers() public {
        IMarket.PeerInput memory a = peerInput(operator, 1);
        IMarket.PeerInput memory b = peerInput(operator, 1);
        b.unitIds[0] = a.unitIds[0];
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, a.unitIds[0]));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), two(a, b));
    }

    /// @notice Random peer and CU counts: the offer's peer count, each peer's CU count and every CU's peer agree.
    function testFuzz_registerOffer_countsStayConsistent(uint8 peerCount, uint256 unitSeed) public {
        peerCount = uint8(bound(peerCount, 0, 8));
        IMarket.PeerInput[] memory peers = new IMarket.PeerInput[](peerCount);
        for (uint256 i; i < peerCount; ++i) {
            peers[i] = peerInput(i % 2 == 0 ? operator : operator2, uint256(keccak256(abi.encode(unitSeed, i))) % 6);
        }
        vm.prank(provider);
        uint256 offerId = market.registerOffer(PRICE, address(usd), noEffectors(), peers);
        assertEq(market.offer(offerId).peerCount, peerCount);
        for (uint256 i; i < peerCount; ++i) {
            assertPeer(peers[i].peerId, peers[i].operator, offerId, peers[i].unitIds.length, 0);
            for (uint256 j; j < peers[i].unitIds.length; ++j) {
                IMarket.UnitInfo memory info = market.unit(peers[i].unitIds[j]);
                assertEq(info.peerId, peers[i].peerId);
                assertEq(info.offerId, offerId);
                assertEq(info.provider, provider);
                assertEq(info.operator, peers[i].operator);
            }
        }
    }

    function testFuzz_registerOffer_price(uint256 price) public {
        vm.prank(provider);
        if (price > type(uint96).max) {
            vm.expectRevert(abi.encodeWithSelector(IMarket.PriceTooHigh.selector, price));
            market.registerOffer(price, address(usd), noEffectors(), noPeers());
        } else {
            uint256 offerId = market.registerOffer(price, address(usd), noEffectors(), noPeers());
            assertEq(market.offer(offerId).minPricePerUnit, price);
        }
    }
}
