// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @notice Fuzzes a real deal through random sequences of worker churn, deposits, withdrawals and claims across
/// epochs, against an independent model that bills every epoch one by one: an epoch pays each CU whose worker was
/// registered in an earlier epoch and that was not returned before the epoch began, when the balance at the
/// epoch's start covers them all; otherwise nobody is paid for it.
contract DealBillingFuzzTest is DealBase {
    uint256 internal constant TARGET = 6;
    uint256 internal constant CAP = 2;
    uint256 internal constant MAX_DEPOSIT = 30 * DEAL_PRICE;

    address internal provider2 = makeAddr("provider2");
    address internal provider3 = makeAddr("provider3");

    Deal internal theDeal;
    address[3] internal providers;
    bytes32[] internal units; // two one-CU peers per provider, provider after provider
    mapping(bytes32 unitId => address) internal providerOf;
    uint256 internal floor;
    uint256 internal workerSeed;

    // ------------------------------------------------------------------ model

    mapping(bytes32 unitId => bool) internal matched;
    mapping(bytes32 unitId => bool) internal hasWorker;
    mapping(address provider => uint256) internal modelDue;
    uint256 internal modelBalance;
    bool internal currentUnpaid; // the current epoch had workers at its start and went unpaid
    mapping(bytes32 unitId => uint256) internal rejoinFrom; // each CU is its own peer's only CU

    function setUp() public override {
        super.setUp();
        providers = [provider, provider2, provider3];
        for (uint256 i; i < providers.length; ++i) {
            (bytes32[] memory ids,) = committedPeers(providers[i], operator, CAP, new bytes32[](0));
            for (uint256 j; j < ids.length; ++j) {
                units.push(ids[j]);
                providerOf[ids[j]] = providers[i];
            }
        }
        nextEpoch();
        theDeal = createDeal(TARGET, CAP);
        vm.prank(developer);
        usd.approve(address(theDeal), type(uint256).max);
        assertEq(matchDeal(theDeal, units), TARGET, "all matched");
        for (uint256 i; i < units.length; ++i) {
            matched[units[i]] = true;
        }
        floor = theDeal.minBalance();
        modelBalance = floor;
    }

    function testFuzz_billing_matchesEpochModel(uint256[16] calldata steps) public {
        _check();
        for (uint256 i; i < steps.length; ++i) {
            _step(steps[i]);
            _check();
        }
        _stopAndSettle();
    }

    /// @notice Worker churn on every CU at once: all workers set, some returned in the same epoch they are paid
    /// for, with a balance that runs out in between.
    function testFuzz_billing_exhaustionWithChurn(uint256 deposit, uint256 returned, uint256 epochs) public {
        for (uint256 i; i < units.length; ++i) {
            _setWorker(i, i);
        }
        _check();
        _deposit(bound(deposit, 1, MAX_DEPOSIT));
        _advance(bound(epochs, 1, 4));
        _check();
        uint256 mask = bound(returned, 1, 2 ** units.length - 1);
        for (uint256 i; i < units.length; ++i) {
            if (mask & 2 ** i != 0) _return(i, i);
        }
        _check();
        _advance(bound(epochs >> 8, 1, 4));
        _check();
        _stopAndSettle();
    }

    // ------------------------------------------------------------------ actions

    /// @notice One fuzzed action: advance epochs, set or replace a worker, return, re-match, deposit, withdraw or
    /// claim.
    function _step(uint256 seed) internal {
        uint256 action = seed % 7;
        uint256 arg = seed >> 8;
        if (action == 0) _advance(bound(arg, 1, 3));
        else if (action == 1) _setWorker(arg % units.length, arg >> 8);
        else if (action == 2) _return(arg % units.length, arg >> 8);
        else if (action == 3) _rematch(arg % units.length);
        else if (action == 4) _deposit(bound(arg, 1, MAX_DEPOSIT));
        else if (action == 5) _withdraw(arg);
        else _claim(arg % providers.length, arg >> 8);
    }

    /// @notice Moves `n` epochs forward; the model bills each epoch as it begins.
    function _advance(uint256 n) internal {
        for (uint256 i; i < n; ++i) {
            nextEpoch();
            _billEpoch();
        }
    }

    function _workers() internal view returns (uint256 workers) {
        for (uint256 i; i < units.length; ++i) {
            if (hasWorker[units[i]]) ++workers;
        }
    }

    function _billEpoch() internal {
        uint256 workers = _workers();
        currentUnpaid = false;
        if (workers == 0) return;
        uint256 cost = workers * DEAL_PRICE;
        if (modelBalance < cost) {
            currentUnpaid = true;
            return;
        }
        modelBalance -= cost;
        for (uint256 i; i < units.length; ++i) {
            if (hasWorker[units[i]]) modelDue[providerOf[units[i]]] += DEAL_PRICE;
        }
    }

    /// @notice Registers (or replaces) the worker of CU `index`, as its provider or operator.
    function _setWorker(uint256 index, uint256 seed) internal {
        bytes32 unitId = units[index];
        address caller = seed % 2 == 0 ? operator : providerOf[unitId];
        bytes32 workerId = keccak256(abi.encode("worker", ++workerSeed));
        if (!matched[unitId]) {
            vm.expectRevert(abi.encodeWithSelector(IDeal.UnitNotInDeal.selector, unitId));
            vm.prank(caller);
            theDeal.setWorker(unitId, workerId);
            return;
        }
        vm.prank(caller);
        theDeal.setWorker(unitId, workerId);
        hasWorker[unitId] = true;
        (bytes32 peerId,) = market.unitPeer(unitId);
        assertEq(theDeal.workerOfPeer(peerId), workerId, "worker registered");
    }

    /// @notice Returns CU `index`, as its provider, its operator or the deal's owner.
    function _return(uint256 index, uint256 seed) internal {
        bytes32 unitId = units[index];
        address[3] memory callers = [operator, providerOf[unitId], developer];
        address caller = callers[seed % 3];
        if (!matched[unitId]) {
            vm.expectRevert(abi.encodeWithSelector(IDeal.UnitNotInDeal.selector, unitId));
            vm.prank(caller);
            theDeal.returnUnit(unitId);
            return;
        }
        vm.prank(caller);
        theDeal.returnUnit(unitId);
        matched[unitId] = false;
        hasWorker[unitId] = false;
        rejoinFrom[unitId] = epoch() + REJOIN_DELAY;
        assertEq(capacity.dealOf(unitId), address(0), "released");
    }

    /// @notice The owner matches CU `index` again: refused while the deal cannot pay, passed over until the rejoin
    /// delay is over; it joins unless its commitment is no longer active (the CUs outside the deal do not prove).
    function _rematch(uint256 index) internal {
        bytes32 unitId = units[index];
        if (matched[unitId]) return;
        bool unpaid = currentUnpaid && _workers() != 0;
        if (unpaid || modelBalance < floor) {
            IDeal.Status status = unpaid ? IDeal.Status.InsufficientFunds : IDeal.Status.SmallBalance;
            vm.expectRevert(abi.encodeWithSelector(IDeal.DealCannotPay.selector, status));
            matchDeal(theDeal, one(unitId));
            return;
        }
        if (epoch() < rejoinFrom[unitId]) {
            vm.expectEmit(address(theDeal));
            emit IDeal.UnitSkipped(unitId, IDeal.MatchResult.RejoinTooSoon);
            assertEq(matchDeal(theDeal, one(unitId)), 0, "not before the delay");
            return;
        }
        if (matchDeal(theDeal, one(unitId)) == 1) {
            matched[unitId] = true;
            assertEq(capacity.dealOf(unitId), address(theDeal), "joined");
        } else {
            uint256 id = market.unit(unitId).commitmentId;
            assertTrue(capacity.status(id) != ICapacity.Status.Active, "passed over only when not active");
        }
    }

    function _deposit(uint256 amount) internal {
        vm.prank(developer);
        theDeal.deposit(amount);
        modelBalance += amount;
    }

    /// @notice Withdraws up to one token more than the model says is available; more than that must revert.
    function _withdraw(uint256 seed) internal {
        uint256 available = modelBalance > floor ? modelBalance - floor : 0;
        uint256 amount = bound(seed, 1, available + 1);
        if (amount > available) {
            vm.expectRevert(abi.encodeWithSelector(IDeal.WithdrawalTooLarge.selector, amount, available));
            vm.prank(developer);
            theDeal.withdraw(amount);
            return;
        }
        uint256 before = usd.balanceOf(developer);
        vm.prank(developer);
        theDeal.withdraw(amount);
        modelBalance -= amount;
        assertEq(usd.balanceOf(developer) - before, amount, "withdrawn");
    }

    /// @notice Provider `index` claims, by claimProviderPay or through one of its CUs (claimPay); with nothing due
    /// the claim reverts.
    function _claim(uint256 index, uint256 seed) internal {
        address p = providers[index];
        bytes32 unitId = units[index * CAP + seed % CAP];
        bool byUnit = (seed >> 8) % 2 == 0;
        uint256 due = modelDue[p];
        uint256 before = usd.balanceOf(p);
        if (due == 0) vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, p));
        vm.prank(byUnit ? operator : p);
        uint256 amount = byUnit ? theDeal.claimPay(unitId) : theDeal.claimProviderPay();
        if (due == 0) return;
        assertEq(amount, due, "claimed");
        assertEq(usd.balanceOf(p) - before, due, "paid");
        modelDue[p] = 0;
    }

    /// @notice Stops the deal: nothing is billed after the stop epoch; every provider claims what it earned and
    /// the owner withdraws the rest, which empties the theDeal.
    function _stopAndSettle() internal {
        vm.prank(developer);
        theDeal.stop();
        nextEpoch();
        nextEpoch();
        assertEq(uint256(theDeal.status()), uint256(IDeal.Status.Ended), "ended");
        assertEq(theDeal.runway(), 0, "no runway once ended");
        _checkPay();
        assertEq(theDeal.billing().balance, modelBalance, "balance frozen");
        for (uint256 i; i < providers.length; ++i) {
            if (modelDue[providers[i]] != 0) _claim(i, 1 << 8);
        }
        if (modelBalance != 0) {
            vm.prank(developer);
            theDeal.withdraw(modelBalance);
        }
        assertEq(usd.balanceOf(address(theDeal)), 0, "deal emptied");
    }

    // ------------------------------------------------------------------ checks

    function _checkPay() internal view {
        uint256 owed;
        for (uint256 i; i < providers.length; ++i) {
            IDeal.ProviderPay memory pay = theDeal.providerPay(providers[i]);
            assertEq(pay.due, modelDue[providers[i]], "due");
            owed += pay.due;
            uint256 unitCount;
            uint256 workers;
            for (uint256 j; j < CAP; ++j) {
                bytes32 unitId = units[i * CAP + j];
                if (matched[unitId]) ++unitCount;
                if (hasWorker[unitId]) ++workers;
            }
            assertEq(pay.units, unitCount, "units");
            assertEq(pay.workers, workers, "workers");
        }
        assertEq(usd.balanceOf(address(theDeal)), modelBalance + owed, "tokens held == balance + pay owed");
    }

    /// @notice The deal's pay, balance, status and runway against the model.
    function _check() internal view {
        _checkPay();
        assertEq(theDeal.billing().balance, modelBalance, "balance");
        uint256 unitCount;
        uint256 workers;
        for (uint256 i; i < units.length; ++i) {
            if (matched[units[i]]) ++unitCount;
            if (hasWorker[units[i]]) ++workers;
        }
        assertEq(theDeal.unitCount(), unitCount, "unitCount");
        assertEq(theDeal.billing().workers, workers, "billing workers");
        IDeal.Status expected = IDeal.Status.Active;
        if (workers != 0 && currentUnpaid) expected = IDeal.Status.InsufficientFunds;
        else if (unitCount == 0) expected = IDeal.Status.NotEnoughWorkers;
        else if (modelBalance < floor) expected = IDeal.Status.SmallBalance;
        assertEq(uint256(theDeal.status()), uint256(expected), "status");
        assertEq(theDeal.runway(), modelBalance / ((workers == 0 ? TARGET : workers) * DEAL_PRICE), "runway");
    }
}
