// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {CapacityBase} from "./CapacityBase.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract CapacityDepositCollateralTest is CapacityBase {
    function test_depositCollateral_namedDelegator() public {
        goToEpoch(3);
        (, bytes32 peerId,) = registerPeer(3);
        uint256 id = createCommitment(peerId, 6);
        uint256 amount = 3 * COLLATERAL_PER_UNIT;
        uint256 delegatorBefore = stake.balanceOf(delegator);
        uint256 capacityBefore = stake.balanceOf(address(capacity));

        vm.expectEmit(address(stake));
        emit IERC20.Transfer(delegator, address(capacity), amount);
        vm.expectEmit(address(capacity));
        emit ICapacity.CollateralDeposited(id, delegator, amount, 4, 10, 3 * MAX_FAILED_RATIO);
        deposit(id);

        assertEq(delegatorBefore - stake.balanceOf(delegator), amount);
        assertEq(stake.balanceOf(address(capacity)) - capacityBefore, amount);
        assertEq(capacity.rewardReserve(), RESERVE);

        ICapacity.Commitment memory c = capacity.commitment(id);
        assertEq(c.delegator, delegator);
        assertEq(c.startEpoch, 4);
        assertEq(c.endEpoch, 10);
        assertEq(uint256(c.stage), uint256(ICapacity.Stage.Deposited));
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.WaitStart));
        ICapacity.Accounting memory a = capacity.accounting(id);
        assertEq(uint256(a.status), uint256(ICapacity.Status.WaitStart));
        assertEq(a.activeUnits, 3);
        assertEq(a.failedUnitEpochs, 0);

        goToEpoch(4);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Active));
    }

    function test_depositCollateral_inEpochZeroStartsInEpochOne() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.expectEmit(address(capacity));
        emit ICapacity.CollateralDeposited(id, delegator, COLLATERAL_PER_UNIT, 1, 1 + MIN_DURATION, MAX_FAILED_RATIO);
        deposit(id);
        assertEq(capacity.commitment(id).startEpoch, 1);
    }

    function test_depositCollateral_openCommitmentTakesTheFirstDepositor() public {
        goToEpoch(1);
        (, bytes32 peerId,) = registerPeer(2);
        uint256 id = createWith(peerId, MIN_DURATION, address(0), 1000);
        fund(stranger, 1000 ether);

        vm.expectEmit(address(stake));
        emit IERC20.Transfer(stranger, address(capacity), 2 * COLLATERAL_PER_UNIT);
        vm.expectEmit(address(capacity));
        emit ICapacity.CollateralDeposited(id, stranger, 2 * COLLATERAL_PER_UNIT, 2, 2 + MIN_DURATION, 6);
        vm.prank(stranger);
        capacity.depositCollateral(id);

        assertEq(capacity.commitment(id).delegator, stranger);
        assertEq(stake.balanceOf(stranger), 1000 ether - 2 * COLLATERAL_PER_UNIT);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.WaitStart));
    }

    function test_depositCollateral_providerCanDelegateItself() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createWith(peerId, MIN_DURATION, address(0), 0);
        fund(provider, COLLATERAL_PER_UNIT);
        vm.prank(provider);
        capacity.depositCollateral(id);
        assertEq(capacity.commitment(id).delegator, provider);
        assertEq(stake.balanceOf(provider), 0);
    }

    /// @notice maxFailures, like the other terms, comes from the parameters of the epoch of the deposit, even
    /// when that epoch is snapshotted by the deposit itself.
    function test_depositCollateral_freezesTermsOfTheDepositEpoch() public {
        goToEpoch(1);
        (, bytes32 peerA,) = registerPeer(2);
        (, bytes32 peerB,) = registerPeer(2);
        uint256 idA = createCommitment(peerA, MIN_DURATION);
        uint256 idB = createCommitment(peerB, MIN_DURATION);
        setParam(ICore.Param.MaxFailedRatio, 5);

        vm.expectEmit(address(capacity));
        emit ICapacity.CollateralDeposited(idA, delegator, 2 * COLLATERAL_PER_UNIT, 2, 2 + MIN_DURATION, 6);
        deposit(idA);

        warpToEpoch(2); // not advanced: the deposit snapshots epoch 2
        vm.expectEmit(address(capacity));
        emit ICapacity.CollateralDeposited(idB, delegator, 2 * COLLATERAL_PER_UNIT, 3, 3 + MIN_DURATION, 10);
        deposit(idB);
        (uint256 e,,) = capacity.epochChallenge();
        assertEq(e, 2);
    }

    /// @notice A CU that joined a deal in the peer's previous commitment and is still in it is collateralised but
    /// not expected to prove in the new one.
    function test_depositCollateral_unitsInADealAreNotActive() public {
        becomeDealModule();
        (uint256 previous, bytes32 peerId, bytes32[] memory units) = activeCommitment(3, MIN_DURATION);
        capacity.onUnitJoinedDeal(units[0], previous);
        goToEpoch(capacity.commitment(previous).endEpoch);
        capacity.finishCommitment(previous);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        uint256 balance = stake.balanceOf(delegator);
        deposit(id);

        assertEq(balance - stake.balanceOf(delegator), 3 * COLLATERAL_PER_UNIT);
        assertEq(capacity.accounting(id).activeUnits, 2);

        // only the two free CUs are expected: they prove, nothing fails
        uint256 start = capacity.commitment(id).startEpoch;
        goToEpoch(start);
        bytes32[] memory free = new bytes32[](2);
        free[0] = units[1];
        free[1] = units[2];
        proveAll(free);
        goToEpoch(start + 1);
        ICapacity.Accounting memory a = capacity.accounting(id);
        assertEq(a.failedUnitEpochs, 0);
        assertEq(a.activeUnits, 2);
    }

    function test_depositCollateral_revertsUnknownCommitment() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 1));
        vm.prank(delegator);
        capacity.depositCollateral(1);
    }

    function test_depositCollateral_revertsWrongStageWhenDeposited() public {
        (uint256 id,,) = depositedCommitment(1, MIN_DURATION);
        uint256 balance = stake.balanceOf(delegator);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.Deposited));
        vm.prank(delegator);
        capacity.depositCollateral(id);
        assertEq(stake.balanceOf(delegator), balance);
    }

    function test_depositCollateral_revertsWrongStageWhenRemoved() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.prank(provider);
        capacity.removeCommitment(id);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.Removed));
        vm.prank(delegator);
        capacity.depositCollateral(id);
    }

    function test_depositCollateral_revertsWrongStageWhenFinished() public {
        (uint256 id,,) = depositedCommitment(1, MIN_DURATION);
        warpToEpoch(1 + MIN_DURATION);
        capacity.finishCommitment(id);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.WrongStage.selector, id, ICapacity.Stage.Finished));
        vm.prank(delegator);
        capacity.depositCollateral(id);
    }

    function test_depositCollateral_revertsNotDelegator() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        fund(stranger, 1000 ether);
        address[3] memory callers = [stranger, provider, operator];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDelegator.selector, callers[i]));
            vm.prank(callers[i]);
            capacity.depositCollateral(id);
        }
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.WaitDelegation));
    }

    function test_depositCollateral_revertsInsufficientAllowance() public {
        (, bytes32 peerId,) = registerPeer(2);
        uint256 id = createWith(peerId, MIN_DURATION, address(0), 0);
        stake.mint(stranger, 1000 ether);
        vm.prank(stranger);
        stake.approve(address(capacity), COLLATERAL_PER_UNIT);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector,
                address(capacity),
                COLLATERAL_PER_UNIT,
                2 * COLLATERAL_PER_UNIT
            )
        );
        vm.prank(stranger);
        capacity.depositCollateral(id);
        // nothing changed: the commitment is still open and waiting
        assertEq(capacity.commitment(id).delegator, address(0));
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.WaitDelegation));
    }

    function test_depositCollateral_revertsInsufficientBalance() public {
        (, bytes32 peerId,) = registerPeer(2);
        uint256 id = createWith(peerId, MIN_DURATION, address(0), 0);
        fund(stranger, COLLATERAL_PER_UNIT);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, stranger, COLLATERAL_PER_UNIT, 2 * COLLATERAL_PER_UNIT
            )
        );
        vm.prank(stranger);
        capacity.depositCollateral(id);
        assertEq(capacity.commitment(id).delegator, address(0));
    }
}
