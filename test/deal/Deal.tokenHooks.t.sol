// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {HookedDealBase} from "./HookedDealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";

/// @notice Calls back from the payment token while a deal pays out are refused too (the deal's state was already
/// written when it transferred, so these were consistent before the guard as well).
contract DealTokenHooksTest is HookedDealBase {
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
}
