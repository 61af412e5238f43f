// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

contract MarketSetPeerCommitmentTest is MarketTestBase {
    uint256 internal offerId;
    bytes32 internal peerId;

    function setUp() public override {
        super.setUp();
        (offerId, peerId,) = registerPeer(2);
    }

    function test_setPeerCommitment_byCapacitySetsAndEmits() public {
        vm.expectEmit(address(market));
        emit IMarket.PeerCommitmentSet(peerId, 42);
        vm.prank(address(capacity));
        market.setPeerCommitment(peerId, 42);
        assertPeer(peerId, operator, offerId, 2, 42);

        vm.expectEmit(address(market));
        emit IMarket.PeerCommitmentSet(peerId, 0);
        vm.prank(address(capacity));
        market.setPeerCommitment(peerId, 0);
        assertPeer(peerId, operator, offerId, 2, 0);
    }

    /// @notice The peer records its latest commitment; a removed one no longer locks it and a new one replaces it.
    function test_setPeerCommitment_followsCommitmentLifecycle() public {
        vm.expectEmit(address(market));
        emit IMarket.PeerCommitmentSet(peerId, 1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        assertEq(market.peer(peerId).commitmentId, id);
        assertTrue(capacity.locksPeer(id));
        vm.prank(provider);
        capacity.removeCommitment(id);
        assertFalse(capacity.locksPeer(id));
        assertEq(market.peer(peerId).commitmentId, id, "the latest commitment is kept");

        vm.expectEmit(address(market));
        emit IMarket.PeerCommitmentSet(peerId, id + 1);
        uint256 next = createCommitment(peerId, MIN_DURATION);
        assertEq(market.peer(peerId).commitmentId, next);
    }

    function test_setPeerCommitment_revertsWhenNotCapacity() public {
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotCapacity.selector, provider));
        vm.prank(provider);
        market.setPeerCommitment(peerId, 1);
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotCapacity.selector, owner));
        vm.prank(owner);
        market.setPeerCommitment(peerId, 1);
    }

    function test_setPeerCommitment_revertsOnUnknownPeer() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, unknown));
        vm.prank(address(capacity));
        market.setPeerCommitment(unknown, 1);
    }
}
