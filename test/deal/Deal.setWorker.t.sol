// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MatchedDealBase} from "./MatchedDealBase.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {Billing} from "../../contracts/libraries/DealBilling.sol";

contract DealSetWorkerTest is MatchedDealBase {
    uint256 internal constant DEPOSIT = 20 * DEAL_PRICE;

    function dealDeposit() internal pure override returns (uint256) {
        return DEPOSIT;
    }

    function test_setWorker_registersByOperator() public {
        bytes32 worker = workerOf(units[0]);
        vm.expectEmit(address(theDeal));
        emit IDeal.WorkerSet(units[0], peers[0], worker, 0);
        setWorker(theDeal, units[0]);

        assertEq(theDeal.workerOfPeer(peers[0]), worker);
        assertEq(theDeal.workerOfPeer(peers[1]), 0);
        IDeal.ProviderPay memory pay = theDeal.providerPay(provider);
        assertEq(pay.units, 2);
        assertEq(pay.workers, 1);
        assertEq(pay.due, 0);
        Billing memory b = theDeal.billing();
        assertEq(b.workers, 1);
        assertEq(b.balance, DEPOSIT);
        assertEq(b.paidEpochs, 0);
    }

    /// @notice A worker registered in epoch e is first paid for epoch e + 1.
    function test_setWorker_paidFromTheNextEpoch() public {
        setWorker(theDeal, units[0]);
        assertEq(theDeal.providerPay(provider).due, 0);

        nextEpoch();
        Billing memory b = theDeal.billing();
        assertEq(b.paidEpochs, 1);
        assertEq(b.balance, DEPOSIT - DEAL_PRICE);
        assertEq(b.billedThrough, matchedIn + 1);
        assertEq(b.paidThrough, matchedIn + 1);
        assertEq(theDeal.providerPay(provider).due, DEAL_PRICE);
    }

    function test_setWorker_byProvider() public {
        bytes32 worker = newId();
        vm.expectEmit(address(theDeal));
        emit IDeal.WorkerSet(units[1], peers[1], worker, 0);
        vm.prank(provider);
        theDeal.setWorker(units[1], worker);
        assertEq(theDeal.workerOfPeer(peers[1]), worker);
        assertEq(theDeal.providerPay(provider).workers, 1);
    }

    /// @notice Replacing a worker changes neither the count of workers nor the billing.
    function test_setWorker_replaces() public {
        setWorker(theDeal, units[0]);
        nextEpoch();
        bytes32 replacement = newId();
        vm.expectEmit(address(theDeal));
        emit IDeal.WorkerSet(units[0], peers[0], replacement, workerOf(units[0]));
        vm.prank(provider);
        theDeal.setWorker(units[0], replacement);

        assertEq(theDeal.workerOfPeer(peers[0]), replacement);
        assertEq(theDeal.providerPay(provider).workers, 1);
        assertEq(theDeal.billing().workers, 1);
        assertEq(theDeal.providerPay(provider).due, DEAL_PRICE);
        nextEpoch();
        assertEq(theDeal.providerPay(provider).due, 2 * DEAL_PRICE);
        assertEq(theDeal.billing().balance, DEPOSIT - 2 * DEAL_PRICE);
    }

    /// @notice A new worker first bills the epochs since the last action to the workers already there.
    function test_setWorker_billsTheEpochsBefore() public {
        setWorker(theDeal, units[0]);
        goToEpoch(matchedIn + 2);
        vm.expectEmit(address(theDeal));
        emit IDeal.EpochsBilled(matchedIn + 1, matchedIn + 2, 2, 2 * DEAL_PRICE, DEPOSIT - 2 * DEAL_PRICE);
        vm.expectEmit(address(theDeal));
        emit IDeal.WorkerSet(units[1], peers[1], workerOf(units[1]), 0);
        setWorker(theDeal, units[1]);

        Billing memory b = theDeal.billing();
        assertEq(b.workers, 2);
        assertEq(b.paidEpochs, 2);
        assertEq(b.balance, DEPOSIT - 2 * DEAL_PRICE);
        assertEq(theDeal.providerPay(provider).due, 2 * DEAL_PRICE);

        nextEpoch();
        assertEq(theDeal.providerPay(provider).due, 4 * DEAL_PRICE);
        assertEq(theDeal.billing().balance, DEPOSIT - 4 * DEAL_PRICE);
    }

    function test_setWorker_revertsZeroId() public {
        vm.expectRevert(IDeal.ZeroId.selector);
        vm.prank(operator);
        theDeal.setWorker(units[0], 0);
        assertEq(theDeal.workerOfPeer(peers[0]), 0);
    }

    function test_setWorker_revertsDealEnded() public {
        vm.prank(developer);
        theDeal.stop();
        vm.expectRevert(IDeal.DealEnded.selector);
        vm.prank(operator);
        theDeal.setWorker(units[0], newId());
        assertEq(theDeal.workerOfPeer(peers[0]), 0);
    }

    function test_setWorker_revertsUnitNotInDeal() public {
        (,, bytes32[] memory outside) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(IDeal.UnitNotInDeal.selector, outside[0]));
        vm.prank(operator);
        theDeal.setWorker(outside[0], newId());
    }

    function test_setWorker_revertsUnitNotInDeal_returned() public {
        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        vm.expectRevert(abi.encodeWithSelector(IDeal.UnitNotInDeal.selector, units[0]));
        vm.prank(operator);
        theDeal.setWorker(units[0], newId());
        assertEq(theDeal.billing().workers, 0);
    }

    function test_setWorker_revertsUnknownUnit() public {
        bytes32 unknown = newId();
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownUnit.selector, unknown));
        vm.prank(operator);
        theDeal.setWorker(unknown, newId());
    }

    function test_setWorker_revertsNotUnitController() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotUnitController.selector, units[0], stranger));
        vm.prank(stranger);
        theDeal.setWorker(units[0], newId());

        vm.expectRevert(abi.encodeWithSelector(IDeal.NotUnitController.selector, units[0], developer));
        vm.prank(developer);
        theDeal.setWorker(units[0], newId());
        assertEq(theDeal.workerOfPeer(peers[0]), 0);
    }
}
