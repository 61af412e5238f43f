// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {HookedDealBase} from "./HookedDealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {HostileToken} from "../utils/HostileToken.sol";

/// @notice A deal over a payment token that misbehaves. Calls back from the token while the deal pays out are refused
/// (the deal's state was already written when it transferred, so these were consistent before the guard as well);
/// an owner or provider the token blocks takes its money to another address; fees are borne by whoever receives.
contract DealHostileTokenTest is HookedDealBase {
    /// @notice A provider paid by claimPay cannot re-enter the deal from its receiving hook either.
    function test_claimPay_refusesReturnUnitFromTheRecipientsHook() public {
        setWorker(theDeal, unit);
        nextEpoch();
        hot.setHook(provider, hook);
        hook.arm(false, provider, address(theDeal), abi.encodeCall(Deal.returnUnit, (unit)));
        vm.prank(provider);
        uint256 paid = theDeal.claimProviderPay();
        assertEq(paid, DEAL_PRICE);
        assertBooks(1);
        expectRefused();
    }

    /// @notice The owner's receiving hook cannot re-enter the deal while it withdraws.
    function test_withdraw_refusesDepositFromTheRecipientsHook() public {
        vm.prank(developer);
        theDeal.deposit(3 * DEAL_PRICE);
        hot.setHook(developer, hook);
        hook.arm(false, developer, address(theDeal), abi.encodeCall(Deal.deposit, (DEAL_PRICE)));
        vm.prank(developer);
        theDeal.withdraw(DEAL_PRICE);
        assertEq(theDeal.billing().balance, (FLOOR_EPOCHS + 2) * DEAL_PRICE);
        assertBooks(0);
        expectRefused();
    }

    /// @notice An owner the token blocks cannot withdraw to itself, but to another address of its own.
    function test_withdrawTo_aBlockedOwnerWithdrawsElsewhere() public {
        vm.prank(developer);
        theDeal.deposit(3 * DEAL_PRICE);
        hot.setBlocked(developer, true);
        vm.expectRevert(abi.encodeWithSelector(HostileToken.Blocked.selector, developer));
        vm.prank(developer);
        theDeal.withdraw(DEAL_PRICE);
        address cold = makeAddr("owner's other wallet");
        vm.expectEmit(address(theDeal));
        emit IDeal.Withdrawn(cold, DEAL_PRICE, (FLOOR_EPOCHS + 2) * DEAL_PRICE);
        vm.prank(developer);
        theDeal.withdrawTo(DEAL_PRICE, cold);
        assertEq(hot.balanceOf(cold), DEAL_PRICE);
        assertBooks(0);
    }

    function test_withdrawTo_revertsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotOwner.selector, provider));
        vm.prank(provider);
        theDeal.withdrawTo(1, provider);
    }

    /// @notice A provider the token blocks is paid at another address of its own.
    function test_claimProviderPayTo_aBlockedProviderIsPaidElsewhere() public {
        setWorker(theDeal, unit);
        nextEpoch();
        hot.setBlocked(provider, true);
        vm.expectRevert(abi.encodeWithSelector(HostileToken.Blocked.selector, provider));
        vm.prank(provider);
        theDeal.claimProviderPay();
        address cold = makeAddr("provider's other wallet");
        vm.expectEmit(address(theDeal));
        emit IDeal.PayClaimed(provider, DEAL_PRICE);
        vm.prank(provider);
        assertEq(theDeal.claimProviderPayTo(cold), DEAL_PRICE);
        assertEq(hot.balanceOf(cold), DEAL_PRICE);
        assertBooks(1);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, provider));
        vm.prank(provider);
        theDeal.claimProviderPayTo(cold);
    }

    /// @notice A fee-taking token: a deposit credits what arrives; what the deal pays out leaves its books whole (the
    /// recipient bears the fee).
    function test_feeOnTransfer_depositsCreditWhatArrives() public {
        hot.setFee(100);
        vm.expectEmit(address(theDeal));
        emit IDeal.Deposited(developer, 99 * DEAL_PRICE / 100, FLOOR_EPOCHS * DEAL_PRICE + 99 * DEAL_PRICE / 100);
        vm.prank(developer);
        theDeal.deposit(DEAL_PRICE);
        assertBooks(0);
        uint256 before = hot.balanceOf(developer);
        vm.prank(developer);
        theDeal.withdraw(DEAL_PRICE / 2);
        assertEq(hot.balanceOf(developer) - before, DEAL_PRICE / 2 * 99 / 100);
        assertBooks(0);
    }
}
