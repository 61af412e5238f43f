// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CapacityBase} from "./CapacityBase.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @notice A deal module that vouches for the deals it was told about.
contract DealRegistryMock {
    mapping(address account => bool) public isDeal;

    function add(address deal) external {
        isDeal[deal] = true;
    }
}

/// @notice onUnitJoinedDeal, onUnitLeftDeal, dealModule, dealOf and isInDeal. The test contract is the deal module
/// and the deal that calls the hooks.
contract CapacityDealHooksTest is CapacityBase {
    address internal otherDeal = makeAddr("other deal");

    function setUp() public override {
        super.setUp();
        becomeDealModule();
    }

    function join(bytes32 unitId) internal returns (ICapacity.JoinResult) {
        return capacity.onUnitJoinedDeal(unitId, commitmentOfUnit(unitId));
    }

    /// @notice The test contract's deal takes the CU; it must be accepted.
    function joinDeal(bytes32 unitId) internal {
        assertJoin(unitId, ICapacity.JoinResult.Joined);
    }

    function assertJoin(bytes32 unitId, ICapacity.JoinResult want) internal {
        assertEq(uint8(join(unitId)), uint8(want), "join result");
    }

    /// @notice The join is refused with `want`, emits nothing and leaves the CU's deal unchanged.
    function assertRefused(bytes32 unitId, ICapacity.JoinResult want) internal {
        address before = capacity.dealOf(unitId);
        vm.recordLogs();
        assertJoin(unitId, want);
        assertEq(vm.getRecordedLogs().length, 0, "no event");
        assertEq(capacity.dealOf(unitId), before, "deal unchanged");
    }

    function leaveDeal(bytes32 unitId) internal {
        capacity.onUnitLeftDeal(unitId, commitmentOfUnit(unitId));
    }

    /// @notice Makes a registry that knows the test contract and `otherDeal` as deals the deal module.
    function withOtherDeal() internal {
        DealRegistryMock registry = new DealRegistryMock();
        registry.add(address(this));
        registry.add(otherDeal);
        setDealModule(address(registry));
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

    function assertUnitState(bytes32 unitId, uint256 e, uint256 proofs, uint256 next, address deal) internal view {
        ICapacity.UnitState memory u = capacity.unitState(unitId);
        assertEq(u.epoch, e, "unit epoch");
        assertEq(u.proofs, proofs, "unit proofs");
        assertEq(u.nextNonce, next, "unit next nonce");
        assertEq(u.deal, deal, "unit deal");
        assertEq(capacity.dealOf(unitId), deal, "dealOf");
        assertEq(capacity.isInDeal(unitId), deal != address(0), "isInDeal");
    }

    /// @notice The peer's commitment A (2 CUs, epochs 1..5) in which `units[0]` joins a deal in epoch 1 while the
    /// other CU proves every epoch; the clock ends at A's end, epoch 6.
    function joinedInEndedCommitment() internal returns (uint256 idA, bytes32 peerId, bytes32[] memory units) {
        (idA, peerId, units) = activeCommitment(2, MIN_DURATION);
        joinDeal(units[0]);
        proveEpochs(pick(units, 1), 1, 1 + MIN_DURATION);
    }

    // ------------------------------------------------------------------ access

    /// @notice The deal module is fixed by the implementation: replacing it is an upgrade.
    function test_dealModule_isFixedByTheImplementation() public {
        assertEq(capacity.dealModule(), address(this));
        setDealModule(address(dealFactory));
        assertEq(capacity.dealModule(), address(dealFactory));
    }

    function test_onUnitJoinedDeal_revertsNotDeal() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        address[4] memory callers = [stranger, owner, operator, address(dealFactory)];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDeal.selector, callers[i]));
            vm.prank(callers[i]);
            capacity.onUnitJoinedDeal(units[0], id);
        }
        assertEq(capacity.dealOf(units[0]), address(0));
    }

    /// @notice The deal factory, the deployed protocol's deal module, did not create the test contract.
    function test_onUnitJoinedDeal_revertsNotDealOfTheDealFactory() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        setDealModule(address(dealFactory));
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDeal.selector, address(this)));
        capacity.onUnitJoinedDeal(units[0], id);
    }

    function test_onUnitJoinedDeal_revertsNotDealWithoutDealModule() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        setDealModule(address(0));
        assertEq(capacity.dealModule(), address(0));
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDeal.selector, address(this)));
        capacity.onUnitJoinedDeal(units[0], id);
    }

    /// @notice Leaving asks no deal module: a deal releases its CU even once the module no longer vouches for it.
    function test_onUnitLeftDeal_doesNotAskTheDealModule() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        joinDeal(units[0]);
        setDealModule(address(0));
        leaveDeal(units[0]);
        assertEq(capacity.dealOf(units[0]), address(0));
        assertEq(activeUnits(id), 2);
    }

    /// @notice A deal hands the CU's commitment with it: an unknown CU comes with none, which is not active.
    function test_onUnitJoinedDeal_unknownUnitHasNoActiveCommitment() public {
        bytes32 unknown = keccak256("unknown");
        assertRefused(unknown, ICapacity.JoinResult.CommitmentNotActive);
    }

    function test_onUnitLeftDeal_revertsUnitNotInDeal() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotInDeal.selector, units[0], address(this)));
        capacity.onUnitLeftDeal(units[0], id);
        joinDeal(units[0]);
        leaveDeal(units[0]);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotInDeal.selector, units[0], address(this)));
        capacity.onUnitLeftDeal(units[0], id);

        bytes32 unknown = keccak256("unknown");
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotInDeal.selector, unknown, address(this)));
        capacity.onUnitLeftDeal(unknown, 0);
    }

    /// @notice Only the deal the CU serves releases it: not another deal, not a stranger.
    function test_onUnitLeftDeal_revertsForAnotherDealOrStranger() public {
        withOtherDeal();
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        joinDeal(units[0]);
        address[3] memory callers = [otherDeal, stranger, owner];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotInDeal.selector, units[0], callers[i]));
            vm.prank(callers[i]);
            capacity.onUnitLeftDeal(units[0], id);
        }
        assertEq(capacity.dealOf(units[0]), address(this));
        assertEq(activeUnits(id), 1);

        // the other deal takes the CU once it is free, and only it can release it then
        leaveDeal(units[0]);
        vm.prank(otherDeal);
        assertEq(uint8(capacity.onUnitJoinedDeal(units[0], id)), uint8(ICapacity.JoinResult.Joined));
        assertEq(capacity.dealOf(units[0]), otherDeal);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitNotInDeal.selector, units[0], address(this)));
        capacity.onUnitLeftDeal(units[0], id);
        vm.prank(otherDeal);
        capacity.onUnitLeftDeal(units[0], id);
        assertEq(capacity.dealOf(units[0]), address(0));
    }

    // ------------------------------------------------------------------ join results

    function test_onUnitJoinedDeal_joinsAndEmits() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();
        submit(units[0], 2);
        assertUnitState(units[0], s, 2, nextNonce[units[0]], address(0));

        vm.expectEmit(address(capacity));
        emit ICapacity.UnitJoinedDeal(units[0], id, address(this), s);
        joinDeal(units[0]);
        // the proof counters stay, the next nonce reads 0 while in a deal
        assertUnitState(units[0], s, 2, 0, address(this));
        assertUnitState(units[1], 0, 0, 0, address(0));
        assertEq(activeUnits(id), 1);
    }

    function test_onUnitJoinedDeal_unitInDeal() public {
        withOtherDeal();
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        joinDeal(units[0]);
        assertRefused(units[0], ICapacity.JoinResult.UnitInDeal);
        vm.prank(otherDeal);
        assertEq(uint8(capacity.onUnitJoinedDeal(units[0], id)), uint8(ICapacity.JoinResult.UnitInDeal));
        nextEpoch();
        assertRefused(units[0], ICapacity.JoinResult.UnitInDeal);
        assertEq(capacity.dealOf(units[0]), address(this));
        assertEq(activeUnits(id), 1);
    }

    function test_onUnitJoinedDeal_commitmentNotActiveWithoutCommitment() public {
        goToEpoch(3);
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(2);
        assertRefused(units[1], ICapacity.JoinResult.CommitmentNotActive);
        // a CU that is not in a deal can be removed from the market
        vm.prank(provider);
        market.removeUnits(peerId, units);
    }

    function test_onUnitJoinedDeal_commitmentNotActiveWhileWaitingForDelegation() public {
        goToEpoch(1);
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(2);
        uint256 id = createCommitment(peerId, 10);
        assertRefused(units[0], ICapacity.JoinResult.CommitmentNotActive);
        deposit(id);
        assertEq(activeUnits(id), 2);

        // nor once the waiting commitment is removed
        (, bytes32 otherPeer, bytes32[] memory others) = registerPeer(1);
        uint256 removed = createCommitment(otherPeer, 10);
        vm.prank(provider);
        capacity.removeCommitment(removed);
        assertRefused(others[0], ICapacity.JoinResult.CommitmentNotActive);
    }

    /// @notice Deposited in epoch 1, the commitment starts in epoch 2: no CU joins before.
    function test_onUnitJoinedDeal_commitmentNotActiveBeforeTheStart() public {
        goToEpoch(1);
        (uint256 id,, bytes32[] memory units) = depositedCommitment(3, 10);
        assertRefused(units[0], ICapacity.JoinResult.CommitmentNotActive);
        assertEq(activeUnits(id), 3);

        goToEpoch(2);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitJoinedDeal(units[0], id, address(this), 2);
        joinDeal(units[0]);
        assertEq(activeUnits(id), 2);
        proveAll(pick(units, 1));
        goToEpoch(3);
        assertEq(failures(id), 0);
    }

    function test_onUnitJoinedDeal_commitmentNotActiveAfterTheEndAndFinish() public {
        (uint256 id, bytes32 peerId, bytes32[] memory units) = activeCommitment(2, MIN_DURATION);
        proveEpochs(units, 1, 1 + MIN_DURATION);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Inactive));
        assertRefused(units[0], ICapacity.JoinResult.CommitmentNotActive);

        capacity.finishCommitment(id);
        assertRefused(units[0], ICapacity.JoinResult.CommitmentNotActive);
        // the peer's next commitment, still waiting for its collateral, is not active either
        createCommitment(peerId, MIN_DURATION);
        assertRefused(units[1], ICapacity.JoinResult.CommitmentNotActive);
    }

    /// @notice 1 CU tolerates 3 failed CU-epochs: epochs 1..4 fail, the 4th fails the commitment. Joining in epoch
    /// 5 settles the commitment, which finds the failure, and refuses the CU.
    function test_onUnitJoinedDeal_commitmentNotActiveWhenSettlementFindsAFailure() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        goToEpoch(5);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Failed));
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFailed(id, 4, 4);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentSettled(id, 1, 0, 4);
        assertJoin(units[0], ICapacity.JoinResult.CommitmentNotActive);
        assertEq(capacity.dealOf(units[0]), address(0));
        assertEq(capacity.commitment(id).endEpoch, 5);

        // settled now: refused without settling again
        assertRefused(units[0], ICapacity.JoinResult.CommitmentNotActive);
    }

    // ------------------------------------------------------------------ leaving

    function test_onUnitLeftDeal_leavesAndEmits() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();
        joinDeal(units[0]);
        nextEpoch();
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], id, address(this), s + 1);
        leaveDeal(units[0]);
        assertUnitState(units[0], s + 1, 0, 0, address(0));
        assertEq(activeUnits(id), 2);
    }

    /// @notice After the commitment's end the CU is not expected again: the event names no commitment.
    function test_onUnitLeftDeal_afterTheEndNamesNoCommitment() public {
        (uint256 id,, bytes32[] memory units) = joinedInEndedCommitment();
        uint256 end = 1 + MIN_DURATION;
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], 0, address(this), end);
        leaveDeal(units[0]);
        assertEq(activeUnits(id), 1);
        assertEq(failures(id), 0);
    }

    function test_onUnitLeftDeal_afterTheFinishNamesNoCommitment() public {
        (uint256 id,, bytes32[] memory units) = joinedInEndedCommitment();
        capacity.finishCommitment(id);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], 0, address(this), 1 + MIN_DURATION);
        leaveDeal(units[0]);
        assertEq(capacity.dealOf(units[0]), address(0));
    }

    /// @notice 3 CUs tolerate 9 failed CU-epochs; with one CU in a deal and the others idle, the commitment fails
    /// in epoch 5 (10 failures).
    function test_onUnitLeftDeal_afterAFailureNamesNoCommitment() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(3, 10);
        joinDeal(units[0]);
        goToEpoch(6);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Failed));
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], 0, address(this), 6);
        leaveDeal(units[0]);
        assertEq(activeUnits(id), 2);
        assertEq(failures(id), 10);
    }

    // ------------------------------------------------------------------ the peer's count of CUs in deals

    /// @notice A CU joins in commitment A, which ends and is finished; the peer's next commitment B is deposited
    /// without it. When it leaves, B expects it from the next epoch.
    function test_dealHooks_unitInDealCountCarriedIntoTheNextCommitment() public {
        (uint256 idA, bytes32 peerId, bytes32[] memory units) = joinedInEndedCommitment();
        capacity.finishCommitment(idA);
        assertEq(failures(idA), 0);

        uint256 idB = createCommitment(peerId, MIN_DURATION);
        uint256 balance = stake.balanceOf(delegator);
        deposit(idB);
        assertEq(balance - stake.balanceOf(delegator), 2 * COLLATERAL_PER_UNIT);
        assertEq(activeUnits(idB), 1);
        assertEq(capacity.dealOf(units[0]), address(this));

        uint256 start = capacity.commitment(idB).startEpoch;
        goToEpoch(start);
        submit(units[1], MIN_PROOFS);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], idB, address(this), start);
        leaveDeal(units[0]);
        assertEq(activeUnits(idB), 2);

        goToEpoch(start + 1);
        assertEq(failures(idB), 0); // it rested in its leaving epoch
        submit(units[1], MIN_PROOFS);
        goToEpoch(start + 2);
        assertEq(failures(idB), 1); // expected from the next epoch, it did not prove
    }

    /// @notice Leaving after B's deposit but before its start: expected from B's start.
    function test_dealHooks_unitLeavingBeforeTheNextCommitmentStartsIsExpectedAtTheStart() public {
        (uint256 idA, bytes32 peerId, bytes32[] memory units) = joinedInEndedCommitment();
        capacity.finishCommitment(idA);
        uint256 idB = createCommitment(peerId, MIN_DURATION);
        deposit(idB);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], idB, address(this), 1 + MIN_DURATION);
        leaveDeal(units[0]);
        assertEq(activeUnits(idB), 2);

        goToEpoch(capacity.commitment(idB).startEpoch);
        submit(units[1], MIN_PROOFS);
        nextEpoch();
        assertEq(failures(idB), 1);
    }

    /// @notice Leaving while B waits for its collateral: B's count drops, and its deposit expects every CU.
    function test_dealHooks_unitLeavingWhileTheNextCommitmentWaits() public {
        (uint256 idA, bytes32 peerId, bytes32[] memory units) = joinedInEndedCommitment();
        capacity.finishCommitment(idA);
        uint256 idB = createCommitment(peerId, MIN_DURATION);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], idB, address(this), 1 + MIN_DURATION);
        leaveDeal(units[0]);
        deposit(idB);
        assertEq(activeUnits(idB), 2);
    }

    /// @notice Leaving after A's end (before its finish) drops A's count: B, created later, expects every CU.
    function test_dealHooks_unitLeavingAfterTheEndIsNotCarried() public {
        (uint256 idA, bytes32 peerId, bytes32[] memory units) = joinedInEndedCommitment();
        leaveDeal(units[0]);
        capacity.finishCommitment(idA);
        uint256 idB = createCommitment(peerId, MIN_DURATION);
        deposit(idB);
        assertEq(activeUnits(idB), 2);
    }

    /// @notice The count goes through a removed commitment to the one after it.
    function test_dealHooks_unitInDealCountCarriedThroughARemovedCommitment() public {
        (uint256 idA, bytes32 peerId, bytes32[] memory units) = joinedInEndedCommitment();
        capacity.finishCommitment(idA);
        uint256 idB = createCommitment(peerId, MIN_DURATION);
        vm.prank(provider);
        capacity.removeCommitment(idB);
        uint256 idC = createCommitment(peerId, MIN_DURATION);
        deposit(idC);
        assertEq(activeUnits(idC), 1);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(units[0], idC, address(this), 1 + MIN_DURATION);
        leaveDeal(units[0]);
        assertEq(activeUnits(idC), 2);
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

    /// @notice A CU that already reached the minimum when it joins stays a success of the epoch: it keeps its share
    /// of the pool, and the other CU, which does not prove, is the only failure.
    function test_dealHooks_joiningAfterSucceedingStaysASuccess() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        uint256 s = epoch();
        submit(units[0], MIN_PROOFS + 1);
        joinDeal(units[0]);
        assertEq(activeUnits(id), 1);
        nextEpoch();
        assertEq(failures(id), 1);
        (uint256 pool, uint256 total) = capacity.epochRewards(s);
        assertEq(total, MIN_PROOFS + 1);
        assertEq(capacity.accounting(id).rewardsEarned, pool);
        assertEq(pool, REWARD_PER_EPOCH);
    }

    /// @notice Both CUs succeed, one of them before it joins: no failure, and the pool is shared by proofs.
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

    /// @notice A CU in its commitment's last epoch joins; it is neither expected in that epoch nor after the end.
    function test_dealHooks_joinInTheLastEpoch() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, MIN_DURATION);
        uint256 last = MIN_DURATION;
        proveEpochs(units, 1, last);
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitJoinedDeal(units[0], id, address(this), last);
        joinDeal(units[0]);
        submit(units[1], MIN_PROOFS);
        goToEpoch(last + 1);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Inactive));
        assertEq(failures(id), 0);
        assertEq(capacity.accounting(id).rewardsEarned, last * REWARD_PER_EPOCH);
    }
}
