// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CapacityBase} from "./CapacityBase.sol";
import {ProtocolModule} from "../../contracts/core/ProtocolModule.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @notice onUnitJoinedDeal, onUnitLeftDeal, setDealModule and isInDeal. The test contract is the deal module.
contract CapacityDealHooksTest is CapacityBase {
    function setUp() public override {
        super.setUp();
        becomeDealModule();
    }

    function joinDeal(bytes32 unitId) internal {
        capacity.onUnitJoinedDeal(unitId);
    }

    function leaveDeal(bytes32 unitId) internal {
        capacity.onUnitLeftDeal(unitId);
    }

    function failures(uint256 id) internal view returns (uint256) {
        return capacity.accounting(id).failedUnitEpochs;
    }

    function activeUnits(uint256 id) internal view returns (uint256) {
        return capacity.accounting(id).activeUnits;
    }

    function pick(bytes32[] memory units, uint256 from) internal pure returns (bytes32[] memory rest) {
        rest = new bytes32[](units.length - from);
        for (uint256 i = from; i < units.length; ++i) {
            rest[i - from] = units[i];
        }
    }

    // ------------------------------------------------------------------ setDealModule

    function test_setDealModule_setsAndEmits() public {
        address module = makeAddr("deal module");
        vm.expectEmit(address(capacity));
        emit ICapacity.DealModuleSet(module);
        vm.prank(owner);
        capacity.setDealModule(module);
        assertEq(capacity.dealModule(), module);

        (,, bytes32[] memory units) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDealModule.selector, address(this)));
        joinDeal(units[0]);
        vm.prank(module);
        capacity.onUnitJoinedDeal(units[0]);
        assertTrue(capacity.isInDeal(units[0]));
    }

    function test_setDealModule_zeroDisablesTheHooks() public {
        (,, bytes32[] memory units) = registerPeer(1);
        joinDeal(units[0]);
        vm.expectEmit(address(capacity));
        emit ICapacity.DealModuleSet(address(0));
        vm.prank(owner);
        capacity.setDealModule(address(0));
        assertEq(capacity.dealModule(), address(0));

        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDealModule.selector, address(this)));
        leaveDeal(units[0]);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDealModule.selector, address(0)));
        vm.prank(address(0));
        capacity.onUnitLeftDeal(units[0]);
        assertTrue(capacity.isInDeal(units[0]));
    }

    function test_setDealModule_revertsNotProtocolOwner() public {
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, stranger));
        vm.prank(stranger);
        capacity.setDealModule(stranger);
        assertEq(capacity.dealModule(), address(this));
    }

    // ------------------------------------------------------------------ access and unknown units

    function test_dealHooks_revertNotDealModuleWhenNoneIsSet() public {
        vm.prank(owner);
        capacity.setDealModule(address(0));
        (,, bytes32[] memory units) = registerPeer(1);
        address[3] memory callers = [address(this), stranger, address(0)];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDealModule.selector, callers[i]));
            vm.prank(callers[i]);
            capacity.onUnitJoinedDeal(units[0]);
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDealModule.selector, callers[i]));
            vm.prank(callers[i]);
            capacity.onUnitLeftDeal(units[0]);
        }
    }

    function test_dealHooks_revertNotDealModule() public {
        (,, bytes32[] memory units) = registerPeer(1);
        address[3] memory callers = [stranger, owner, operator];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDealModule.selector, callers[i]));
            vm.prank(callers[i]);
            capacity.onUnitJoinedDeal(units[0]);
        }
        joinDeal(units[0]);
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDealModule.selector, callers[i]));
            vm.prank(callers[i]);
            capacity.onUnitLeftDeal(units[0]);
        }
        assertTrue(capacity.isInDeal(units[0]));
    }

    function test_dealHooks_revertUnknownUnit() public {
        bytes32 unknown = keccak256("unknown");
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, unknown));
        joinDeal(unknown);
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, unknown));
        leaveDeal(unknown);
    }

    function test_onUnitJoinedDeal_revertsUnitAlreadyInDeal() public {
        (,, bytes32[] memory units) = activeCommitment(2, 10);
        joinDeal(units[0]);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitAlreadyInDeal.selector, units[0]));
        joinDeal(units[0]);
        nextEpoch();
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitAlreadyInDeal.selector, units[0]));
        joinDeal(units[0]);
    }

    function test_onUnitLeftDeal_revertsUnitNotInDeal() public {
        (,, bytes32[] memory units) = activeCommitment(2, 10);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotInDeal.selector, units[0]));
        leaveDeal(units[0]);
        joinDeal(units[0]);
        leaveDeal(units[0]);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotInDeal.selector, units[0]));
        leaveDeal(units[0]);
    }

    // ------------------------------------------------------------------ events and state

    function test_dealHooks_joinAndLeaveOfACommittedUnit() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();
        assertFalse(capacity.isInDeal(units[0]));

        vm.expectEmit(address(capacity));
        emit ICapacity.UnitJoinedDeal(units[0], id, s);
        joinDeal(units[0]);
        assertTrue(capacity.isInDeal(units[0]));
        assertTrue(capacity.unitState(units[0]).inDeal);
        assertFalse(capacity.isInDeal(units[1]));
        assertEq(activeUnits(id), 1);

        nextEpoch();
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], id, s + 1);
        leaveDeal(units[0]);
        assertFalse(capacity.isInDeal(units[0]));
        ICapacity.UnitState memory u = capacity.unitState(units[0]);
        assertEq(u.epoch, s + 1);
        assertEq(u.proofs, 0);
        assertEq(u.nextNonce, 0);
        assertFalse(u.inDeal);
        assertEq(activeUnits(id), 2);
    }

    function test_dealHooks_peerWithoutCommitment() public {
        goToEpoch(3);
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(2);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitJoinedDeal(units[1], 0, 3);
        joinDeal(units[1]);
        assertTrue(capacity.isInDeal(units[1]));

        // a CU in a deal cannot be removed from the market
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnitInDeal.selector, units[1]));
        vm.prank(provider);
        market.removeUnits(peerId, units);

        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[1], 0, 3);
        leaveDeal(units[1]);
        assertFalse(capacity.isInDeal(units[1]));
        vm.prank(provider);
        market.removeUnits(peerId, units);
    }

    // ------------------------------------------------------------------ proving and failing

    /// @notice A CU in a deal cannot prove and does not fail, whatever the number of epochs.
    function test_dealHooks_unitInADealNeitherProvesNorFails() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(3, 10);
        joinDeal(units[0]);
        bytes32[] memory others = pick(units, 1);
        for (uint256 e = 1; e <= 4; ++e) {
            if (e > 1) goToEpoch(e);
            ICapacity.Proof[] memory p = proofsFor(units[0], 1);
            vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitInDeal.selector, units[0]));
            submitAs(operator, p);
            proveAll(others);
        }
        goToEpoch(5);
        assertEq(failures(id), 0);
        assertEq(activeUnits(id), 2);
        assertEq(capacity.accounting(id).rewardsEarned, 4 * REWARD_PER_EPOCH);

        // epoch 5: nobody proved, only the 2 CUs outside the deal failed
        warpToEpoch(6);
        leaveDeal(units[0]);
        assertEq(failures(id), 2);
        assertEq(activeUnits(id), 3);
    }

    /// @notice A CU that already reached the minimum keeps its success and its share of the pool.
    function test_dealHooks_joiningAfterSucceedingKeepsTheReward() public {
        (uint256 idA, bytes32 unitA, uint256 idB, bytes32 unitB) = twoOneUnitCommitments();
        submit(unitA, 3);
        submit(unitB, 3);
        joinDeal(unitA);
        assertEq(activeUnits(idA), 0);

        goToEpoch(2);
        submit(unitB, 3);
        goToEpoch(3);
        assertEq(failures(idA), 0);
        assertEq(capacity.accounting(idA).rewardsEarned, share(REWARD_PER_EPOCH, 3, 6));
        assertEq(capacity.accounting(idB).rewardsEarned, share(REWARD_PER_EPOCH, 3, 6) + REWARD_PER_EPOCH);
        assertEq(failures(idB), 0);
    }

    /// @notice A CU below the minimum when it joins is no longer expected: its proofs count for nothing and it
    /// does not fail.
    function test_dealHooks_joiningBeforeTheMinimumDropsTheUnit() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();
        submit(units[0], MIN_PROOFS - 1);
        submit(units[1], MIN_PROOFS);
        joinDeal(units[0]);
        (, uint256 total) = capacity.epochRewards(s);
        assertEq(total, MIN_PROOFS);
        nextEpoch();
        assertEq(failures(id), 0);
        assertEq(capacity.accounting(id).rewardsEarned, REWARD_PER_EPOCH);
    }

    /// @notice A CU leaving a deal rests for the rest of the epoch and is expected from the next: here it proves.
    function test_dealHooks_leavingUnitRestsThenProves() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();
        joinDeal(units[0]);
        submit(units[1], MIN_PROOFS);
        nextEpoch();
        leaveDeal(units[0]);
        assertEq(activeUnits(id), 2);
        ICapacity.Proof[] memory p = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitResting.selector, units[0], s + 1));
        submitAs(operator, p);
        submit(units[1], MIN_PROOFS);

        nextEpoch();
        assertEq(failures(id), 0); // resting is not failing
        proveAll(units);
        nextEpoch();
        assertEq(failures(id), 0);
    }

    function test_dealHooks_leavingUnitFailsWhenItDoesNotProveNextEpoch() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        joinDeal(units[0]);
        submit(units[1], MIN_PROOFS);
        nextEpoch();
        leaveDeal(units[0]);
        submit(units[1], MIN_PROOFS);
        nextEpoch();
        submit(units[1], MIN_PROOFS);
        nextEpoch();
        assertEq(failures(id), 1);
    }

    /// @notice Join, leave and join again in one epoch: the CU rests, then sits in the deal; never expected.
    function test_dealHooks_joinLeaveJoinInOneEpoch() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        joinDeal(units[0]);
        leaveDeal(units[0]);
        joinDeal(units[0]);
        assertEq(activeUnits(id), 1);
        submit(units[1], MIN_PROOFS);
        nextEpoch();
        submit(units[1], MIN_PROOFS);
        nextEpoch();
        assertEq(failures(id), 0);
        assertEq(activeUnits(id), 1);
    }

    /// @notice Joining settles the idle epochs before it with the CU still counted.
    function test_dealHooks_joiningAfterIdleEpochs() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        proveAll(units);
        goToEpoch(4); // epochs 2 and 3: both CUs failed
        joinDeal(units[0]);
        assertEq(failures(id), 4);
        submit(units[1], MIN_PROOFS);
        goToEpoch(5);
        assertEq(failures(id), 4);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Active));
    }

    // ------------------------------------------------------------------ around the commitment's life

    function test_dealHooks_joinBeforeTheStart() public {
        goToEpoch(1);
        (uint256 id,, bytes32[] memory units) = depositedCommitment(3, 10); // starts in 2
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitJoinedDeal(units[0], id, 1);
        joinDeal(units[0]);
        assertEq(activeUnits(id), 2);
        goToEpoch(2);
        proveAll(pick(units, 1));
        goToEpoch(3);
        assertEq(failures(id), 0);
    }

    function test_dealHooks_joinAndLeaveBeforeTheStart() public {
        goToEpoch(1);
        (uint256 id,, bytes32[] memory units) = depositedCommitment(3, 10);
        joinDeal(units[0]);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], id, 1);
        leaveDeal(units[0]);
        assertEq(activeUnits(id), 3);
        goToEpoch(2);
        proveAll(units); // resting only applied to epoch 1
        goToEpoch(3);
        assertEq(failures(id), 0);
    }

    function test_dealHooks_unitLeftBeforeTheStartIsExpectedAtTheStart() public {
        goToEpoch(1);
        (uint256 id,, bytes32[] memory units) = depositedCommitment(3, 10);
        joinDeal(units[0]);
        leaveDeal(units[0]);
        goToEpoch(2);
        proveAll(pick(units, 1));
        goToEpoch(3);
        assertEq(failures(id), 1);
    }

    function test_dealHooks_joinWhileWaitingForDelegation() public {
        goToEpoch(1);
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(2);
        uint256 id = createCommitment(peerId, 10);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitJoinedDeal(units[0], id, 1);
        joinDeal(units[0]);
        deposit(id);
        assertEq(activeUnits(id), 1);
        goToEpoch(2);
        leaveDeal(units[0]);
        assertEq(activeUnits(id), 2);
        submit(units[1], MIN_PROOFS);
        goToEpoch(3);
        assertEq(failures(id), 0);
        submit(units[1], MIN_PROOFS);
        goToEpoch(4);
        assertEq(failures(id), 1);
    }

    function test_dealHooks_afterTheCommitmentEnded() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, MIN_DURATION);
        uint256 end = 1 + MIN_DURATION;
        proveEpochs(units, 1, end);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Inactive));

        vm.expectEmit(address(capacity));
        emit ICapacity.UnitJoinedDeal(units[0], id, end);
        joinDeal(units[0]);
        assertEq(activeUnits(id), 2);
        assertEq(failures(id), 0);
        goToEpoch(end + 1);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], id, end + 1);
        leaveDeal(units[0]);
        assertEq(activeUnits(id), 2);
        assertEq(failures(id), 0);

        joinDeal(units[1]);
        uint256 before = stake.balanceOf(delegator);
        capacity.finishCommitment(id);
        assertEq(stake.balanceOf(delegator) - before, 2 * COLLATERAL_PER_UNIT);

        // released peer: the hooks report no commitment
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[1], 0, end + 1);
        leaveDeal(units[1]);
        assertFalse(capacity.locksPeer(id));
    }

    /// @notice A CU still in a deal when a new commitment of its peer is deposited is not active in it.
    function test_dealHooks_unitStaysInADealAcrossCommitments() public {
        (uint256 id, bytes32 peerId, bytes32[] memory units) = activeCommitment(2, MIN_DURATION);
        joinDeal(units[0]);
        proveEpochs(pick(units, 1), 1, 1 + MIN_DURATION);
        capacity.finishCommitment(id);
        assertEq(failures(id), 0);

        uint256 next = createCommitment(peerId, MIN_DURATION);
        deposit(next);
        assertEq(activeUnits(next), 1);
        assertTrue(capacity.isInDeal(units[0]));
    }
}
