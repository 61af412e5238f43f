// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {Billing} from "../../contracts/libraries/DealBilling.sol";

contract DealDepositTest is DealBase {
    uint256 internal constant FLOOR = FLOOR_EPOCHS * DEAL_PRICE;

    bytes32 internal unit;
    Deal internal theDeal;
    uint256 internal matchedIn;

    /// @dev A deal for one worker funded with its floor (2 epochs), the fixture's provider's CU matched to it.
    function setUp() public override {
        super.setUp();
        unit = activeUnits(1)[0];
        theDeal = createDeal(1, 1);
        matchDeal(theDeal, one(unit));
        matchedIn = epoch();
        approveDeal(theDeal);
    }

    function test_deposit_byOwner() public {
        uint256 before = usd.balanceOf(developer);
        vm.expectEmit(address(theDeal));
        emit IDeal.Deposited(developer, 5 * DEAL_PRICE, FLOOR + 5 * DEAL_PRICE);
        vm.prank(developer);
        theDeal.deposit(5 * DEAL_PRICE);
        assertEq(theDeal.billing().balance, FLOOR + 5 * DEAL_PRICE);
        assertEq(usd.balanceOf(address(theDeal)), FLOOR + 5 * DEAL_PRICE);
        assertEq(usd.balanceOf(developer), before - 5 * DEAL_PRICE);
    }

    function test_deposit_byAnyone() public {
        usd.mint(stranger, 3);
        vm.prank(stranger);
        usd.approve(address(theDeal), 3);
        vm.expectEmit(address(theDeal));
        emit IDeal.Deposited(stranger, 3, FLOOR + 3);
        vm.prank(stranger);
        theDeal.deposit(3);
        assertEq(theDeal.billing().balance, FLOOR + 3);
        assertEq(usd.balanceOf(stranger), 0);
    }

    /// @notice A deposit bills the epochs since the last action first.
    function test_deposit_billsTheEpochsBefore() public {
        setWorker(theDeal, unit);
        nextEpoch();
        vm.expectEmit(address(theDeal));
        emit IDeal.EpochsBilled(matchedIn + 1, matchedIn + 1, 1, DEAL_PRICE, FLOOR - DEAL_PRICE);
        vm.expectEmit(address(theDeal));
        emit IDeal.Deposited(developer, DEAL_PRICE, FLOOR);
        vm.prank(developer);
        theDeal.deposit(DEAL_PRICE);
        assertEq(theDeal.billing().paidEpochs, 1);
        assertEq(theDeal.billing().balance, FLOOR);
    }

    /// @notice Epochs with no worker to pay are billed without an EpochsBilled event.
    function test_deposit_billsNoEventWithoutWorkers() public {
        goToEpoch(matchedIn + 2);
        vm.recordLogs();
        vm.prank(developer);
        theDeal.deposit(DEAL_PRICE);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != IDeal.EpochsBilled.selector, "no EpochsBilled");
        }
        assertEq(theDeal.billing().billedThrough, matchedIn + 2, "billed");
    }

    /// @notice Out of balance, the deal stops paying; a deposit pays again from the next epoch.
    function test_deposit_resumesFromTheNextEpoch() public {
        setWorker(theDeal, unit);
        goToEpoch(matchedIn + 3);
        assertEq(uint8(theDeal.status()), uint8(IDeal.Status.InsufficientFunds));
        assertEq(theDeal.runway(), 0);
        Billing memory b = theDeal.billing();
        assertEq(b.paidEpochs, 2);
        assertEq(b.balance, 0);
        assertEq(b.paidThrough, matchedIn + 2);
        assertEq(b.billedThrough, matchedIn + 3);

        goToEpoch(matchedIn + 4);
        vm.expectEmit(address(theDeal));
        emit IDeal.EpochsBilled(matchedIn + 1, matchedIn + 4, 2, 2 * DEAL_PRICE, 0);
        vm.expectEmit(address(theDeal));
        emit IDeal.Deposited(developer, 5 * DEAL_PRICE, 5 * DEAL_PRICE);
        vm.prank(developer);
        theDeal.deposit(5 * DEAL_PRICE);
        // the current epoch stays unpaid
        assertEq(uint8(theDeal.status()), uint8(IDeal.Status.InsufficientFunds));
        assertEq(theDeal.providerPay(provider).due, 2 * DEAL_PRICE);
        assertEq(theDeal.runway(), 5);

        nextEpoch();
        b = theDeal.billing();
        assertEq(b.paidEpochs, 3);
        assertEq(b.balance, 4 * DEAL_PRICE);
        assertEq(b.paidThrough, matchedIn + 5);
        assertEq(uint8(theDeal.status()), uint8(IDeal.Status.Active));
        assertEq(theDeal.providerPay(provider).due, 3 * DEAL_PRICE);
    }

    function test_deposit_revertsZeroAmount() public {
        vm.expectRevert(IDeal.ZeroAmount.selector);
        vm.prank(developer);
        theDeal.deposit(0);
    }

    function test_deposit_revertsDealEnded() public {
        vm.prank(developer);
        theDeal.stop();
        vm.expectRevert(IDeal.DealEnded.selector);
        vm.prank(developer);
        theDeal.deposit(1);
        assertEq(theDeal.billing().balance, FLOOR);
    }

    function test_deposit_revertsAmountTooLarge() public {
        uint256 amount = uint256(type(uint96).max) - FLOOR + 1;
        vm.expectRevert(abi.encodeWithSelector(IDeal.AmountTooLarge.selector, amount));
        vm.prank(developer);
        theDeal.deposit(amount);
        assertEq(theDeal.billing().balance, FLOOR);

        // up to 96 bits is fine
        vm.prank(developer);
        theDeal.deposit(amount - 1);
        assertEq(theDeal.billing().balance, type(uint96).max);
    }

    function test_deposit_revertsInsufficientAllowance() public {
        usd.mint(stranger, 10);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(theDeal), 0, 10)
        );
        vm.prank(stranger);
        theDeal.deposit(10);
        assertEq(theDeal.billing().balance, FLOOR);
    }
}
