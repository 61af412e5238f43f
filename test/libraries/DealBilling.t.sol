// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test, stdError} from "forge-std/Test.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Billing, DealBilling, ProviderAccount} from "../../contracts/libraries/DealBilling.sol";

// forge-lint: disable-start(unsafe-typecast) fuzzed values are bounded to their fields before every cast

/// @dev Runs the library on memory structs and returns them with the results.
contract DealBillingHarness {
    function settle(Billing memory b, uint256 epoch, uint256 price)
        external
        pure
        returns (Billing memory, uint256 paid, bool billed)
    {
        (paid, billed) = DealBilling.settle(b, epoch, price);
        return (b, paid, billed);
    }

    function accrue(ProviderAccount memory a, uint256 paidEpochs, uint256 price)
        external
        pure
        returns (ProviderAccount memory)
    {
        DealBilling.accrue(a, paidEpochs, price);
        return a;
    }

    function due(ProviderAccount memory a, uint256 paidEpochs, uint256 price) external pure returns (uint256) {
        return DealBilling.due(a, paidEpochs, price);
    }
}

/// @notice Fuzzes the O(1) billing against a reference model that bills the epochs one by one.
contract DealBillingTest is Test {
    uint256 internal constant MAX_GAP = 300; // bounds the model's walk over epochs
    uint256 internal constant MAX_PRICE = 1e24;

    DealBillingHarness internal harness;

    function setUp() public {
        harness = new DealBillingHarness();
    }

    // ------------------------------------------------------------------ reference model

    /// @dev Bills the epochs billedThrough + 1 .. epoch one at a time: with no worker each epoch counts as paid
    /// (nothing to pay); otherwise an epoch is paid when the balance covers workers x price at its start, and
    /// goes unpaid otherwise. A stopped deal, or an epoch already billed, changes nothing.
    function _model(Billing memory b, uint256 epoch, uint256 price)
        internal
        pure
        returns (Billing memory next, uint256 paid, bool billed)
    {
        next = _copy(b);
        if (b.endEpoch != 0 || epoch <= b.billedThrough) return (next, 0, false);
        uint256 cost = uint256(b.workers) * price;
        uint256 balance = b.balance;
        for (uint256 e = uint256(b.billedThrough) + 1; e <= epoch; ++e) {
            if (b.workers == 0) {
                next.paidThrough = uint32(e);
            } else if (balance >= cost) {
                balance -= cost;
                ++paid;
                next.paidThrough = uint32(e);
            }
        }
        next.balance = uint96(balance);
        next.paidEpochs = SafeCast.toUint32(uint256(b.paidEpochs) + paid);
        next.billedThrough = uint32(epoch);
        billed = true;
    }

    /// @dev A provider's pay earned epoch by epoch since its mark: its workers x price for each paid epoch.
    function _modelDue(ProviderAccount memory a, uint256 paidEpochs, uint256 price) internal pure returns (uint256) {
        uint256 owed = a.owed;
        for (uint256 e = a.paidMark; e < paidEpochs; ++e) {
            owed += uint256(a.workers) * price;
        }
        return owed;
    }

    function _copy(Billing memory b) internal pure returns (Billing memory) {
        return Billing({
            balance: b.balance,
            paidEpochs: b.paidEpochs,
            billedThrough: b.billedThrough,
            paidThrough: b.paidThrough,
            endEpoch: b.endEpoch,
            workers: b.workers,
            units: b.units
        });
    }

    /// @dev A running deal's state: paidThrough <= billedThrough, room left in the 32-bit counters.
    function _billing(uint96 balance, uint256 paidEpochs, uint256 billedThrough, uint256 unpaid, uint16 workers)
        internal
        pure
        returns (Billing memory b)
    {
        billedThrough = bound(billedThrough, 1, type(uint32).max - MAX_GAP);
        b.balance = balance;
        b.paidEpochs = uint32(bound(paidEpochs, 0, type(uint32).max - MAX_GAP));
        b.billedThrough = uint32(billedThrough);
        b.paidThrough = uint32(billedThrough - bound(unpaid, 0, billedThrough - 1));
        b.workers = workers;
    }

    function _assertBilling(Billing memory actual, Billing memory expected) internal pure {
        assertEq(actual.balance, expected.balance, "balance");
        assertEq(actual.paidEpochs, expected.paidEpochs, "paidEpochs");
        assertEq(actual.billedThrough, expected.billedThrough, "billedThrough");
        assertEq(actual.paidThrough, expected.paidThrough, "paidThrough");
        assertEq(actual.endEpoch, expected.endEpoch, "endEpoch");
        assertEq(actual.workers, expected.workers, "workers");
    }

    // ------------------------------------------------------------------ settle

    function testFuzz_settle_matchesModel(
        uint96 balance,
        uint256 paidEpochs,
        uint256 billedThrough,
        uint256 unpaid,
        uint16 workers,
        uint256 gap,
        uint256 price
    ) public view {
        Billing memory b = _billing(balance, paidEpochs, billedThrough, unpaid, workers);
        price = bound(price, 1, MAX_PRICE);
        uint256 epoch = uint256(b.billedThrough) + bound(gap, 0, MAX_GAP);
        (Billing memory expected, uint256 expectedPaid, bool expectedBilled) = _model(b, epoch, price);
        (Billing memory actual, uint256 paid, bool billed) = harness.settle(b, epoch, price);
        _assertBilling(actual, expected);
        assertEq(paid, expectedPaid, "paid");
        assertEq(billed, expectedBilled, "billed");
    }

    /// @notice The balance runs out after `funded` of the `gap` epochs: those are paid, the rest go unpaid,
    /// paidThrough stops at the last paid one and the remainder (less than one epoch's cost) stays.
    function testFuzz_settle_balanceExhaustedMidway(
        uint256 billedThrough,
        uint256 gap,
        uint256 funded,
        uint256 rest,
        uint16 workers,
        uint256 price
    ) public view {
        Billing memory b = _billing(0, 0, billedThrough, 0, workers);
        vm.assume(workers != 0);
        price = bound(price, 1, 1e12);
        uint256 cost = uint256(workers) * price;
        gap = bound(gap, 2, MAX_GAP);
        funded = bound(funded, 1, gap - 1);
        rest = bound(rest, 0, cost - 1);
        b.balance = uint96(funded * cost + rest);
        uint256 epoch = uint256(b.billedThrough) + gap;
        (Billing memory actual, uint256 paid, bool billed) = harness.settle(b, epoch, price);
        (Billing memory expected,,) = _model(b, epoch, price);
        _assertBilling(actual, expected);
        assertEq(paid, funded, "paid");
        assertTrue(billed, "billed");
        assertEq(actual.balance, rest, "remainder");
        assertEq(actual.paidEpochs, funded, "paidEpochs");
        assertEq(actual.paidThrough, uint256(b.billedThrough) + funded, "paidThrough: the last paid epoch");
        assertLt(actual.paidThrough, actual.billedThrough, "unpaid epochs after it");
    }

    /// @notice With no worker every epoch is settled as paid (nothing to pay): the balance and paidEpochs stay.
    function testFuzz_settle_noWorkers(
        uint96 balance,
        uint256 paidEpochs,
        uint256 billedThrough,
        uint256 unpaid,
        uint256 gap,
        uint256 price
    ) public view {
        Billing memory b = _billing(balance, paidEpochs, billedThrough, unpaid, 0);
        price = bound(price, 1, MAX_PRICE);
        uint256 epoch = uint256(b.billedThrough) + bound(gap, 1, MAX_GAP);
        (Billing memory actual, uint256 paid, bool billed) = harness.settle(b, epoch, price);
        assertEq(paid, 0, "paid");
        assertTrue(billed, "billed");
        assertEq(actual.balance, balance, "balance");
        assertEq(actual.paidEpochs, b.paidEpochs, "paidEpochs");
        assertEq(actual.paidThrough, epoch, "paidThrough");
        assertEq(actual.billedThrough, epoch, "billedThrough");
    }

    /// @notice An unpaid stretch keeps paidThrough where it was: the deal is behind (InsufficientFunds).
    function testFuzz_settle_unfundedKeepsPaidThrough(
        uint256 billedThrough,
        uint256 unpaid,
        uint16 workers,
        uint256 gap,
        uint256 price,
        uint256 balance
    ) public view {
        vm.assume(workers != 0);
        price = bound(price, 1, MAX_PRICE);
        balance = bound(balance, 0, uint256(workers) * price - 1);
        Billing memory b = _billing(uint96(balance), 0, billedThrough, unpaid, workers);
        uint256 epoch = uint256(b.billedThrough) + bound(gap, 1, MAX_GAP);
        (Billing memory actual, uint256 paid, bool billed) = harness.settle(b, epoch, price);
        assertEq(paid, 0, "paid");
        assertTrue(billed, "billed");
        assertEq(actual.balance, balance, "balance");
        assertEq(actual.paidThrough, b.paidThrough, "paidThrough");
        assertEq(actual.billedThrough, epoch, "billedThrough");
    }

    /// @notice A stopped deal is never billed again.
    function testFuzz_settle_endedIsNoop(
        uint96 balance,
        uint256 billedThrough,
        uint16 workers,
        uint32 endEpoch,
        uint256 gap,
        uint256 price
    ) public view {
        Billing memory b = _billing(balance, 0, billedThrough, 0, workers);
        b.endEpoch = uint32(bound(endEpoch, 1, type(uint32).max));
        price = bound(price, 1, MAX_PRICE);
        uint256 epoch = uint256(b.billedThrough) + bound(gap, 0, MAX_GAP);
        (Billing memory actual, uint256 paid, bool billed) = harness.settle(b, epoch, price);
        _assertBilling(actual, b);
        assertEq(paid, 0, "paid");
        assertFalse(billed, "billed");
    }

    /// @notice An epoch already billed (or earlier) changes nothing.
    function testFuzz_settle_billedEpochIsNoop(
        uint96 balance,
        uint256 billedThrough,
        uint256 unpaid,
        uint16 workers,
        uint256 epoch,
        uint256 price
    ) public view {
        Billing memory b = _billing(balance, 0, billedThrough, unpaid, workers);
        price = bound(price, 1, MAX_PRICE);
        epoch = bound(epoch, 0, b.billedThrough);
        (Billing memory actual, uint256 paid, bool billed) = harness.settle(b, epoch, price);
        _assertBilling(actual, b);
        assertEq(paid, 0, "paid");
        assertFalse(billed, "billed");
    }

    /// @notice Billing in two steps with the same workers ends where billing at once does.
    function testFuzz_settle_splitEqualsWhole(
        uint96 balance,
        uint256 billedThrough,
        uint16 workers,
        uint256 gap,
        uint256 split,
        uint256 price
    ) public view {
        Billing memory b = _billing(balance, 0, billedThrough, 0, workers);
        price = bound(price, 1, MAX_PRICE);
        gap = bound(gap, 1, MAX_GAP);
        uint256 middle = uint256(b.billedThrough) + bound(split, 0, gap);
        uint256 epoch = uint256(b.billedThrough) + gap;
        (Billing memory whole, uint256 paidWhole,) = harness.settle(b, epoch, price);
        (Billing memory half, uint256 paidFirst,) = harness.settle(b, middle, price);
        (Billing memory both, uint256 paidSecond,) = harness.settle(half, epoch, price);
        _assertBilling(both, whole);
        assertEq(paidFirst + paidSecond, paidWhole, "paid");
    }

    /// @notice Epochs past 32 bits do not fit the state.
    function test_settle_revertsPast32BitEpochs() public {
        Billing memory b = _billing(0, 0, 1, 0, 0);
        uint256 epoch = uint256(type(uint32).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 32, epoch));
        harness.settle(b, epoch, 1);
    }

    // ------------------------------------------------------------------ accrue and due

    function testFuzz_due_matchesModel(uint128 owed, uint16 workers, uint256 mark, uint256 gap, uint256 price)
        public
        view
    {
        price = bound(price, 1, MAX_PRICE);
        mark = bound(mark, 0, type(uint32).max - MAX_GAP);
        ProviderAccount memory a =
            ProviderAccount({units: workers, workers: workers, paidMark: uint32(mark), owed: owed});
        uint256 paidEpochs = mark + bound(gap, 0, MAX_GAP);
        assertEq(harness.due(a, paidEpochs, price), _modelDue(a, paidEpochs, price), "due");
    }

    /// @notice accrue moves the earned pay into `owed` and the mark to paidEpochs; due is unchanged by it, and
    /// nothing more is due until the deal pays another epoch.
    function testFuzz_accrue_matchesModel(
        uint96 owed,
        uint16 units,
        uint16 workers,
        uint256 mark,
        uint256 gap,
        uint256 later,
        uint256 price
    ) public view {
        price = bound(price, 1, MAX_PRICE);
        mark = bound(mark, 0, type(uint32).max - 2 * MAX_GAP);
        ProviderAccount memory a = ProviderAccount({units: units, workers: workers, paidMark: uint32(mark), owed: owed});
        uint256 paidEpochs = mark + bound(gap, 0, MAX_GAP);
        uint256 expected = _modelDue(a, paidEpochs, price);
        ProviderAccount memory accrued = harness.accrue(a, paidEpochs, price);
        assertEq(accrued.owed, expected, "owed");
        assertEq(accrued.paidMark, paidEpochs, "paidMark");
        assertEq(accrued.units, units, "units");
        assertEq(accrued.workers, workers, "workers");
        assertEq(harness.due(accrued, paidEpochs, price), expected, "due unchanged");
        uint256 next = paidEpochs + bound(later, 0, MAX_GAP);
        assertEq(harness.due(accrued, next, price), _modelDue(a, next, price), "due later");
    }

    /// @notice A mark ahead of the deal's paidEpochs is not a state the deal can be in: due underflows.
    function testFuzz_due_revertsBeforeMark(uint16 workers, uint256 mark, uint256 paidEpochs) public {
        mark = bound(mark, 1, type(uint32).max);
        paidEpochs = bound(paidEpochs, 0, mark - 1);
        ProviderAccount memory a = ProviderAccount({units: workers, workers: workers, paidMark: uint32(mark), owed: 0});
        vm.expectRevert(stdError.arithmeticError);
        harness.due(a, paidEpochs, 1);
    }

    /// @notice Pay beyond 128 bits does not fit the account.
    function test_accrue_revertsPast128BitOwed() public {
        ProviderAccount memory a = ProviderAccount({units: 1, workers: 1, paidMark: 0, owed: type(uint128).max});
        uint256 due = uint256(type(uint128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 128, due));
        harness.accrue(a, 1, 1);
    }
}
// forge-lint: disable-end(unsafe-typecast)
