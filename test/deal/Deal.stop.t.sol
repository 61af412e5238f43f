// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MatchedDealBase} from "./MatchedDealBase.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {Billing} from "../../contracts/libraries/DealBilling.sol";

contract DealStopTest is MatchedDealBase {
    uint256 internal constant DEPOSIT = 10 * DEAL_PRICE;

    function dealDeposit() internal pure override returns (uint256) {
        return DEPOSIT;
    }

    /// @notice The owner stops the deal.
    function stop() internal {
        vm.prank(developer);
        theDeal.stop();
    }

    /// @notice Stopping bills the current epoch and nothing after it.
    function test_stop_billsThroughTheCurrentEpoch() public {
        setWorker(theDeal, units[0]);
        uint256 stoppedIn = matchedIn + 2;
        goToEpoch(stoppedIn);
        vm.expectEmit(address(theDeal));
        emit IDeal.EpochsBilled(matchedIn + 1, stoppedIn, 2, 2 * DEAL_PRICE, DEPOSIT - 2 * DEAL_PRICE);
        vm.expectEmit(address(theDeal));
        emit IDeal.Stopped(stoppedIn, DEPOSIT - 2 * DEAL_PRICE);
        stop();

        Billing memory b = theDeal.billing();
        assertEq(b.endEpoch, stoppedIn + 1);
        assertEq(b.billedThrough, stoppedIn);
        assertEq(b.paidEpochs, 2);
        assertEq(uint8(theDeal.status()), uint8(IDeal.Status.Ended));
        assertEq(theDeal.runway(), 0);

        goToEpoch(stoppedIn + 3);
        b = theDeal.billing();
        assertEq(b.billedThrough, stoppedIn);
        assertEq(b.paidEpochs, 2);
        assertEq(b.balance, DEPOSIT - 2 * DEAL_PRICE);
        assertEq(theDeal.providerPay(provider).due, 2 * DEAL_PRICE);
    }

    function test_stop_withoutWorkers() public {
        nextEpoch();
        vm.expectEmit(address(theDeal));
        emit IDeal.Stopped(matchedIn + 1, DEPOSIT);
        stop();
        assertEq(theDeal.billing().endEpoch, matchedIn + 2);
        assertEq(theDeal.billing().balance, DEPOSIT);
    }

    /// @notice After a stop: the owner takes the balance, providers claim, anyone returns the CUs.
    function test_stop_thenWithdrawClaimAndReturn() public {
        setWorker(theDeal, units[0]);
        setWorker(theDeal, units[1]);
        goToEpoch(matchedIn + 1);
        stop();
        uint256 left = DEPOSIT - 2 * DEAL_PRICE;

        nextEpoch();
        vm.prank(developer);
        theDeal.withdraw(left);
        assertEq(usd.balanceOf(address(theDeal)), 2 * DEAL_PRICE);

        vm.prank(operator);
        assertEq(theDeal.claimPay(units[1]), 2 * DEAL_PRICE);
        assertEq(usd.balanceOf(address(theDeal)), 0);

        vm.prank(stranger);
        theDeal.returnUnit(units[0]);
        vm.prank(stranger);
        theDeal.returnUnit(units[1]);
        assertEq(theDeal.unitCount(), 0);
        assertEq(capacity.dealOf(units[0]), address(0));
        assertEq(theDeal.providerPay(provider).due, 0);
    }

    function test_stop_endsEveryChange() public {
        stop();
        approveDeal(theDeal);
        vm.expectRevert(IDeal.DealEnded.selector);
        vm.prank(developer);
        theDeal.stop();
        vm.expectRevert(IDeal.DealEnded.selector);
        vm.prank(developer);
        theDeal.deposit(1);
        vm.expectRevert(IDeal.DealEnded.selector);
        vm.prank(operator);
        theDeal.setWorker(units[0], newId());
        vm.expectRevert(IDeal.DealEnded.selector);
        vm.prank(developer);
        dealFactory.matchDeal(address(theDeal), units);
    }

    function test_stop_revertsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotOwner.selector, stranger));
        vm.prank(stranger);
        theDeal.stop();
        assertEq(theDeal.billing().endEpoch, 0);
        assertEq(uint8(theDeal.status()), uint8(IDeal.Status.Active));
    }
}
