// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {CapacityBase} from "./CapacityBase.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract CapacityFundRewardsTest is CapacityBase {
    function test_fundRewards_addsToTheReserve() public {
        fund(stranger, 5000 ether);
        uint256 capacityBefore = stake.balanceOf(address(capacity));

        vm.expectEmit(address(stake));
        emit IERC20.Transfer(stranger, address(capacity), 1234 ether);
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardsFunded(stranger, 1234 ether);
        vm.prank(stranger);
        capacity.fundRewards(1234 ether);

        assertEq(capacity.rewardReserve(), RESERVE + 1234 ether);
        assertEq(stake.balanceOf(stranger), 5000 ether - 1234 ether);
        assertEq(stake.balanceOf(address(capacity)) - capacityBefore, 1234 ether);

        vm.prank(stranger);
        capacity.fundRewards(1);
        assertEq(capacity.rewardReserve(), RESERVE + 1234 ether + 1);
    }

    function test_fundRewards_upToTheUint96Maximum() public {
        uint256 room = uint256(type(uint96).max) - RESERVE;
        fund(stranger, room + 1);
        vm.prank(stranger);
        capacity.fundRewards(room);
        assertEq(capacity.rewardReserve(), type(uint96).max);

        vm.expectRevert(abi.encodeWithSelector(ICapacity.AmountTooLarge.selector, 1));
        vm.prank(stranger);
        capacity.fundRewards(1);
    }

    function test_fundRewards_revertsAmountTooLarge() public {
        uint256 amount = uint256(type(uint96).max) - RESERVE + 1;
        fund(stranger, amount);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.AmountTooLarge.selector, amount));
        vm.prank(stranger);
        capacity.fundRewards(amount);
        assertEq(capacity.rewardReserve(), RESERVE);
    }

    /// @notice An amount so large that reserve + amount overflows is still reported as AmountTooLarge.
    function test_fundRewards_revertsAmountTooLargeForAHugeAmount() public {
        uint256 amount = type(uint256).max;
        vm.expectRevert(abi.encodeWithSelector(ICapacity.AmountTooLarge.selector, amount));
        vm.prank(stranger);
        capacity.fundRewards(amount);
    }

    function testFuzz_fundRewards_revertsAmountTooLarge(uint256 amount) public {
        amount = bound(amount, uint256(type(uint96).max) - RESERVE + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.AmountTooLarge.selector, amount));
        vm.prank(stranger);
        capacity.fundRewards(amount);
    }

    function test_fundRewards_revertsZeroAmount() public {
        vm.expectRevert(ICapacity.ZeroAmount.selector);
        vm.prank(owner);
        capacity.fundRewards(0);
    }

    function test_fundRewards_revertsWithoutAllowance() public {
        stake.mint(stranger, 10 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(capacity), 0, 10 ether)
        );
        vm.prank(stranger);
        capacity.fundRewards(10 ether);
        assertEq(capacity.rewardReserve(), RESERVE);
    }

    function test_fundRewards_revertsWithoutBalance() public {
        fund(stranger, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, stranger, 1 ether, 10 ether)
        );
        vm.prank(stranger);
        capacity.fundRewards(10 ether);
    }

    /// @notice A refilled reserve funds the next epochs' pools.
    function test_fundRewards_refillsAnEmptyReserve() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        vm.prank(owner);
        capacity.withdrawRewardReserve(RESERVE);
        vm.prank(owner);
        capacity.fundRewards(300 ether);
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardPoolAllocated(epoch(), 300 ether);
        proveAll(units);
        assertEq(capacity.rewardReserve(), 0);
    }
}
