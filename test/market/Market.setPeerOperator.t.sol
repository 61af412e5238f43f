// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTestBase} from "./MarketTestBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract MarketSetPeerOperatorTest is MarketTestBase {
    function test_setPeerOperator_updatesAndEmits() public {
        (uint256 offerId, bytes32 peerId,) = registerPeer(2);
        vm.expectEmit(address(market));
        emit IMarket.PeerOperatorChanged(peerId, operator2);
        vm.prank(provider);
        market.setPeerOperator(peerId, operator2);
        assertPeer(peerId, operator2, offerId, 2, 0);
    }

    /// @notice The operator of a committed peer can be rotated; proofs then come from the new operator only.
    function test_setPeerOperator_newOperatorSubmitsProofs() public {
        (, bytes32 peerId, bytes32[] memory unitIds) = activeCommitment(1, MIN_DURATION);
        vm.prank(provider);
        market.setPeerOperator(peerId, operator2);
        ICapacity.Proof[] memory proofs = proofsFor(unitIds[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotOperator.selector, peerId, operator));
        vm.prank(operator);
        capacity.submitProofs(proofs);
        vm.prank(operator2);
        capacity.submitProofs(proofs);
        assertEq(capacity.unitState(unitIds[0]).proofs, 1);
    }

    function test_setPeerOperator_revertsOnZeroAddress() public {
        (, bytes32 peerId,) = registerPeer(1);
        vm.expectRevert(IMarket.ZeroAddress.selector);
        vm.prank(provider);
        market.setPeerOperator(peerId, address(0));
    }

    function test_setPeerOperator_revertsOnUnknownPeer() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, unknown));
        vm.prank(provider);
        market.setPeerOperator(unknown, operator2);
    }

    function test_setPeerOperator_revertsWhenNotOfferOwner() public {
        (uint256 offerId, bytes32 peerId,) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(IMarket.NotOfferOwner.selector, offerId, operator));
        vm.prank(operator);
        market.setPeerOperator(peerId, operator2);
    }
}
