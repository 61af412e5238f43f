// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CapacityBase} from "./CapacityBase.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract CapacityViewsTest is CapacityBase {
    struct Expected {
        ICapacity.Status status;
        uint256 activeUnits;
        uint256 failures;
        uint256 earned;
        uint256 vested;
        uint256 providerPaid;
        uint256 delegatorPaid;
    }

    function assertAccounting(uint256 id, Expected memory x) internal view {
        ICapacity.Accounting memory a = capacity.accounting(id);
        assertEq(uint256(a.status), uint256(x.status), "status");
        assertEq(uint256(capacity.status(id)), uint256(x.status), "status()");
        assertEq(a.activeUnits, x.activeUnits, "active units");
        assertEq(a.failedUnitEpochs, x.failures, "failed unit-epochs");
        assertEq(a.slashed, x.failures * COLLATERAL_PER_UNIT * SLASHING_BPS / BPS, "slashed");
        assertEq(a.rewardsEarned, x.earned, "earned");
        assertEq(a.rewardsVested, x.vested, "vested");
        assertEq(a.providerWithdrawable, providerPart(x.vested, SHARE_BPS) - x.providerPaid, "provider");
        assertEq(a.delegatorWithdrawable, delegatorPart(x.vested, SHARE_BPS) - x.delegatorPaid, "delegator");
    }

    function rewards(uint256 n) internal pure returns (uint256[] memory earnedIn) {
        earnedIn = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            earnedIn[i] = REWARD_PER_EPOCH;
        }
    }

    function test_views_unknownCommitment() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 1));
        capacity.commitment(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 1));
        capacity.accounting(1);
        assertEq(uint256(capacity.status(1)), uint256(ICapacity.Status.None));

        (, bytes32 peerId,) = registerPeer(1);
        createCommitment(peerId, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 2));
        capacity.commitment(2);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 2));
        capacity.accounting(2);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 0));
        capacity.accounting(0);
        assertEq(uint256(capacity.status(2)), uint256(ICapacity.Status.None));
    }

    function test_views_globals() public {
        assertEq(capacity.stakingToken(), address(stake));
        assertEq(address(capacity.market()), address(market));
        assertEq(address(capacity.core()), address(core));
        assertEq(capacity.dealModule(), address(dealFactory));
        assertEq(capacity.rewardReserve(), RESERVE);
        assertEq(capacity.commitmentCount(), 0);
        (uint256 pool, uint256 total) = capacity.epochRewards(1);
        assertEq(pool, 0);
        assertEq(total, 0);

        bytes32 nowhere = keccak256("nowhere");
        ICapacity.UnitState memory u = capacity.unitState(nowhere);
        assertEq(u.epoch, 0);
        assertEq(u.proofs, 0);
        assertEq(u.nextNonce, 0);
        assertEq(u.deal, address(0));
        assertFalse(capacity.isInDeal(nowhere));
        assertEq(capacity.dealOf(nowhere), address(0));

        (, bytes32 peerA,) = registerPeer(1);
        (, bytes32 peerB,) = registerPeer(1);
        createCommitment(peerA, MIN_DURATION);
        createCommitment(peerB, MIN_DURATION);
        assertEq(capacity.commitmentCount(), 2);
    }

    /// @notice 2 CUs, epochs 2..6. CU 1 misses epoch 3; everything else succeeds. Views are read at each step,
    /// and at the end without any transaction.
    function test_views_lifeCycleToInactiveAndFinished() public {
        goToEpoch(1);
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(2);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        ICapacity.Commitment memory c = capacity.commitment(id);
        assertEq(c.startEpoch, 0);
        assertEq(c.endEpoch, 0);
        assertEq(uint256(c.stage), uint256(ICapacity.Stage.WaitDelegation));
        Expected memory x;
        x.status = ICapacity.Status.WaitDelegation;
        assertAccounting(id, x);

        deposit(id);
        c = capacity.commitment(id);
        assertEq(c.startEpoch, 2);
        assertEq(c.endEpoch, 2 + MIN_DURATION);
        assertEq(uint256(c.stage), uint256(ICapacity.Stage.Deposited));
        x.status = ICapacity.Status.WaitStart;
        x.activeUnits = 2;
        assertAccounting(id, x);

        goToEpoch(2);
        x.status = ICapacity.Status.Active;
        assertAccounting(id, x);
        submit(units[0], 4);
        submit(units[1], 3);
        (uint256 pool, uint256 total) = capacity.epochRewards(2);
        assertEq(pool, REWARD_PER_EPOCH);
        assertEq(total, 7);
        ICapacity.UnitState memory u = capacity.unitState(units[0]);
        assertEq(u.epoch, 2);
        assertEq(u.proofs, 4);
        assertEq(u.nextNonce, nextNonce[units[0]]);
        assertAccounting(id, x); // epoch 2 is not complete: nothing earned yet

        goToEpoch(3);
        x.earned = REWARD_PER_EPOCH;
        assertAccounting(id, x);
        submit(units[0], 3);

        goToEpoch(4);
        x.failures = 1;
        x.earned = 2 * REWARD_PER_EPOCH;
        assertAccounting(id, x);
        proveAll(units);

        goToEpoch(5);
        x.earned = 3 * REWARD_PER_EPOCH;
        x.vested = vestedAt(rewards(3), 2, VESTING, 5);
        assertEq(x.vested, REWARD_PER_EPOCH);
        assertAccounting(id, x);
        proveAll(units);
        goToEpoch(6);
        proveAll(units);

        warpToEpoch(7); // no transaction from here on
        x.status = ICapacity.Status.Inactive;
        x.earned = 5 * REWARD_PER_EPOCH;
        x.vested = vestedAt(rewards(5), 2, VESTING, 7);
        assertEq(x.vested, 3 * REWARD_PER_EPOCH);
        assertAccounting(id, x);
        assertEq(capacity.commitment(id).endEpoch, 7);

        vm.prank(provider);
        x.providerPaid = capacity.withdrawRewards(id);
        assertAccounting(id, x);

        capacity.finishCommitment(id);
        x.status = ICapacity.Status.Finished;
        assertAccounting(id, x);
        assertEq(uint256(capacity.commitment(id).stage), uint256(ICapacity.Stage.Finished));

        warpToEpoch(30);
        x.vested = 5 * REWARD_PER_EPOCH;
        assertAccounting(id, x);
        assertEq(capacity.commitment(id).endEpoch, 7);
    }

    /// @notice 1 CU tolerates 3 failed epochs; it never proves from its start in epoch 2: the 4th failure, in
    /// epoch 5, fails the commitment. Everything is derived by the views alone.
    function test_views_failedWithoutAnyTransaction() public {
        goToEpoch(1);
        (uint256 id,,) = depositedCommitment(1, 10);
        Expected memory x;
        x.activeUnits = 1;

        x.status = ICapacity.Status.Active;
        warpToEpoch(2);
        assertAccounting(id, x);
        warpToEpoch(5);
        x.failures = 3;
        assertAccounting(id, x);
        assertEq(capacity.commitment(id).endEpoch, 12);

        warpToEpoch(6);
        x.status = ICapacity.Status.Failed;
        x.failures = 4;
        assertAccounting(id, x);
        assertEq(capacity.commitment(id).endEpoch, 6);
        assertEq(uint256(capacity.commitment(id).stage), uint256(ICapacity.Stage.Deposited));

        warpToEpoch(11);
        assertAccounting(id, x); // failures stop at the failing epoch
        warpToEpoch(15);
        assertAccounting(id, x);

        capacity.finishCommitment(id);
        x.status = ICapacity.Status.Finished;
        assertAccounting(id, x);
        assertEq(capacity.commitment(id).endEpoch, 6);
    }

    /// @notice A commitment nobody touches after its duration is Inactive from its end epoch, lazily.
    function test_views_inactiveWithoutAnyTransaction() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, MIN_DURATION);
        for (uint256 e = 1; e <= MIN_DURATION; ++e) {
            if (e > 1) goToEpoch(e);
            proveAll(units);
        }
        warpToEpoch(MIN_DURATION); // still in the last epoch
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Active));
        warpToEpoch(1 + MIN_DURATION);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Inactive));
        assertEq(capacity.accounting(id).failedUnitEpochs, 0);
        assertEq(capacity.accounting(id).rewardsEarned, MIN_DURATION * REWARD_PER_EPOCH);
        warpToEpoch(100);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Inactive));
        assertEq(capacity.accounting(id).failedUnitEpochs, 0);
    }

    function test_views_removed() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.prank(provider);
        capacity.removeCommitment(id);
        Expected memory x;
        x.status = ICapacity.Status.Removed;
        assertAccounting(id, x);
        warpToEpoch(10);
        assertAccounting(id, x);
        assertEq(uint256(capacity.commitment(id).stage), uint256(ICapacity.Stage.Removed));
    }
}
