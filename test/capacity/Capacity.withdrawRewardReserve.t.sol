// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CapacityBase} from "./CapacityBase.sol";
import {ProtocolModule} from "../../contracts/core/ProtocolModule.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract CapacityWithdrawRewardReserveTest is CapacityBase {
    function test_withdrawRewardReserve_paysTheTreasury() public {
        uint256 capacityBefore = stake.balanceOf(address(capacity));
        vm.expectEmit(address(stake));
        emit IERC20.Transfer(address(capacity), treasury, 40_000 ether);
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardReserveWithdrawn(treasury, 40_000 ether);
        vm.prank(owner);
        capacity.withdrawRewardReserve(40_000 ether);

        assertEq(capacity.rewardReserve(), RESERVE - 40_000 ether);
        assertEq(stake.balanceOf(treasury), 40_000 ether);
        assertEq(capacityBefore - stake.balanceOf(address(capacity)), 40_000 ether);

        vm.prank(owner);
        capacity.withdrawRewardReserve(RESERVE - 40_000 ether);
        assertEq(capacity.rewardReserve(), 0);
        assertEq(stake.balanceOf(treasury), RESERVE);
    }

    function test_withdrawRewardReserve_paysTheCurrentTreasury() public {
        address newTreasury = makeAddr("new treasury");
        vm.prank(owner);
        core.setTreasury(newTreasury);
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardReserveWithdrawn(newTreasury, 1 ether);
        vm.prank(owner);
        capacity.withdrawRewardReserve(1 ether);
        assertEq(stake.balanceOf(newTreasury), 1 ether);
        assertEq(stake.balanceOf(treasury), 0);
    }

    /// @notice A pool allocated to an epoch has left the reserve: it cannot be withdrawn, nor can collateral.
    function test_withdrawRewardReserve_leavesAllocatedPoolsAndCollateral() public {
        (,, bytes32[] memory units) = activeCommitment(2, 10);
        proveAll(units);
        uint256 reserve = RESERVE - REWARD_PER_EPOCH;
        assertEq(capacity.rewardReserve(), reserve);
        assertEq(stake.balanceOf(address(capacity)), RESERVE + 2 * COLLATERAL_PER_UNIT);

        vm.expectRevert(abi.encodeWithSelector(ICapacity.ReserveTooSmall.selector, RESERVE, reserve));
        vm.prank(owner);
        capacity.withdrawRewardReserve(RESERVE);

        vm.prank(owner);
        capacity.withdrawRewardReserve(reserve);
        assertEq(stake.balanceOf(address(capacity)), REWARD_PER_EPOCH + 2 * COLLATERAL_PER_UNIT);
    }

    function test_withdrawRewardReserve_followsTheCoreOwner() public {
        address newOwner = makeAddr("new owner");
        vm.prank(owner);
        core.transferOwnership(newOwner);
        vm.prank(newOwner);
        core.acceptOwnership();

        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, owner));
        vm.prank(owner);
        capacity.withdrawRewardReserve(1 ether);

        vm.prank(newOwner);
        capacity.withdrawRewardReserve(1 ether);
        assertEq(stake.balanceOf(treasury), 1 ether);
    }

    function test_withdrawRewardReserve_revertsNotProtocolOwner() public {
        address[3] memory callers = [stranger, treasury, provider];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, callers[i]));
            vm.prank(callers[i]);
            capacity.withdrawRewardReserve(1 ether);
        }
        assertEq(capacity.rewardReserve(), RESERVE);
    }

    function test_withdrawRewardReserve_revertsZeroAmount() public {
        vm.expectRevert(ICapacity.ZeroAmount.selector);
        vm.prank(owner);
        capacity.withdrawRewardReserve(0);
    }

    function test_withdrawRewardReserve_revertsReserveTooSmall() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacity.ReserveTooSmall.selector, RESERVE + 1, RESERVE));
        vm.prank(owner);
        capacity.withdrawRewardReserve(RESERVE + 1);

        vm.prank(owner);
        capacity.withdrawRewardReserve(RESERVE);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.ReserveTooSmall.selector, 1, 0));
        vm.prank(owner);
        capacity.withdrawRewardReserve(1);
    }
}
