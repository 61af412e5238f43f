// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketRegisterOfferTest is MarketTestBase {
    function test_registerOffer_storesEverythingAndEmits() public {
        bytes32[] memory effectors = newIds(2);
        IMarket.PeerInput[] memory peers = two(peerInput(operator, 2), peerInput(operator2, 0));
        (bytes32 first, bytes32[] memory units) = idsOf(provider, peers[0]);
        (bytes32 second,) = idsOf(provider, peers[1]);

        vm.expectEmit(address(market));
        emit IMarket.OfferRegistered(1, provider, address(usd), PRICE);
        vm.expectEmit(address(market));
        emit IMarket.EffectorsAdded(1, effectors);
        vm.expectEmit(address(market));
        emit IMarket.PeerAdded(1, first, peers[0].publicKey, operator);
        vm.expectEmit(address(market));
        emit IMarket.UnitsAdded(first, units);
        vm.expectEmit(address(market));
        emit IMarket.PeerAdded(1, second, peers[1].publicKey, operator2);
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
        assertPeer(first, operator, offerId, 2, 0);
        assertPeer(second, operator2, offerId, 0, 0);
        assertUnitsOf(first, units);
    }

    /// @notice Ids are scoped by their owner: the peer's by its provider and public key, a CU's by its peer and label,
    /// as `peerIdOf` and `unitIdOf` compute them (keccak256 of the two words, abi-encoded).
    function test_registerOffer_derivesScopedIds() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
        bytes32 peerId = market.peerIdOf(provider, p.publicKey);
        assertEq(peerId, keccak256(abi.encode(provider, p.publicKey)));
        bytes32 unitId = market.unitIdOf(peerId, p.unitLabels[0]);
        assertEq(unitId, keccak256(abi.encode(peerId, p.unitLabels[0])));
        assertPeer(peerId, operator, 1, 1, 0);
        assertUnitsOf(peerId, one(unitId));
        assertTrue(market.peerIdOf(provider2, p.publicKey) != peerId, "another provider, another id");
    }

    /// @notice Regression (fault 4 of the review of d7aa968): ids were global and first-come, so anyone could register
    /// another provider's peer id first, for good. Another provider registering the same public key (and labels) now
    /// gets ids of its own, and the key's provider registers its peer after it all the same.
    function test_registerOffer_squattedPublicKeyDoesNotBlockItsProvider() public {
        IMarket.PeerInput memory p = peerInput(operator, 2);
        IMarket.PeerInput memory squat = IMarket.PeerInput(p.publicKey, operator2, p.unitLabels);
        vm.prank(provider2);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(squat));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
        (bytes32 own, bytes32[] memory units) = idsOf(provider, p);
        (bytes32 squatted, bytes32[] memory squattedUnits) = idsOf(provider2, squat);
        assertPeer(own, operator, 2, 2, 0);
        assertPeer(squatted, operator2, 1, 2, 0);
        assertUnitsOf(own, units);
        assertUnitsOf(squatted, squattedUnits);
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

    function test_registerOffer_revertsOnZeroPublicKey() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        p.publicKey = 0;
        vm.expectRevert(IMarket.ZeroId.selector);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
    }

    /// @notice A label is any 32 bytes, 0 included: the CU's id is a hash of it.
    function test_registerOffer_acceptsAnyLabel() public {
        IMarket.PeerInput memory p = peerInput(operator, 2);
        p.unitLabels[0] = 0;
        p.unitLabels[1] = bytes32(type(uint256).max);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
        (bytes32 peerId, bytes32[] memory units) = idsOf(provider, p);
        assertUnitsOf(peerId, units);
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

    /// @notice The provider's own peer, registered again (in another offer) under the same key.
    function test_registerOffer_revertsOnExistingPeer() public {
        IMarket.PeerInput memory p = peerInput(operator, 1);
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
        (bytes32 peerId,) = idsOf(provider, p);
        p.unitLabels = newIds(1);
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerExists.selector, peerId));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
    }

    function test_registerOffer_revertsOnDuplicatePeerInCall() public {
        IMarket.PeerInput memory a = peerInput(operator, 1);
        IMarket.PeerInput memory b = peerInput(operator, 1);
        b.publicKey = a.publicKey;
        (bytes32 peerId,) = idsOf(provider, a);
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerExists.selector, peerId));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), two(a, b));
    }

    function test_registerOffer_revertsOnDuplicateUnitWithinPeer() public {
        IMarket.PeerInput memory p = peerInput(operator, 2);
        p.unitLabels[1] = p.unitLabels[0];
        (, bytes32[] memory units) = idsOf(provider, p);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitExists.selector, units[0]));
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), one(p));
    }

    /// @notice The same label on two peers names two CUs.
    function test_registerOffer_sameLabelOnTwoPeers() public {
        IMarket.PeerInput memory a = peerInput(operator, 1);
        IMarket.PeerInput memory b = peerInput(operator, 1);
        b.unitLabels[0] = a.unitLabels[0];
        vm.prank(provider);
        market.registerOffer(PRICE, address(usd), noEffectors(), two(a, b));
        (bytes32 peerA, bytes32[] memory unitsA) = idsOf(provider, a);
        (bytes32 peerB, bytes32[] memory unitsB) = idsOf(provider, b);
        assertTrue(unitsA[0] != unitsB[0]);
        assertUnitsOf(peerA, unitsA);
        assertUnitsOf(peerB, unitsB);
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
            (bytes32 peerId, bytes32[] memory units) = idsOf(provider, peers[i]);
            assertPeer(peerId, peers[i].operator, offerId, units.length, 0);
            for (uint256 j; j < units.length; ++j) {
                IMarket.UnitInfo memory info = market.unit(units[j]);
                assertEq(info.peerId, peerId);
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
