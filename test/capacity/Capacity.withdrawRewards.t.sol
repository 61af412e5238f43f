// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CapacityBase} from "./CapacityBase.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract CapacityWithdrawRewardsTest is CapacityBase {
    function withdraw(address who, uint256 id) internal returns (uint256 amount) {
        vm.prank(who);
        amount = capacity.withdrawRewards(id);
    }

    function expectWithdrawn(uint256 id, address to, uint256 amount, bool asDelegator) internal {
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardsWithdrawn(id, to, amount, asDelegator);
        vm.expectEmit(address(stake));
        emit IERC20.Transfer(address(capacity), to, amount);
    }

    function expectNothing(address who, uint256 id) internal {
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NothingToWithdraw.selector, id));
        vm.prank(who);
        capacity.withdrawRewards(id);
    }

    /// @notice Two one-CU commitments share epoch 1's pool 3:5 (pool * proofs / total) and vest it over
    /// epochs 3 and 4 (vesting period 2 from start epoch 1).
    function test_withdrawRewards_poolSharedByProofsAndVested() public {
        (uint256 idA, bytes32 unitA, uint256 idB, bytes32 unitB) = twoOneUnitCommitments();
        submit(unitA, 3);
        submit(unitB, 5);

        uint256 rewardA = share(REWARD_PER_EPOCH, 3, 8);
        uint256 rewardB = share(REWARD_PER_EPOCH, 5, 8);
        assertEq(rewardA, 375 ether);
        assertEq(rewardB, 625 ether);
        uint256[] memory earnedA = new uint256[](1);
        earnedA[0] = rewardA;
        uint256[] memory earnedB = new uint256[](1);
        earnedB[0] = rewardB;

        goToEpoch(2);
        assertEq(capacity.accounting(idA).rewardsEarned, rewardA);
        assertEq(capacity.accounting(idB).rewardsEarned, rewardB);
        expectNothing(provider, idA);
        expectNothing(delegator, idA);
        goToEpoch(3);
        assertEq(vestedAt(earnedA, 1, VESTING, 3), 0);
        expectNothing(provider, idA);

        goToEpoch(4);
        uint256 vested = vestedAt(earnedA, 1, VESTING, 4);
        assertEq(vested, rewardA / 2);
        uint256 providerBefore = stake.balanceOf(provider);
        expectWithdrawn(idA, provider, providerPart(vested, SHARE_BPS), false);
        assertEq(withdraw(provider, idA), providerPart(vested, SHARE_BPS));
        assertEq(stake.balanceOf(provider) - providerBefore, 150 ether);
        expectNothing(provider, idA);

        uint256 delegatorBefore = stake.balanceOf(delegator);
        expectWithdrawn(idA, delegator, delegatorPart(vested, SHARE_BPS), true);
        assertEq(withdraw(delegator, idA), delegatorPart(vested, SHARE_BPS));
        assertEq(stake.balanceOf(delegator) - delegatorBefore, 37.5 ether);

        goToEpoch(5);
        assertEq(vestedAt(earnedA, 1, VESTING, 5), rewardA);
        assertEq(withdraw(provider, idA), providerPart(rewardA, SHARE_BPS) - providerPart(vested, SHARE_BPS));
        assertEq(withdraw(delegator, idA), delegatorPart(rewardA, SHARE_BPS) - delegatorPart(vested, SHARE_BPS));
        assertEq(withdraw(provider, idB), providerPart(rewardB, SHARE_BPS));
        assertEq(withdraw(delegator, idB), delegatorPart(rewardB, SHARE_BPS));
        assertEq(stake.balanceOf(provider) - providerBefore, 800 ether);
        assertEq(stake.balanceOf(delegator) - delegatorBefore, 200 ether);
        expectNothing(provider, idA);
        expectNothing(delegator, idB);
    }

    /// @notice Rewards of epochs 1..4 (1000 each) vest per period of 2 epochs: checked at every epoch, with
    /// withdrawals along the way.
    function test_withdrawRewards_vestingAtSeveralEpochs() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 12);
        proveAll(units);
        uint256 paidProvider;
        uint256 paidDelegator;
        for (uint256 e = 2; e <= 8; ++e) {
            goToEpoch(e);
            uint256 n = e - 1 < 4 ? e - 1 : 4; // rewarded epochs completed so far
            uint256[] memory earnedIn = new uint256[](n);
            for (uint256 i; i < n; ++i) {
                earnedIn[i] = REWARD_PER_EPOCH;
            }
            uint256 vested = vestedAt(earnedIn, 1, VESTING, e);
            ICapacity.Accounting memory a = capacity.accounting(id);
            assertEq(a.rewardsEarned, n * REWARD_PER_EPOCH, "earned");
            assertEq(a.rewardsVested, vested, "vested");
            assertEq(a.providerWithdrawable, providerPart(vested, SHARE_BPS) - paidProvider, "provider");
            assertEq(a.delegatorWithdrawable, delegatorPart(vested, SHARE_BPS) - paidDelegator, "delegator");
            if (e == 4 || e == 6 || e == 8) {
                uint256 dueProvider = providerPart(vested, SHARE_BPS) - paidProvider;
                uint256 dueDelegator = delegatorPart(vested, SHARE_BPS) - paidDelegator;
                expectWithdrawn(id, provider, dueProvider, false);
                assertEq(withdraw(provider, id), dueProvider);
                expectWithdrawn(id, delegator, dueDelegator, true);
                assertEq(withdraw(delegator, id), dueDelegator);
                paidProvider += dueProvider;
                paidDelegator += dueDelegator;
            }
            if (e <= 4) proveAll(units);
        }
        // vested at epochs 3..8: 0, 1000, 2000, 3000, 4000, 4000 ether
        assertEq(paidProvider + paidDelegator, 4000 ether);
        assertEq(paidDelegator, 800 ether);
    }

    function test_withdrawRewards_zeroVestingPeriodVestsAtOnce() public {
        setParam(ICore.Param.VestingPeriod, 0);
        goToEpoch(1);
        (uint256 id,, bytes32[] memory units) = depositedCommitment(1, 10);
        goToEpoch(2);
        proveAll(units);
        goToEpoch(3);
        assertEq(capacity.accounting(id).rewardsVested, REWARD_PER_EPOCH);
        assertEq(withdraw(provider, id), providerPart(REWARD_PER_EPOCH, SHARE_BPS));
        assertEq(withdraw(delegator, id), delegatorPart(REWARD_PER_EPOCH, SHARE_BPS));
    }

    function test_withdrawRewards_providerWhoIsAlsoDelegatorGetsBoth() public {
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(1);
        uint256 id = createWith(peerId, 10, provider, 3000);
        fund(provider, COLLATERAL_PER_UNIT);
        vm.prank(provider);
        capacity.depositCollateral(id);
        goToEpoch(1);
        proveAll(units);
        goToEpoch(5);

        uint256 toDelegator = delegatorPart(REWARD_PER_EPOCH, 3000);
        uint256 toProvider = providerPart(REWARD_PER_EPOCH, 3000);
        assertEq(toDelegator, 300 ether);
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardsWithdrawn(id, provider, toProvider, false);
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardsWithdrawn(id, provider, toDelegator, true);
        vm.expectEmit(address(stake));
        emit IERC20.Transfer(address(capacity), provider, REWARD_PER_EPOCH);
        assertEq(withdraw(provider, id), REWARD_PER_EPOCH);
        assertEq(stake.balanceOf(provider), REWARD_PER_EPOCH);
        ICapacity.Accounting memory a = capacity.accounting(id);
        assertEq(a.providerWithdrawable, 0);
        assertEq(a.delegatorWithdrawable, 0);
        expectNothing(provider, id);
    }

    /// @notice The delegator's part is rounded down, the provider gets the rest: nothing is lost.
    function test_withdrawRewards_splitRoundsTheDelegatorDown() public {
        (, bytes32 peerA, bytes32[] memory unitsA) = registerPeer(1);
        (, bytes32 peerB, bytes32[] memory unitsB) = registerPeer(1);
        uint256 idA = createWith(peerA, 10, delegator, 3333);
        uint256 idB = createCommitment(peerB, 10);
        deposit(idA);
        deposit(idB);
        goToEpoch(1);
        submit(unitsA[0], 3);
        submit(unitsB[0], 4);
        goToEpoch(5);

        uint256 reward = share(REWARD_PER_EPOCH, 3, 7);
        uint256 toDelegator = reward * 3333 / BPS;
        assertTrue(reward * 3333 % BPS != 0, "the split must round");
        assertEq(withdraw(delegator, idA), toDelegator);
        assertEq(withdraw(provider, idA), reward - toDelegator);
    }

    function test_withdrawRewards_afterFinish() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, MIN_DURATION);
        proveEpochs(units, 1, 1 + MIN_DURATION);
        capacity.finishCommitment(id);

        uint256[] memory earnedIn = new uint256[](MIN_DURATION);
        for (uint256 i; i < MIN_DURATION; ++i) {
            earnedIn[i] = REWARD_PER_EPOCH;
        }
        uint256 vested = vestedAt(earnedIn, 1, VESTING, 6);
        assertEq(vested, 3000 ether);
        assertEq(withdraw(provider, id), providerPart(vested, SHARE_BPS));

        warpToEpoch(8);
        uint256 vested8 = vestedAt(earnedIn, 1, VESTING, 8);
        assertEq(vested8, 4500 ether);
        assertEq(capacity.accounting(id).rewardsVested, vested8);
        assertEq(withdraw(provider, id), providerPart(vested8, SHARE_BPS) - providerPart(vested, SHARE_BPS));

        warpToEpoch(20);
        uint256 all = MIN_DURATION * REWARD_PER_EPOCH;
        expectWithdrawn(id, delegator, delegatorPart(all, SHARE_BPS), true);
        assertEq(withdraw(delegator, id), delegatorPart(all, SHARE_BPS));
        assertEq(withdraw(provider, id), providerPart(all, SHARE_BPS) - providerPart(vested8, SHARE_BPS));
        assertEq(stake.balanceOf(provider), providerPart(all, SHARE_BPS));
        expectNothing(provider, id);
        expectNothing(delegator, id);
    }

    function test_withdrawRewards_failedCommitmentKeepsItsRewards() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        proveAll(units); // epoch 1 rewarded, then epochs 2..5 fail: failed in 5
        warpToEpoch(7);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Failed));
        assertEq(withdraw(provider, id), providerPart(REWARD_PER_EPOCH, SHARE_BPS));
        capacity.finishCommitment(id);
        assertEq(withdraw(delegator, id), delegatorPart(REWARD_PER_EPOCH, SHARE_BPS));
    }

    function test_withdrawRewards_revertsUnknownCommitment() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 1));
        vm.prank(provider);
        capacity.withdrawRewards(1);
    }

    function test_withdrawRewards_revertsWrongStage() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, 10);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.WaitDelegation));
        vm.prank(provider);
        capacity.withdrawRewards(id);

        vm.prank(provider);
        capacity.removeCommitment(id);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.Removed));
        vm.prank(provider);
        capacity.withdrawRewards(id);
    }

    function test_withdrawRewards_revertsNotParticipant() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        address[2] memory callers = [stranger, operator];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NotParticipant.selector, id, callers[i]));
            vm.prank(callers[i]);
            capacity.withdrawRewards(id);
        }
        proveAll(units);
        goToEpoch(5);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotParticipant.selector, id, stranger));
        vm.prank(stranger);
        capacity.withdrawRewards(id);
    }

    function test_withdrawRewards_revertsNothingToWithdraw() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, 10);
        expectNothing(provider, id);
        expectNothing(delegator, id);
        proveAll(units);
        goToEpoch(2); // earned, not vested
        assertEq(capacity.accounting(id).rewardsEarned, REWARD_PER_EPOCH);
        expectNothing(provider, id);
        expectNothing(delegator, id);
    }

    function test_withdrawRewards_revertsNothingToWithdrawForAZeroShare() public {
        (, bytes32 peerA, bytes32[] memory unitsA) = registerPeer(1);
        (, bytes32 peerB, bytes32[] memory unitsB) = registerPeer(1);
        uint256 noDelegatorShare = createWith(peerA, 10, delegator, 0);
        uint256 allToDelegator = createWith(peerB, 10, delegator, BPS);
        deposit(noDelegatorShare);
        deposit(allToDelegator);
        goToEpoch(1);
        submit(unitsA[0], 3);
        submit(unitsB[0], 3);
        goToEpoch(5);

        expectNothing(delegator, noDelegatorShare);
        assertEq(withdraw(provider, noDelegatorShare), REWARD_PER_EPOCH / 2);
        expectNothing(provider, allToDelegator);
        assertEq(withdraw(delegator, allToDelegator), REWARD_PER_EPOCH / 2);
    }
}
