// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";
import {Billing} from "../../contracts/libraries/DealBilling.sol";

/// @notice status, runway, billing, providerPay, unitOfPeer, workerOfPeer and minBalance.
contract DealViewsTest is DealBase {
    uint256 internal constant FLOOR = FLOOR_EPOCHS * 2 * DEAL_PRICE;

    bytes32[] internal units;
    bytes32[] internal peers;
    Deal internal theDeal;
    uint256 internal createdIn;

    /// @dev Two one-CU peers of the fixture's provider, active, and a deal needing both (minWorkers = target = 2)
    /// funded with its floor, 4 worker-epochs.
    function setUp() public override {
        super.setUp();
        (units, peers) = activePeers(2);
        IDealFactory.DealParams memory p = dealParams(2, 2);
        p.minWorkers = 2;
        theDeal = createDeal(p);
        createdIn = epoch();
    }

    /// @notice The deal's status is `expected`.
    function assertStatus(IDeal.Status expected) internal view {
        assertEq(uint8(theDeal.status()), uint8(expected));
    }

    function test_status_active() public {
        matchDeal(theDeal, units);
        assertStatus(IDeal.Status.Active);
        setWorker(theDeal, units[0]);
        nextEpoch();
        // the floor is 4 worker-epochs and one was paid
        assertStatus(IDeal.Status.SmallBalance);
        approveDeal(theDeal);
        vm.prank(developer);
        theDeal.deposit(DEAL_PRICE);
        assertStatus(IDeal.Status.Active);
    }

    function test_status_notEnoughWorkers() public {
        assertStatus(IDeal.Status.NotEnoughWorkers);
        matchDeal(theDeal, one(units[0]));
        assertStatus(IDeal.Status.NotEnoughWorkers);
        matchDeal(theDeal, one(units[1]));
        assertStatus(IDeal.Status.Active);
        vm.prank(provider);
        theDeal.returnUnit(units[1]);
        assertStatus(IDeal.Status.NotEnoughWorkers);
    }

    /// @notice NotEnoughWorkers comes before SmallBalance.
    function test_status_notEnoughWorkersBeforeSmallBalance() public {
        matchDeal(theDeal, units);
        setWorker(theDeal, units[0]);
        nextEpoch();
        assertEq(theDeal.billing().balance, FLOOR - DEAL_PRICE);
        assertStatus(IDeal.Status.SmallBalance);
        vm.prank(provider);
        theDeal.returnUnit(units[1]);
        assertStatus(IDeal.Status.NotEnoughWorkers);
    }

    /// @notice InsufficientFunds comes before NotEnoughWorkers and SmallBalance.
    function test_status_insufficientFunds() public {
        matchDeal(theDeal, one(units[0]));
        setWorker(theDeal, units[0]);
        goToEpoch(createdIn + 4);
        assertStatus(IDeal.Status.NotEnoughWorkers);
        assertEq(theDeal.billing().balance, 0);
        nextEpoch();
        assertStatus(IDeal.Status.InsufficientFunds);
        assertEq(theDeal.billing().paidThrough, createdIn + 4);
        assertEq(theDeal.billing().billedThrough, createdIn + 5);
    }

    /// @notice Ended comes before everything, unpaid epochs included.
    function test_status_ended() public {
        matchDeal(theDeal, one(units[0]));
        setWorker(theDeal, units[0]);
        goToEpoch(createdIn + 5);
        assertStatus(IDeal.Status.InsufficientFunds);
        vm.prank(developer);
        theDeal.stop();
        assertStatus(IDeal.Status.Ended);
        nextEpoch();
        assertStatus(IDeal.Status.Ended);
    }

    function test_runway() public {
        // no worker: counted at target
        assertEq(theDeal.runway(), 2);
        matchDeal(theDeal, units);
        setWorker(theDeal, units[0]);
        assertEq(theDeal.runway(), 4);
        setWorker(theDeal, units[1]);
        assertEq(theDeal.runway(), 2);
        nextEpoch();
        assertEq(theDeal.runway(), 1);
        nextEpoch();
        assertEq(theDeal.runway(), 0);

        approveDeal(theDeal);
        vm.prank(developer);
        theDeal.deposit(5 * DEAL_PRICE);
        assertEq(theDeal.runway(), 2);
        vm.prank(developer);
        theDeal.stop();
        assertEq(theDeal.runway(), 0);
    }

    /// @notice billing() reflects the epochs since the last action without a transaction.
    function test_billing() public {
        matchDeal(theDeal, units);
        Billing memory b = theDeal.billing();
        assertEq(b.balance, FLOOR);
        assertEq(b.billedThrough, createdIn);
        assertEq(b.workers, 0);

        setWorker(theDeal, units[0]);
        goToEpoch(createdIn + 3);
        b = theDeal.billing();
        assertEq(b.balance, FLOOR - 3 * DEAL_PRICE);
        assertEq(b.paidEpochs, 3);
        assertEq(b.billedThrough, createdIn + 3);
        assertEq(b.paidThrough, createdIn + 3);
        assertEq(b.endEpoch, 0);
        assertEq(b.workers, 1);

        // without workers epochs are billed as paid, for nothing
        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        goToEpoch(createdIn + 6);
        b = theDeal.billing();
        assertEq(b.balance, FLOOR - 3 * DEAL_PRICE);
        assertEq(b.paidEpochs, 3);
        assertEq(b.paidThrough, createdIn + 6);
        assertEq(b.billedThrough, createdIn + 6);
    }

    function test_providerPay() public {
        IDeal.ProviderPay memory pay = theDeal.providerPay(provider);
        assertEq(pay.units, 0);
        assertEq(pay.workers, 0);
        assertEq(pay.due, 0);

        matchDeal(theDeal, units);
        setWorker(theDeal, units[1]);
        goToEpoch(createdIn + 2);
        pay = theDeal.providerPay(provider);
        assertEq(pay.units, 2);
        assertEq(pay.workers, 1);
        assertEq(pay.due, 2 * DEAL_PRICE);
        assertEq(theDeal.providerPay(stranger).due, 0);
    }

    function test_unitOfPeerAndWorkerOfPeer() public {
        assertEq(theDeal.unitOfPeer(peers[0]), 0);
        matchDeal(theDeal, one(units[0]));
        assertEq(theDeal.unitOfPeer(peers[0]), units[0]);
        assertEq(theDeal.workerOfPeer(peers[0]), 0);
        setWorker(theDeal, units[0]);
        assertEq(theDeal.workerOfPeer(peers[0]), workerOf(units[0]));
        assertEq(theDeal.unitOfPeer(peers[1]), 0);
        assertEq(theDeal.workerOfPeer(peers[1]), 0);

        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        assertEq(theDeal.unitOfPeer(peers[0]), 0);
        assertEq(theDeal.workerOfPeer(peers[0]), 0);
    }

    function test_minBalance() public {
        assertEq(theDeal.minBalance(), FLOOR);
        IDealFactory.DealParams memory p = dealParams(7, 3);
        p.pricePerWorkerEpoch = 5;
        p.deposit = 1000;
        assertEq(createDeal(p).minBalance(), FLOOR_EPOCHS * 7 * 5);
    }
}
