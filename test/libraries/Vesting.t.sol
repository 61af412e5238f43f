// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Rewards, Vesting} from "../../contracts/libraries/Vesting.sol";

/// @dev Runs the library on memory structs behind external calls, so that its reverts can be expected.
contract VestingHarness {
    function add(Rewards memory r, uint256 start, uint256 period, uint256 epoch, uint256 amount)
        external
        pure
        returns (Rewards memory)
    {
        Vesting.add(r, start, period, epoch, amount);
        return r;
    }

    function roll(Rewards memory r, uint256 index) external pure returns (Rewards memory) {
        Vesting.roll(r, index);
        return r;
    }

    function vestedAt(Rewards memory r, uint256 start, uint256 period, uint256 epoch) external pure returns (uint256) {
        return Vesting.vestedAt(r, start, period, epoch);
    }

    function earned(Rewards memory r) external pure returns (uint256) {
        return Vesting.earned(r);
    }
}

/// @notice Fuzzes the vesting library against a reference model that keeps every tranche (epoch, amount) and
/// applies the rule directly: what is earned in period k (periods of `period` epochs counted from `start`) vests
/// linearly during period k + 1, with epoch granularity.
/// @dev The library rounds once per period (the period's total times the elapsed fraction, rounded down), so the
/// exact model floors the sum of the tranches of the vesting period; the per-tranche formula of the rule,
/// sum(amount * clamp(epoch - periodEnd, 0, period) / period), is checked to be within one unit per tranche.
contract VestingTest is Test {
    uint256 internal constant MAX_U96 = type(uint96).max;
    uint256 internal constant MAX_TRANCHES = 12;

    VestingHarness internal harness;

    struct Model {
        uint256 start;
        uint256 period;
        uint256 count;
        uint256[MAX_TRANCHES] epochs;
        uint256[MAX_TRANCHES] amounts;
    }

    function setUp() public {
        harness = new VestingHarness();
    }

    // ------------------------------------------------------------------ reference model

    function _periodOf(Model memory m, uint256 epoch) internal pure returns (uint256) {
        return (epoch - m.start) / m.period;
    }

    function _total(Model memory m) internal pure returns (uint256 total) {
        for (uint256 i; i < m.count; ++i) {
            total += m.amounts[i];
        }
    }

    /// @dev Exact: tranches of periods before K - 1 are vested, those of period K - 1 vest by the elapsed part of
    /// period K (their total rounded down once), later ones are locked.
    function _modelVested(Model memory m, uint256 epoch) internal pure returns (uint256 vested) {
        if (m.period == 0) return _total(m);
        if (epoch < m.start) return 0;
        uint256 k = _periodOf(m, epoch);
        uint256 vesting;
        for (uint256 i; i < m.count; ++i) {
            uint256 p = _periodOf(m, m.epochs[i]);
            if (p + 1 < k) vested += m.amounts[i];
            else if (p + 1 == k) vesting += m.amounts[i];
        }
        vested += vesting * (epoch - m.start - k * m.period) / m.period;
    }

    /// @dev The rule tranche by tranche: amount * clamp(epoch - end of its period, 0, period) / period.
    function _perTrancheVested(Model memory m, uint256 epoch) internal pure returns (uint256 vested) {
        for (uint256 i; i < m.count; ++i) {
            uint256 periodEnd = m.start + (_periodOf(m, m.epochs[i]) + 1) * m.period;
            uint256 elapsed = epoch > periodEnd ? epoch - periodEnd : 0;
            if (elapsed > m.period) elapsed = m.period;
            vested += m.amounts[i] * elapsed / m.period;
        }
    }

    /// @dev The three stored amounts once the buckets sit at period `index`: locked in `index`, vesting from
    /// `index - 1`, vested before.
    function _modelBuckets(Model memory m, uint256 index)
        internal
        pure
        returns (uint256 vested, uint256 vesting, uint256 pending)
    {
        for (uint256 i; i < m.count; ++i) {
            uint256 p = m.period == 0 ? 0 : _periodOf(m, m.epochs[i]);
            if (m.period == 0 || p + 2 <= index) vested += m.amounts[i];
            else if (p + 1 == index) vesting += m.amounts[i];
            else pending += m.amounts[i];
        }
    }

    function _rand(uint256 seed, uint256 i, string memory tag) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, i, tag)));
    }

    /// @dev Adds `count` tranches with non-decreasing epochs from `start` and amounts below 2^90, checking the
    /// model after each addition.
    function _build(uint256 seed, uint256 start, uint256 period, uint256 count, uint96 withdrawn)
        internal
        view
        returns (Model memory m, Rewards memory r)
    {
        m.start = start;
        m.period = period;
        r.withdrawnByProvider = withdrawn;
        uint256 epoch = start + _rand(seed, 0, "first") % (period + 1);
        for (uint256 i; i < count; ++i) {
            if (i != 0) epoch += _rand(seed, i, "gap") % (2 * period + 2);
            uint256 amount = _rand(seed, i, "amount") % 5 == 0 ? 0 : _rand(seed, i, "value") % (1 << 90);
            r = harness.add(r, start, period, epoch, amount);
            m.epochs[i] = epoch;
            m.amounts[i] = amount;
            m.count = i + 1;
            assertEq(harness.earned(r), _total(m), "earned");
            assertEq(r.withdrawnByProvider, withdrawn, "withdrawnByProvider untouched");
            assertEq(harness.vestedAt(r, start, period, epoch), _modelVested(m, epoch), "vested at the addition");
            uint256 later = epoch + _rand(seed, i, "later") % (3 * period + 2);
            assertEq(harness.vestedAt(r, start, period, later), _modelVested(m, later), "vested later");
        }
    }

    // ------------------------------------------------------------------ vestedAt and earned

    /// @notice After the last addition, vested matches the model at every epoch, never decreases, never exceeds
    /// what was earned, is below it until two periods after the last addition's period and equals it from then on.
    function testFuzz_vestedAt_matchesTrancheModel(uint256 seed, uint256 start, uint256 period, uint256 count)
        public
        view
    {
        start = bound(start, 0, 1_000_000);
        period = bound(period, 1, 12);
        count = bound(count, 1, MAX_TRANCHES);
        (Model memory m, Rewards memory r) = _build(seed, start, period, count, 0);
        uint256 last = m.epochs[m.count - 1];
        uint256 earned = harness.earned(r);
        uint256 fullyVestedFrom = start + (_periodOf(m, last) + 2) * period;
        (,, uint256 lastPeriodAmount) = _modelBuckets(m, _periodOf(m, last));
        uint256 previous;
        for (uint256 epoch = last; epoch <= fullyVestedFrom + period + 1; ++epoch) {
            uint256 vested = harness.vestedAt(r, start, period, epoch);
            assertEq(vested, _modelVested(m, epoch), "model");
            assertGe(vested, previous, "monotone");
            assertLe(vested, earned, "at most earned");
            uint256 perTranche = _perTrancheVested(m, epoch);
            assertGe(vested, perTranche, "one rounding per period");
            assertLt(vested - perTranche, m.count, "rounding below one unit per tranche");
            if (epoch >= fullyVestedFrom) assertEq(vested, earned, "fully vested two periods later");
            else if (lastPeriodAmount != 0) assertLt(vested, earned, "not before");
            previous = vested;
        }
    }

    /// @notice Same with long periods (up to the Core's bound and beyond), at random epochs.
    function testFuzz_vestedAt_longPeriods(uint256 seed, uint256 start, uint256 period, uint256 count, uint256 when)
        public
        view
    {
        start = bound(start, 0, type(uint32).max);
        period = bound(period, 13, 1_000_000);
        count = bound(count, 1, MAX_TRANCHES);
        (Model memory m, Rewards memory r) = _build(seed, start, period, count, 0);
        uint256 last = m.epochs[m.count - 1];
        uint256 t1 = bound(when, last, last + 4 * period);
        uint256 t2 = bound(uint256(keccak256(abi.encode(when))), t1, last + 4 * period);
        _checkLongPeriod(m, r, t1, t2);
        _checkFullyVested(m, r, m.start + (_periodOf(m, last) + 2) * m.period);
    }

    function _checkLongPeriod(Model memory m, Rewards memory r, uint256 t1, uint256 t2) private view {
        uint256 v1 = harness.vestedAt(r, m.start, m.period, t1);
        uint256 v2 = harness.vestedAt(r, m.start, m.period, t2);
        assertEq(v1, _modelVested(m, t1));
        assertEq(v2, _modelVested(m, t2));
        assertLe(v1, v2);
        assertLe(v2, harness.earned(r));
    }

    function _checkFullyVested(Model memory m, Rewards memory r, uint256 from) private view {
        uint256 earned = harness.earned(r);
        assertEq(harness.vestedAt(r, m.start, m.period, from), earned);
        assertEq(harness.vestedAt(r, m.start, m.period, from + m.period * 7 + 3), earned);
    }

    /// @notice Nothing vests before the start (while everything earned is still in its first two periods).
    function testFuzz_vestedAt_beforeStart_isZero(uint256 seed, uint256 start, uint256 period, uint256 when)
        public
        view
    {
        start = bound(start, 1, 1_000_000);
        period = bound(period, 1, 1000);
        Rewards memory r;
        r = harness.add(r, start, period, start + seed % period, 1 ether);
        r = harness.add(r, start, period, start + period + (seed >> 128) % period, 2 ether);
        assertEq(harness.vestedAt(r, start, period, bound(when, 0, start - 1)), 0);
        assertEq(harness.earned(r), 3 ether);
    }

    /// @notice A vesting period of 0 vests every amount when it is added, whatever the epochs.
    function testFuzz_periodZero_vestsImmediately(uint256 seed, uint256 start, uint256 count, uint256 when)
        public
        view
    {
        count = bound(count, 1, MAX_TRANCHES);
        Rewards memory r;
        uint256 total;
        for (uint256 i; i < count; ++i) {
            uint256 amount = _rand(seed, i, "amount") % (1 << 90);
            uint256 epoch = _rand(seed, i, "epoch") % (1 << 32);
            r = harness.add(r, start, 0, epoch, amount);
            total += amount;
            assertEq(r.vested, total);
            assertEq(r.vesting, 0);
            assertEq(r.pending, 0);
            assertEq(r.bucket, 0);
            assertEq(harness.vestedAt(r, start, 0, when), total);
            assertEq(harness.earned(r), total);
        }
    }

    // ------------------------------------------------------------------ add: stored buckets and overflow

    /// @notice Each addition leaves the amounts of the addition's period locked, those of the period before
    /// vesting and everything older vested, with the bucket at the addition's period; it reverts with
    /// VestingOverflow exactly when one of the stored amounts it writes would not fit in 96 bits.
    function testFuzz_add_bucketsMatchModel_orOverflow(uint256 seed, uint256 start, uint256 period, uint256 count)
        public
    {
        start = bound(start, 0, 1_000_000);
        period = bound(period, 0, 6);
        count = bound(count, 1, MAX_TRANCHES);
        Model memory m;
        m.start = start;
        m.period = period;
        Rewards memory r;
        uint256 epoch = start;
        for (uint256 i; i < count; ++i) {
            epoch += _rand(seed, i, "gap") % (2 * period + 2);
            uint256 roll = _rand(seed, i, "size") % 4;
            // Mostly amounts that fit, some near the 96-bit bound, some beyond it.
            uint256 amount = roll == 0
                ? _rand(seed, i, "amount") % (1 << 97)
                : roll == 1 ? _rand(seed, i, "amount") % (1 << 96) : _rand(seed, i, "amount") % (1 << 94);
            m.epochs[i] = epoch;
            m.amounts[i] = amount;
            m.count = i + 1;
            uint256 index = period == 0 ? 0 : _periodOf(m, epoch);
            (uint256 vested, uint256 vesting, uint256 pending) = _modelBuckets(m, index);
            if (vested > MAX_U96 || vesting > MAX_U96 || pending > MAX_U96) {
                vm.expectRevert(Vesting.VestingOverflow.selector);
                harness.add(r, start, period, epoch, amount);
                return;
            }
            r = harness.add(r, start, period, epoch, amount);
            assertEq(r.vested, vested, "vested");
            assertEq(r.vesting, vesting, "vesting");
            assertEq(r.pending, pending, "pending");
            assertEq(r.bucket, index, "bucket");
        }
    }

    function testFuzz_add_amountOver96Bits_reverts(uint256 amount, uint256 period, uint256 epoch) public {
        amount = bound(amount, MAX_U96 + 1, type(uint256).max - MAX_U96);
        period = bound(period, 0, 1000);
        epoch = bound(epoch, 0, type(uint32).max);
        Rewards memory r;
        vm.expectRevert(Vesting.VestingOverflow.selector);
        harness.add(r, 0, period, epoch, amount);
    }

    function testFuzz_add_samePeriodSumOver96Bits_reverts(uint256 a, uint256 b, uint256 period) public {
        period = bound(period, 0, 1000);
        a = bound(a, 1, MAX_U96);
        b = bound(b, MAX_U96 - a + 1, MAX_U96);
        Rewards memory r = harness.add(Rewards(0, 0, 0, 0, 0), 10, period, 10, a);
        vm.expectRevert(Vesting.VestingOverflow.selector);
        harness.add(r, 10, period, 10 + (period == 0 ? 0 : period - 1), b);
    }

    /// @notice Two full amounts in consecutive periods fit (one vesting, one locked), but rolling both into the
    /// vested amount does not.
    function test_roll_vestedOver96Bits_reverts() public {
        Rewards memory r = harness.add(Rewards(0, 0, 0, 0, 0), 0, 5, 0, MAX_U96);
        r = harness.add(r, 0, 5, 5, MAX_U96);
        assertEq(r.vesting, MAX_U96);
        assertEq(r.pending, MAX_U96);
        assertEq(harness.earned(r), 2 * MAX_U96);
        assertEq(harness.vestedAt(r, 0, 5, 15), 2 * MAX_U96);
        vm.expectRevert(Vesting.VestingOverflow.selector);
        harness.roll(r, 3);
        vm.expectRevert(Vesting.VestingOverflow.selector);
        harness.add(r, 0, 5, 15, 0);
    }

    // ------------------------------------------------------------------ roll

    /// @notice Rolling the buckets forward to any period up to the one of the query epoch changes neither what
    /// is vested then nor what was earned, and leaves the buckets as the model places them; rolling to a period
    /// at or before the current bucket changes nothing.
    function testFuzz_roll_preservesVestedAndEarned(
        uint256 seed,
        uint256 start,
        uint256 period,
        uint256 count,
        uint256 when,
        uint256 index,
        uint96 withdrawn
    ) public view {
        start = bound(start, 0, 1_000_000);
        period = bound(period, 1, 12);
        count = bound(count, 1, MAX_TRANCHES);
        (Model memory m, Rewards memory r) = _build(seed, start, period, count, withdrawn);
        uint256 last = m.epochs[m.count - 1];
        when = bound(when, last, last + 4 * period);
        index = bound(index, _periodOf(m, last), _periodOf(m, when));
        Rewards memory rolled = harness.roll(r, index);
        assertEq(harness.vestedAt(rolled, start, period, when), harness.vestedAt(r, start, period, when), "vested");
        assertEq(harness.earned(rolled), harness.earned(r), "earned");
        assertEq(rolled.withdrawnByProvider, withdrawn, "withdrawnByProvider");
        _checkBuckets(m, rolled, index);
        Rewards memory same = harness.roll(r, bound(seed, 0, r.bucket));
        assertEq(keccak256(abi.encode(same)), keccak256(abi.encode(r)), "no-op at or before the bucket");
    }

    function _checkBuckets(Model memory m, Rewards memory rolled, uint256 index) private pure {
        (uint256 vested, uint256 vesting, uint256 pending) = _modelBuckets(m, index);
        assertEq(rolled.vested, vested, "bucket vested");
        assertEq(rolled.vesting, vesting, "bucket vesting");
        assertEq(rolled.pending, pending, "bucket pending");
        assertEq(rolled.bucket, index, "bucket index");
    }
}
