// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CapacityBase} from "./CapacityBase.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract CapacityRemoveCommitmentTest is CapacityBase {
    function test_removeCommitment_releasesThePeer() public {
        goToEpoch(1);
        (, bytes32 peerId,) = registerPeer(2);
        uint256 id = createCommitment(peerId, MIN_DURATION);

        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentRemoved(id);
        vm.prank(provider);
        capacity.removeCommitment(id);

        ICapacity.Commitment memory c = capacity.commitment(id);
        assertEq(uint256(c.stage), uint256(ICapacity.Stage.Removed));
        assertEq(c.peerId, peerId);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Removed));
        assertFalse(capacity.locksPeer(id), "peer released");
        assertEq(capacity.commitmentCount(), 1);

        uint256 next = createCommitment(peerId, MIN_DURATION);
        assertEq(next, 2);
        assertEq(market.peer(peerId).commitmentId, next);
    }

    function test_removeCommitment_openCommitment() public {
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(1);
        uint256 id = createWith(peerId, MIN_DURATION, address(0), 0);
        vm.prank(provider);
        capacity.removeCommitment(id);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Removed));
        // the peer is free again: its CUs can be removed
        vm.prank(provider);
        market.removeUnits(peerId, units);
        assertEq(market.peer(peerId).unitCount, 0);
    }

    function test_removeCommitment_revertsUnknownCommitment() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 1));
        vm.prank(provider);
        capacity.removeCommitment(1);

        (, bytes32 peerId,) = registerPeer(1);
        createCommitment(peerId, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 2));
        vm.prank(provider);
        capacity.removeCommitment(2);
    }

    function test_removeCommitment_revertsWrongStageAfterDeposit() public {
        (uint256 id, bytes32 peerId,) = depositedCommitment(1, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.Deposited));
        vm.prank(provider);
        capacity.removeCommitment(id);
        assertEq(market.peer(peerId).commitmentId, id);
    }

    function test_removeCommitment_revertsWrongStageWhenRemoved() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.prank(provider);
        capacity.removeCommitment(id);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.Removed));
        vm.prank(provider);
        capacity.removeCommitment(id);
    }

    function test_removeCommitment_revertsWrongStageWhenFinished() public {
        (uint256 id,,) = depositedCommitment(1, MIN_DURATION);
        warpToEpoch(1 + MIN_DURATION);
        capacity.finishCommitment(id);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.Finished));
        vm.prank(provider);
        capacity.removeCommitment(id);
    }

    function test_removeCommitment_revertsNotProvider() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        address[3] memory callers = [stranger, delegator, operator];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NotProvider.selector, callers[i]));
            vm.prank(callers[i]);
            capacity.removeCommitment(id);
        }
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.WaitDelegation));
        assertEq(market.peer(peerId).commitmentId, id);
    }
}
