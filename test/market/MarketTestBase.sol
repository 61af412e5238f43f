// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

/// @notice Small builders shared by the Market tests.
abstract contract MarketTestBase is Fixture {
    address internal provider2 = makeAddr("provider2");
    address internal operator2 = makeAddr("operator2");

    function setUp() public virtual override {
        super.setUp();
        vm.prank(provider2);
        market.registerProvider("provider2", hex"02");
    }

    function noEffectors() internal pure returns (bytes32[] memory) {
        return new bytes32[](0);
    }

    function noPeers() internal pure returns (IMarket.PeerInput[] memory) {
        return new IMarket.PeerInput[](0);
    }

    function one(bytes32 a) internal pure returns (bytes32[] memory ids) {
        ids = new bytes32[](1);
        ids[0] = a;
    }

    function two(bytes32 a, bytes32 b) internal pure returns (bytes32[] memory ids) {
        ids = new bytes32[](2);
        ids[0] = a;
        ids[1] = b;
    }

    function one(IMarket.PeerInput memory a) internal pure returns (IMarket.PeerInput[] memory peers) {
        peers = new IMarket.PeerInput[](1);
        peers[0] = a;
    }

    function two(IMarket.PeerInput memory a, IMarket.PeerInput memory b)
        internal
        pure
        returns (IMarket.PeerInput[] memory peers)
    {
        peers = new IMarket.PeerInput[](2);
        peers[0] = a;
        peers[1] = b;
    }

    /// @notice An offer of `provider` without effectors or peers.
    function emptyOffer() internal returns (uint256 offerId) {
        vm.prank(provider);
        offerId = market.registerOffer(PRICE, address(usd), noEffectors(), noPeers());
    }

    /// @notice An offer of `provider` with the given effectors and no peers.
    function offerWithEffectors(bytes32[] memory effectors) internal returns (uint256 offerId) {
        vm.prank(provider);
        offerId = market.registerOffer(PRICE, address(usd), effectors, noPeers());
    }

    /// @notice Runs an active commitment to its end and finishes it.
    function finish(uint256 commitmentId) internal {
        goToEpoch(capacity.commitment(commitmentId).endEpoch);
        capacity.finishCommitment(commitmentId);
    }

    function assertPeer(bytes32 peerId, address operator_, uint256 offerId, uint256 unitCount, uint256 commitmentId)
        internal
        view
    {
        IMarket.Peer memory p = market.peer(peerId);
        assertEq(p.operator, operator_, "operator");
        assertEq(p.offerId, offerId, "offerId");
        assertEq(p.unitCount, unitCount, "unitCount");
        assertEq(p.commitmentId, commitmentId, "commitmentId");
    }

    function assertUnitsOf(bytes32 peerId, bytes32[] memory unitIds) internal view {
        for (uint256 i; i < unitIds.length; ++i) {
            (bytes32 ofPeer,) = market.unitPeer(unitIds[i]);
            assertEq(ofPeer, peerId, "unit's peer");
        }
    }

    function assertUnknownUnits(bytes32[] memory unitIds) internal {
        for (uint256 i; i < unitIds.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, unitIds[i]));
            market.unitPeer(unitIds[i]);
        }
    }
}
