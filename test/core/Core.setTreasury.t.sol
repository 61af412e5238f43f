// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {CoreTestBase} from "./CoreTestBase.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";

contract CoreSetTreasuryTest is CoreTestBase {
    function test_setTreasury_setsAndEmits() public {
        vm.expectEmit(address(core));
        emit ICore.TreasuryChanged(stranger);
        vm.prank(owner);
        core.setTreasury(stranger);
        assertEq(core.treasury(), stranger);
    }

    /// @notice The new treasury applies at once: the reward reserve is returned to it.
    function test_setTreasury_receivesReserveWithdrawals() public {
        vm.startPrank(owner);
        core.setTreasury(stranger);
        capacity.withdrawRewardReserve(5 ether);
        vm.stopPrank();
        assertEq(stake.balanceOf(stranger), 5 ether);
        assertEq(stake.balanceOf(treasury), 0);
    }

    function test_setTreasury_revertsOnZeroAddress() public {
        vm.expectRevert(ICore.ZeroAddress.selector);
        vm.prank(owner);
        core.setTreasury(address(0));
        assertEq(core.treasury(), treasury);
    }

    function test_setTreasury_revertsWhenNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        core.setTreasury(stranger);
    }
}
