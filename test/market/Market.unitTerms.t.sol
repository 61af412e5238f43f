// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

/// @notice unitTerms: the CU's peer, provider and offer terms, and whether its offer has the required effectors.
contract MarketUnitTermsTest is MarketTestBase {
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

    /// @notice Asserts every field of the CU's terms for `required` effectors.
    function assertTerms(
        bytes32 unitId,
        bytes32[] memory required,
        bytes32 peerId_,
        address provider_,
        uint256 price,
        address token,
        bool hasEffectors
    ) internal view {
        IMarket.UnitTerms memory t = market.unitTerms(unitId, required);
        assertEq(t.peerId, peerId_, "peerId");
        assertEq(t.provider, provider_, "provider");
        assertEq(t.minPricePerUnit, price, "price");
        assertEq(t.paymentToken, token, "token");
        assertEq(t.hasEffectors, hasEffectors, "hasEffectors");
    }

    function test_unitTerms_knownUnit() public view {
        assertTerms(unitIds[0], noEffectors(), peerId, provider, PRICE, address(usd), true);
        assertTerms(unitIds[1], noEffectors(), peerId, provider, PRICE, address(usd), true);
    }

    function test_unitTerms_effectorsPresent() public view {
        assertTerms(unitIds[0], effectors, peerId, provider, PRICE, address(usd), true);
        assertTerms(unitIds[0], one(effectors[1]), peerId, provider, PRICE, address(usd), true);
        assertTerms(unitIds[0], two(effectors[1], effectors[1]), peerId, provider, PRICE, address(usd), true);
    }

    function test_unitTerms_effectorsMissing() public {
        bytes32 unsupported = newId();
        assertTerms(unitIds[0], one(unsupported), peerId, provider, PRICE, address(usd), false);
        assertTerms(unitIds[0], two(effectors[0], unsupported), peerId, provider, PRICE, address(usd), false);

        // an offer without effectors supports none
        IMarket.PeerInput memory p = peerInput(operator2, 1);
        vm.prank(provider2);
        market.registerOffer(7, address(stake), noEffectors(), one(p));
        (bytes32 otherPeer, bytes32[] memory otherUnits) = idsOf(provider2, p);
        assertTerms(otherUnits[0], one(effectors[0]), otherPeer, provider2, 7, address(stake), false);
        assertTerms(otherUnits[0], noEffectors(), otherPeer, provider2, 7, address(stake), true);
    }

    /// @notice The peer's latest commitment comes with the terms (deals hand it to the capacity module).
    function test_unitTerms_commitment() public {
        assertEq(market.unitTerms(unitIds[0], noEffectors()).commitmentId, 0);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        assertEq(market.unitTerms(unitIds[0], noEffectors()).commitmentId, id);
        assertEq(market.unitTerms(unitIds[1], noEffectors()).commitmentId, id);
    }

    /// @notice An unknown CU does not revert: its terms are all zero, whatever the effectors.
    function test_unitTerms_unknownUnit() public {
        bytes32 unknown = newId();
        assertTerms(unknown, noEffectors(), 0, address(0), 0, address(0), false);
        assertTerms(unknown, effectors, 0, address(0), 0, address(0), false);
        assertTerms(0, noEffectors(), 0, address(0), 0, address(0), false);
    }

    function test_unitTerms_removedUnitIsUnknown() public {
        vm.prank(provider);
        market.removeUnits(peerId, one(unitIds[0]));
        assertTerms(unitIds[0], noEffectors(), 0, address(0), 0, address(0), false);
        assertTerms(unitIds[1], noEffectors(), peerId, provider, PRICE, address(usd), true);
    }

    function test_unitTerms_followPriceAndTokenChanges() public {
        vm.startPrank(provider);
        market.setOfferPrice(offerId, 3 * PRICE);
        assertTerms(unitIds[0], noEffectors(), peerId, provider, 3 * PRICE, address(usd), true);
        market.setOfferToken(offerId, address(stake));
        vm.stopPrank();
        assertTerms(unitIds[0], effectors, peerId, provider, 3 * PRICE, address(stake), true);
    }

    function test_unitTerms_followEffectorChanges() public {
        bytes32 added = newId();
        assertTerms(unitIds[0], one(added), peerId, provider, PRICE, address(usd), false);
        vm.startPrank(provider);
        market.addEffectors(offerId, one(added));
        assertTerms(unitIds[0], two(effectors[0], added), peerId, provider, PRICE, address(usd), true);
        market.removeEffectors(offerId, one(effectors[0]));
        vm.stopPrank();
        assertTerms(unitIds[0], two(effectors[0], added), peerId, provider, PRICE, address(usd), false);
        assertTerms(unitIds[0], two(effectors[1], added), peerId, provider, PRICE, address(usd), true);
    }
}
