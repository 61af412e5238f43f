// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @notice A commitment holds its peer from creation until it is finished or removed.
contract CapacityLocksPeerTest is Fixture {
    function test_locksPeer_followsTheLifeCycle() public {
        goToEpoch(1);
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(1);
        assertFalse(capacity.locksPeer(0), "no commitment");
        uint256 removed = createCommitment(peerId, MIN_DURATION);
        assertTrue(capacity.locksPeer(removed), "waiting for delegation");
        vm.prank(provider);
        capacity.removeCommitment(removed);
        assertFalse(capacity.locksPeer(removed), "removed");

        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.prank(delegator);
        capacity.depositCollateral(id);
        assertTrue(capacity.locksPeer(id), "deposited");
        goToEpoch(2 + MIN_DURATION);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Failed), "its CU never proved");
        assertTrue(capacity.locksPeer(id), "ended but not finished");
        capacity.finishCommitment(id);
        assertFalse(capacity.locksPeer(id), "finished");
        assertFalse(capacity.locksPeer(id + 1), "unknown");

        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotCommitted.selector, units[0]));
        vm.prank(operator);
        capacity.submitProofs(proofs);
    }
}
