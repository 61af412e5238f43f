// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {CoreTestBase} from "./CoreTestBase.sol";
import {ICore, Params} from "../../contracts/interfaces/ICore.sol";

contract CoreSetParamTest is CoreTestBase {
    uint256 internal constant NUM_PARAMS = 11;

    /// @notice Sets `param` to `value` and checks the event, the staged value and that the current one is unchanged.
    function accepts(ICore.Param param, uint256 value) internal {
        uint256 e = core.currentEpoch();
        Params memory before = core.params();
        vm.expectEmit(address(core));
        emit ICore.ParamScheduled(param, value, e + 1);
        vm.prank(owner);
        core.setParam(param, value);
        assertEq(field(core.paramsAt(e + 1), param), value, "staged for the next epoch");
        assertParams(core.params(), before);
        assertParams(core.paramsAt(e), before);
    }

    function rejects(ICore.Param param, uint256 value) internal {
        vm.expectRevert(abi.encodeWithSelector(ICore.ParamOutOfBounds.selector, param, value));
        vm.prank(owner);
        core.setParam(param, value);
    }

    /// @notice The bounds of each parameter with the fixture's other values (min proofs 3, max proofs 10).
    function bounds(ICore.Param param) internal pure returns (uint256 lo, uint256 hi) {
        if (param == ICore.Param.CollateralPerUnit) return (1, type(uint96).max);
        if (param == ICore.Param.RewardPerEpoch) return (0, type(uint96).max);
        if (param == ICore.Param.MinProofsPerEpoch) return (1, MAX_PROOFS);
        if (param == ICore.Param.MaxProofsPerEpoch) return (MIN_PROOFS, 1000);
        if (param == ICore.Param.VestingPeriod) return (0, 10_000);
        if (param == ICore.Param.SlashingRateBps) return (0, 10_000);
        if (param == ICore.Param.MaxFailedRatio) return (1, 1000);
        if (param == ICore.Param.MinCommitmentDuration) return (1, 1_000_000);
        if (param == ICore.Param.MinDealDepositEpochs) return (1, 1000);
        if (param == ICore.Param.DealRejoinDelay) return (0, 1000);
        return (1, type(uint256).max);
    }

    function checkBounds(ICore.Param param) internal {
        (uint256 lo, uint256 hi) = bounds(param);
        if (lo != 0) rejects(param, lo - 1);
        if (hi != type(uint256).max) rejects(param, hi + 1);
        accepts(param, lo);
        accepts(param, hi);
    }

    function test_setParam_collateralPerUnitBounds() public {
        checkBounds(ICore.Param.CollateralPerUnit);
        rejects(ICore.Param.CollateralPerUnit, type(uint256).max);
    }

    function test_setParam_rewardPerEpochBounds() public {
        checkBounds(ICore.Param.RewardPerEpoch);
    }

    function test_setParam_minProofsBounds() public {
        checkBounds(ICore.Param.MinProofsPerEpoch);
        vm.prank(owner);
        core.setParam(ICore.Param.MaxProofsPerEpoch, 1000);
        accepts(ICore.Param.MinProofsPerEpoch, 1000);
        rejects(ICore.Param.MinProofsPerEpoch, 1001);
    }

    function test_setParam_maxProofsBounds() public {
        checkBounds(ICore.Param.MaxProofsPerEpoch);
        rejects(ICore.Param.MaxProofsPerEpoch, 0);
    }

    function test_setParam_vestingPeriodBounds() public {
        checkBounds(ICore.Param.VestingPeriod);
    }

    function test_setParam_slashingRateBounds() public {
        checkBounds(ICore.Param.SlashingRateBps);
    }

    function test_setParam_maxFailedRatioBounds() public {
        checkBounds(ICore.Param.MaxFailedRatio);
    }

    function test_setParam_minCommitmentDurationBounds() public {
        checkBounds(ICore.Param.MinCommitmentDuration);
    }

    function test_setParam_minDealDepositEpochsBounds() public {
        checkBounds(ICore.Param.MinDealDepositEpochs);
    }

    function test_setParam_dealRejoinDelayBounds() public {
        checkBounds(ICore.Param.DealRejoinDelay);
    }

    function test_setParam_difficultyBounds() public {
        checkBounds(ICore.Param.Difficulty);
    }

    function testFuzz_setParam_boundsOfEveryParam(uint8 index, uint256 value) public {
        ICore.Param param = ICore.Param(bound(index, 0, NUM_PARAMS - 1));
        (uint256 lo, uint256 hi) = bounds(param);
        if (value < lo || value > hi) {
            rejects(param, value);
            assertParams(core.paramsAt(core.currentEpoch() + 1), defaultParams());
        } else {
            accepts(param, value);
            Params memory expected = defaultParams();
            Params memory staged = core.paramsAt(core.currentEpoch() + 1);
            assertEq(field(staged, param), value);
            for (uint256 i; i < NUM_PARAMS; ++i) {
                if (i != uint256(param)) assertEq(field(staged, ICore.Param(i)), field(expected, ICore.Param(i)));
            }
        }
    }

    function test_setParam_appliesFromTheNextEpoch() public {
        vm.prank(owner);
        core.setParam(ICore.Param.CollateralPerUnit, 200 ether);
        assertEq(core.params().collateralPerUnit, COLLATERAL_PER_UNIT);
        assertEq(core.paramsAt(0).collateralPerUnit, COLLATERAL_PER_UNIT);
        assertEq(core.paramsAt(1).collateralPerUnit, 200 ether);
        assertEq(core.paramsAt(50).collateralPerUnit, 200 ether);

        warpToEpoch(1);
        assertEq(core.params().collateralPerUnit, 200 ether);
        warpToEpoch(7);
        assertEq(core.params().collateralPerUnit, 200 ether);
    }

    function test_setParam_appliesMidEpochOnlyAtTheBoundary() public {
        warpToEpoch(4);
        vm.warp(block.timestamp + EPOCH_DURATION / 2);
        vm.expectEmit(address(core));
        emit ICore.ParamScheduled(ICore.Param.RewardPerEpoch, 5 ether, 5);
        vm.prank(owner);
        core.setParam(ICore.Param.RewardPerEpoch, 5 ether);
        vm.warp(core.epochStart() + 4 * EPOCH_DURATION - 1);
        assertEq(core.params().rewardPerEpoch, REWARD_PER_EPOCH);
        vm.warp(core.epochStart() + 4 * EPOCH_DURATION);
        assertEq(core.params().rewardPerEpoch, 5 ether);
    }

    /// @notice Capacity snapshots the staged values when it advances into the epoch they apply from.
    function test_setParam_capacitySeesChangeNextEpoch() public {
        goToEpoch(1);
        vm.prank(owner);
        core.setParam(ICore.Param.Difficulty, 12345);
        capacity.advanceEpoch();
        (,, uint256 difficulty) = capacity.epochChallenge();
        assertEq(difficulty, DIFFICULTY);
        goToEpoch(2);
        (,, difficulty) = capacity.epochChallenge();
        assertEq(difficulty, 12345);
    }

    function test_setParam_twoChangesInOneEpoch() public {
        vm.startPrank(owner);
        core.setParam(ICore.Param.CollateralPerUnit, 200 ether);
        core.setParam(ICore.Param.RewardPerEpoch, 7 ether);
        core.setParam(ICore.Param.CollateralPerUnit, 300 ether);
        vm.stopPrank();
        Params memory expected = defaultParams();
        assertParams(core.params(), expected);
        expected.collateralPerUnit = 300 ether;
        expected.rewardPerEpoch = 7 ether;
        assertParams(core.paramsAt(1), expected);
        warpToEpoch(1);
        assertParams(core.params(), expected);
    }

    /// @notice A change made after an earlier staged change took effect keeps that change and stages the new one.
    function test_setParam_promotesAStagedChangeThatTookEffect() public {
        vm.prank(owner);
        core.setParam(ICore.Param.CollateralPerUnit, 200 ether);
        warpToEpoch(3);
        vm.expectEmit(address(core));
        emit ICore.ParamScheduled(ICore.Param.RewardPerEpoch, 7 ether, 4);
        vm.prank(owner);
        core.setParam(ICore.Param.RewardPerEpoch, 7 ether);

        Params memory inForce = defaultParams();
        inForce.collateralPerUnit = 200 ether;
        assertParams(core.params(), inForce);
        assertParams(core.paramsAt(3), inForce);
        Params memory staged = inForce;
        staged.rewardPerEpoch = 7 ether;
        assertParams(core.paramsAt(4), staged);
        warpToEpoch(4);
        assertParams(core.params(), staged);
    }

    /// @notice The same when the earlier change took effect in the very epoch of the new change.
    function test_setParam_promotesInTheEpochTheStagedChangeApplies() public {
        vm.prank(owner);
        core.setParam(ICore.Param.VestingPeriod, 9);
        warpToEpoch(1);
        vm.prank(owner);
        core.setParam(ICore.Param.VestingPeriod, 4);
        assertEq(core.params().vestingPeriod, 9);
        assertEq(core.paramsAt(1).vestingPeriod, 9);
        assertEq(core.paramsAt(2).vestingPeriod, 4);
        warpToEpoch(2);
        assertEq(core.params().vestingPeriod, 4);
        warpToEpoch(3);
        vm.prank(owner);
        core.setParam(ICore.Param.SlashingRateBps, 1);
        assertEq(core.params().vestingPeriod, 4);
        assertEq(core.paramsAt(4).vestingPeriod, 4);
        assertEq(core.paramsAt(4).slashingRateBps, 1);
        assertEq(core.params().slashingRateBps, SLASHING_BPS);
    }

    function test_setParam_rejectsMinProofsAboveMax() public {
        rejects(ICore.Param.MinProofsPerEpoch, MAX_PROOFS + 1);
        accepts(ICore.Param.MinProofsPerEpoch, MAX_PROOFS);
    }

    function test_setParam_rejectsMaxProofsBelowMin() public {
        rejects(ICore.Param.MaxProofsPerEpoch, MIN_PROOFS - 1);
        accepts(ICore.Param.MaxProofsPerEpoch, MIN_PROOFS);
    }

    /// @notice The min <= max check is against the staged values: raise max, then min, in one epoch.
    function test_setParam_minMaxCheckedAgainstStagedValues() public {
        rejects(ICore.Param.MinProofsPerEpoch, 15);
        accepts(ICore.Param.MaxProofsPerEpoch, 20);
        accepts(ICore.Param.MinProofsPerEpoch, 15);
        rejects(ICore.Param.MaxProofsPerEpoch, 14);
        Params memory staged = core.paramsAt(1);
        assertEq(staged.minProofsPerEpoch, 15);
        assertEq(staged.maxProofsPerEpoch, 20);
    }

    function test_setParam_minMaxCheckedAfterPromotion() public {
        accepts(ICore.Param.MaxProofsPerEpoch, 20);
        warpToEpoch(2);
        accepts(ICore.Param.MinProofsPerEpoch, 20);
        rejects(ICore.Param.MaxProofsPerEpoch, 19);
        warpToEpoch(3);
        assertEq(core.params().minProofsPerEpoch, 20);
        assertEq(core.params().maxProofsPerEpoch, 20);
    }

    function test_setParam_revertsOnUnknownParam() public {
        vm.prank(owner);
        (bool ok, bytes memory err) =
            address(core).call(abi.encodeWithSelector(core.setParam.selector, uint256(NUM_PARAMS), 1));
        assertFalse(ok);
        assertEq(err.length, 0, "the ABI decoder rejects an out-of-range enum");
        assertParams(core.paramsAt(1), defaultParams());
    }

    function test_setParam_revertsWhenNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        core.setParam(ICore.Param.RewardPerEpoch, 1);
        assertParams(core.paramsAt(1), defaultParams());
    }
}
