// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";

contract DealWithdrawTest is DealBase {
    uint256 internal constant FLOOR = FLOOR_EPOCHS * DEAL_PRICE;
    uint256 internal constant DEPOSIT = 5 * DEAL_PRICE;

    bytes32 internal unit;
    Deal internal theDeal;
    uint256 internal matchedIn;

    /// @dev A deal for one worker funded for 5 epochs (its floor is 2), the fixture's provider's CU matched to it.
    function setUp() public override {
        super.setUp();
        unit = activeUnits(1)[0];
        IDealFactory.DealParams memory p = dealParams(1, 1);
        p.deposit = DEPOSIT;
        theDeal = createDeal(p);
        matchDeal(theDeal, one(unit));
        matchedIn = epoch();
    }

    function test_withdraw_aboveTheFloor() public {
        uint256 before = usd.balanceOf(developer);
        vm.expectEmit(address(theDeal));
        emit IDeal.Withdrawn(developer, DEPOSIT - FLOOR, FLOOR);
        vm.prank(developer);
        theDeal.withdraw(DEPOSIT - FLOOR);
        assertEq(theDeal.billing().balance, FLOOR);
        assertEq(usd.balanceOf(address(theDeal)), FLOOR);
        assertEq(usd.balanceOf(developer), before + DEPOSIT - FLOOR);

        vm.expectRevert(abi.encodeWithSelector(IDeal.WithdrawalTooLarge.selector, 1, 0));
        vm.prank(developer);
        theDeal.withdraw(1);
    }

    function test_withdraw_revertsWithdrawalTooLarge() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.WithdrawalTooLarge.selector, DEPOSIT, DEPOSIT - FLOOR));
        vm.prank(developer);
        theDeal.withdraw(DEPOSIT);
        assertEq(theDeal.billing().balance, DEPOSIT);
    }

    /// @notice The epochs since the last action are billed before the available amount is computed.
    function test_withdraw_billsTheEpochsBefore() public {
        setWorker(theDeal, unit);
        goToEpoch(matchedIn + 2);
        vm.expectRevert(abi.encodeWithSelector(IDeal.WithdrawalTooLarge.selector, 2 * DEAL_PRICE, DEAL_PRICE));
        vm.prank(developer);
        theDeal.withdraw(2 * DEAL_PRICE);

        vm.expectEmit(address(theDeal));
        emit IDeal.EpochsBilled(matchedIn + 1, matchedIn + 2, 2, 2 * DEAL_PRICE, 3 * DEAL_PRICE);
        vm.expectEmit(address(theDeal));
        emit IDeal.Withdrawn(developer, DEAL_PRICE, FLOOR);
        vm.prank(developer);
        theDeal.withdraw(DEAL_PRICE);
        assertEq(theDeal.billing().balance, FLOOR);
        assertEq(theDeal.providerPay(provider).due, 2 * DEAL_PRICE);
    }

    /// @notice Below the floor nothing can be withdrawn while the deal runs.
    function test_withdraw_nothingBelowTheFloor() public {
        setWorker(theDeal, unit);
        goToEpoch(matchedIn + 4);
        assertEq(theDeal.billing().balance, DEAL_PRICE);
        vm.expectRevert(abi.encodeWithSelector(IDeal.WithdrawalTooLarge.selector, 1, 0));
        vm.prank(developer);
        theDeal.withdraw(1);
    }

    /// @notice Once stopped the owner withdraws the whole balance, and the provider still claims its pay.
    function test_withdraw_everythingAfterStop() public {
        setWorker(theDeal, unit);
        goToEpoch(matchedIn + 2);
        vm.prank(developer);
        theDeal.stop();
        vm.expectEmit(address(theDeal));
        emit IDeal.Withdrawn(developer, 3 * DEAL_PRICE, 0);
        vm.prank(developer);
        theDeal.withdraw(3 * DEAL_PRICE);
        assertEq(theDeal.billing().balance, 0);

        nextEpoch();
        vm.prank(provider);
        assertEq(theDeal.claimPay(unit), 2 * DEAL_PRICE);
        assertEq(usd.balanceOf(address(theDeal)), 0);
    }

    function test_withdraw_revertsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotOwner.selector, stranger));
        vm.prank(stranger);
        theDeal.withdraw(1);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotOwner.selector, provider));
        vm.prank(provider);
        theDeal.withdraw(1);
        assertEq(theDeal.billing().balance, DEPOSIT);
    }

    function test_withdraw_revertsZeroAmount() public {
        vm.expectRevert(IDeal.ZeroAmount.selector);
        vm.prank(developer);
        theDeal.withdraw(0);
    }
}
