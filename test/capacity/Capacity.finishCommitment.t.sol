// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CapacityBase} from "./CapacityBase.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract CapacityFinishCommitmentTest is CapacityBase {
    function test_finishCommitment_returnsAllCollateralWhenEveryEpochSucceeded() public {
        (uint256 id, bytes32 peerId, bytes32[] memory units) = activeCommitment(2, MIN_DURATION);
        uint256 end = 1 + MIN_DURATION;
        proveEpochs(units, 1, end);
        uint256 collateral = 2 * COLLATERAL_PER_UNIT;
        uint256 delegatorBefore = stake.balanceOf(delegator);
        uint256 capacityBefore = stake.balanceOf(address(capacity));

        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentSettled(id, end - 1, REWARD_PER_EPOCH, 0);
        vm.expectEmit(address(stake));
        emit IERC20.Transfer(address(capacity), delegator, collateral);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFinished(id, collateral, 0, 0);
        vm.prank(stranger); // anyone may finish
        capacity.finishCommitment(id);

        assertEq(stake.balanceOf(delegator) - delegatorBefore, collateral);
        assertEq(capacityBefore - stake.balanceOf(address(capacity)), collateral);
        assertEq(stake.balanceOf(treasury), 0);
        assertEq(uint256(capacity.commitment(id).stage), uint256(ICapacity.Stage.Finished));
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Finished));
        assertFalse(capacity.locksPeer(id), "peer released");
        assertEq(market.peer(peerId).commitmentId, id, "the peer keeps its latest commitment id");
        ICapacity.Accounting memory a = capacity.accounting(id);
        assertEq(uint256(a.status), uint256(ICapacity.Status.Finished));
        assertEq(a.failedUnitEpochs, 0);
        assertEq(a.slashed, 0);
        assertEq(a.rewardsEarned, MIN_DURATION * REWARD_PER_EPOCH);
    }

    function test_finishCommitment_releasesThePeer() public {
        (uint256 id, bytes32 peerId, bytes32[] memory units) = activeCommitment(2, MIN_DURATION);
        proveEpochs(units, 1, 1 + MIN_DURATION);
        // still committed: its CUs cannot be removed
        vm.expectRevert(abi.encodeWithSelector(IMarket.PeerCommitted.selector, peerId, id));
        vm.prank(provider);
        market.removeUnits(peerId, units);

        capacity.finishCommitment(id);

        uint256 next = createCommitment(peerId, MIN_DURATION);
        assertEq(market.peer(peerId).commitmentId, next);
        vm.prank(provider);
        capacity.removeCommitment(next);
        vm.prank(provider);
        market.removeUnits(peerId, units);
        assertEq(market.peer(peerId).unitCount, 0);
    }

    /// @notice Failed CU-epochs that do not fail the commitment are slashed at the rate frozen at the deposit.
    function test_finishCommitment_slashesFailedUnitEpochs() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(3, MIN_DURATION);
        setParam(ICore.Param.SlashingRateBps, 2000); // after the deposit: not applied to this commitment
        bytes32[] memory proving = new bytes32[](2);
        proving[0] = units[0];
        proving[1] = units[1];
        uint256 end = 1 + MIN_DURATION;
        proveEpochs(proving, 1, end); // CU 2 fails every epoch: 5 failed CU-epochs, 9 tolerated

        uint256 failures = MIN_DURATION;
        uint256 slashed = failures * COLLATERAL_PER_UNIT * SLASHING_BPS / BPS;
        assertEq(slashed, 25 ether);
        uint256 returned = 3 * COLLATERAL_PER_UNIT - slashed;
        uint256 delegatorBefore = stake.balanceOf(delegator);

        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentSettled(id, end - 1, REWARD_PER_EPOCH, failures);
        vm.expectEmit(address(stake));
        emit IERC20.Transfer(address(capacity), delegator, returned);
        vm.expectEmit(address(stake));
        emit IERC20.Transfer(address(capacity), treasury, slashed);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFinished(id, returned, slashed, failures);
        capacity.finishCommitment(id);

        assertEq(stake.balanceOf(delegator) - delegatorBefore, returned);
        assertEq(stake.balanceOf(treasury), slashed);
        assertEq(capacity.accounting(id).slashed, slashed);
        assertEq(capacity.accounting(id).failedUnitEpochs, failures);
    }

    /// @notice Slashed collateral goes to the treasury in force when the commitment is finished.
    function test_finishCommitment_paysTheCurrentTreasury() public {
        (uint256 id,,) = activeCommitment(1, MIN_DURATION);
        address newTreasury = makeAddr("new treasury");
        vm.prank(owner);
        core.setTreasury(newTreasury);
        warpToEpoch(1 + MIN_DURATION);
        capacity.finishCommitment(id);
        // 1 CU never proved: epochs 1..4 failed, the 4th failed the commitment
        assertEq(stake.balanceOf(newTreasury), slashFor(4, 1, SLASHING_BPS));
        assertEq(stake.balanceOf(treasury), 0);
        assertEq(stake.balanceOf(delegator), 1_000_000 ether - slashFor(4, 1, SLASHING_BPS));
    }

    /// @notice 2 CUs tolerate 6 failed CU-epochs. Both prove in epoch 1 only: epochs 2, 3, 4 fail 6 CU-epochs,
    /// epoch 5 the 7th and 8th, which fails the commitment in epoch 5: it ends at 6 instead of 11.
    function test_finishCommitment_failedCommitmentFinishesEarly() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        proveAll(units);

        goToEpoch(5);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Active));
        vm.expectRevert(abi.encodeWithSelector(ICapacity.CommitmentNotEnded.selector, id, 11));
        capacity.finishCommitment(id);

        warpToEpoch(6);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Failed));
        assertEq(capacity.commitment(id).endEpoch, 6);

        uint256 failures = 8;
        uint256 slashed = slashFor(failures, 2, SLASHING_BPS);
        assertEq(slashed, 40 ether);
        uint256 returned = 2 * COLLATERAL_PER_UNIT - slashed;
        uint256 delegatorBefore = stake.balanceOf(delegator);

        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFailed(id, 5, failures);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentSettled(id, 1, REWARD_PER_EPOCH, failures);
        vm.expectEmit(address(stake));
        emit IERC20.Transfer(address(capacity), delegator, returned);
        vm.expectEmit(address(stake));
        emit IERC20.Transfer(address(capacity), treasury, slashed);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFinished(id, returned, slashed, failures);
        capacity.finishCommitment(id);

        assertEq(stake.balanceOf(delegator) - delegatorBefore, returned);
        assertEq(stake.balanceOf(treasury), slashed);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Finished));
        assertEq(capacity.commitment(id).endEpoch, 6);
        assertEq(capacity.accounting(id).failedUnitEpochs, failures);
    }

    /// @notice A failure recorded by an earlier touch is not settled again when finishing.
    function test_finishCommitment_afterTheFailureWasRecorded() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, 10);
        proveAll(units);
        goToEpoch(6);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFailed(id, 5, 8);
        vm.prank(provider);
        capacity.withdrawRewards(id); // touches the commitment: records the failure

        warpToEpoch(9);
        uint256 slashed = slashFor(8, 2, SLASHING_BPS);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFinished(id, 2 * COLLATERAL_PER_UNIT - slashed, slashed, 8);
        vm.recordLogs();
        capacity.finishCommitment(id);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != ICapacity.CommitmentSettled.selector, "settled twice");
            assertTrue(logs[i].topics[0] != ICapacity.CommitmentFailed.selector, "failed twice");
        }
        assertEq(stake.balanceOf(treasury), slashed);
    }

    function test_finishCommitment_slashingIsCappedAtTheCollateral() public {
        goToEpoch(1);
        setParam(ICore.Param.SlashingRateBps, BPS);
        goToEpoch(2);
        (uint256 id,,) = depositedCommitment(1, 10); // starts in 3, never proves: fails in 6 with 4 failures
        warpToEpoch(7);
        uint256 slashed = slashFor(4, 1, BPS);
        assertEq(slashed, COLLATERAL_PER_UNIT); // 400 ether uncapped
        uint256 delegatorBefore = stake.balanceOf(delegator);

        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFinished(id, 0, COLLATERAL_PER_UNIT, 4);
        capacity.finishCommitment(id);
        assertEq(stake.balanceOf(delegator), delegatorBefore);
        assertEq(stake.balanceOf(treasury), COLLATERAL_PER_UNIT);
        assertEq(capacity.accounting(id).slashed, COLLATERAL_PER_UNIT);
    }

    function test_finishCommitment_openCommitmentPaysTheDepositor() public {
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(1);
        uint256 id = createWith(peerId, MIN_DURATION, address(0), 0);
        fund(stranger, COLLATERAL_PER_UNIT);
        vm.prank(stranger);
        capacity.depositCollateral(id);
        proveEpochs(units, 1, 1 + MIN_DURATION);
        capacity.finishCommitment(id);
        assertEq(stake.balanceOf(stranger), COLLATERAL_PER_UNIT);
    }

    function test_finishCommitment_revertsUnknownCommitment() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 1));
        capacity.finishCommitment(1);
    }

    function test_finishCommitment_revertsWrongStageWaitDelegation() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        warpToEpoch(20);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.WaitDelegation));
        capacity.finishCommitment(id);
    }

    function test_finishCommitment_revertsWrongStageRemoved() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.prank(provider);
        capacity.removeCommitment(id);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.Removed));
        capacity.finishCommitment(id);
    }

    function test_finishCommitment_revertsWrongStageWhenFinishedTwice() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(1, MIN_DURATION);
        proveEpochs(units, 1, 1 + MIN_DURATION);
        capacity.finishCommitment(id);
        uint256 delegatorBalance = stake.balanceOf(delegator);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.Finished));
        capacity.finishCommitment(id);
        assertEq(stake.balanceOf(delegator), delegatorBalance);
    }

    function test_finishCommitment_revertsCommitmentNotEnded() public {
        goToEpoch(1);
        (uint256 id,, bytes32[] memory units) = depositedCommitment(1, MIN_DURATION); // epochs 2..6
        uint256 end = 2 + MIN_DURATION;
        vm.expectRevert(abi.encodeWithSelector(ICapacity.CommitmentNotEnded.selector, id, end));
        capacity.finishCommitment(id); // waiting for its start

        for (uint256 e = 2; e < end; ++e) {
            goToEpoch(e);
            vm.expectRevert(abi.encodeWithSelector(ICapacity.CommitmentNotEnded.selector, id, end));
            capacity.finishCommitment(id);
            proveAll(units);
        }
        goToEpoch(end);
        capacity.finishCommitment(id);
    }
}
