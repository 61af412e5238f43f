// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {console2} from "forge-std/console2.sol";
import {Fixture} from "../utils/Fixture.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {CapacityHandler} from "./handlers/CapacityHandler.sol";
import {CapacityAttacker} from "./handlers/CapacityAttacker.sol";

/// @notice Invariants of the capacity module under random sequences of valid actions (see CapacityHandler):
/// peers, commitments, deposits, proofs, deals, epochs, finishing, withdrawals, reserve funding and withdrawal,
/// interleaved with an attacker's (see CapacityAttacker): proofs that must not count (CU 0 among them), calls with
/// unknown ids, from the wrong role or in the wrong order, squatted keys, tokens sent to the module and sweeps.
/// Every handler call must succeed (fail-on-revert): the honest handler only makes calls that are valid and checks
/// the tokens each one moves, the attacker asserts that each of its attacks failed.
/// @dev Rounding: settled shares of an epoch's pool are exact (docs/capacity.md), but the accounting view
/// estimates an unsettled share on its own, rounded down, so the view's sum over an epoch's n commitments can be
/// off by up to n - 1 units until they settle. Invariants that sum the view allow that much (_roundingBound);
/// after the wind-down every share is settled and the pools must add up exactly.
contract CapacityInvariantTest is Fixture {
    CapacityHandler internal handler;
    CapacityAttacker internal attacker;
    address internal delegator2 = makeAddr("delegator2");
    address internal mallory = makeAddr("mallory");
    address[] internal holders;
    uint256 internal initialSupply;

    function setUp() public override {
        super.setUp();
        // A second delegator, and the provider delegating to itself (it is then paid both shares).
        stake.mint(delegator2, 1_000_000 ether);
        stake.mint(provider, 1_000_000 ether);
        vm.prank(delegator2);
        stake.approve(address(capacity), type(uint256).max);
        vm.prank(provider);
        stake.approve(address(capacity), type(uint256).max);
        goToEpoch(1);

        address[] memory delegators = new address[](3);
        delegators[0] = delegator;
        delegators[1] = delegator2;
        delegators[2] = provider;
        handler = new CapacityHandler(
            core, market, capacity, stake, owner, treasury, provider, operator, stranger, delegators
        );
        setDealModule(address(handler));
        // Start every run from a small market, so that short sequences already reach rewards, deals and finishing:
        // three peers (1, 2 and 4 CUs), the first two committed (one to a named delegator, one open), deposited,
        // started (epoch 2) and proved in their first epoch.
        handler.registerPeer(1);
        handler.registerPeer(2);
        handler.registerPeer(4);
        handler.createCommitment(0, 0, 0, 2000);
        handler.createCommitment(1, 1, 3, 5000);
        handler.depositCollateral(0, 0);
        handler.depositCollateral(0, 1);
        handler.warp(1);
        handler.proveCommitment(0);
        handler.proveCommitment(1);

        // the attacker is a provider of its own, with staking tokens to send around
        stake.mint(mallory, 1_000_000 ether);
        vm.prank(mallory);
        market.registerProvider("mallory", hex"06");
        attacker = new CapacityAttacker(handler, market, capacity, stake, owner, provider, operator, mallory);

        initialSupply = stake.totalSupply();
        address[10] memory known = [
            owner,
            treasury,
            provider,
            operator,
            delegator,
            delegator2,
            stranger,
            address(capacity),
            address(handler),
            mallory
        ];
        for (uint256 i; i < known.length; ++i) {
            holders.push(known[i]);
        }

        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = CapacityHandler.registerPeer.selector;
        selectors[1] = CapacityHandler.createCommitment.selector;
        selectors[2] = CapacityHandler.removeCommitment.selector;
        selectors[3] = CapacityHandler.depositCollateral.selector;
        selectors[4] = CapacityHandler.finishCommitment.selector;
        selectors[5] = CapacityHandler.withdrawRewards.selector;
        selectors[6] = CapacityHandler.fundRewards.selector;
        selectors[7] = CapacityHandler.withdrawRewardReserve.selector;
        selectors[8] = CapacityHandler.submitProofs.selector;
        selectors[9] = CapacityHandler.proveCommitment.selector;
        selectors[10] = CapacityHandler.joinDeal.selector;
        selectors[11] = CapacityHandler.leaveDeal.selector;
        selectors[12] = CapacityHandler.warp.selector;
        selectors[13] = CapacityHandler.warpToEnd.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));

        bytes4[] memory attacks = new bytes4[](12);
        attacks[0] = CapacityAttacker.proveUnitZero.selector;
        attacks[1] = CapacityAttacker.proveForeignUnit.selector;
        attacks[2] = CapacityAttacker.proveReusedNonce.selector;
        attacks[3] = CapacityAttacker.callUnknownCommitment.selector;
        attacks[4] = CapacityAttacker.commitForeignPeer.selector;
        attacks[5] = CapacityAttacker.callAsWrongRole.selector;
        attacks[6] = CapacityAttacker.callOutOfOrder.selector;
        attacks[7] = CapacityAttacker.callDealHook.selector;
        attacks[8] = CapacityAttacker.squatNextPeer.selector;
        attacks[9] = CapacityAttacker.donate.selector;
        attacks[10] = CapacityAttacker.sweep.selector;
        attacks[11] = CapacityAttacker.proveUnitZero.selector; // CU 0 twice as often: it was a live fault
        targetContract(address(attacker));
        targetSelector(FuzzSelector({addr: address(attacker), selectors: attacks}));
    }

    /// @dev Tokens sent to the module outside the protocol and not swept yet.
    function _surplus() internal view returns (uint256) {
        return attacker.ghostDonated() - attacker.ghostSwept();
    }

    /// @dev The handler owns the clock.
    modifier synced() {
        vm.warp(handler.time());
        vm.roll(handler.blockNumber());
        _;
    }

    // ------------------------------------------------------------------ invariants

    /// @notice (a) The module holds exactly: collateral deposited and not finished + rewards earned and not
    /// withdrawn + the reserve + what epoch pools allocated and commitments have not earned; the last term is the
    /// running epoch's pool, up to the rounding of unsettled shares.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_balanceIsCollateralRewardsReserveAndPools() public synced {
        (uint256 earned, uint256 owed) = _rewards();
        uint256 allocated = _allocated();
        uint256 reserve = capacity.rewardReserve();
        assertEq(allocated, handler.ghostAllocated(), "pools allocated");
        assertEq(
            reserve,
            handler.initialReserve() + handler.ghostFunded() - handler.ghostReserveWithdrawn() - allocated,
            "reserve"
        );
        assertEq(_collateralOfDeposited(), handler.collateralOwed(), "collateral owed");
        uint256 balance = stake.balanceOf(address(capacity)) - _surplus();
        // Exact, whatever is settled: what came in (collateral, pools) less what went out.
        assertEq(balance, handler.collateralOwed() + reserve + allocated - handler.ghostWithdrawnTotal(), "balance");
        assertEq(capacity.liabilities(), balance, "liabilities == what is owed");
        // The same split as the brief states it, with `undistributed` = allocated - earned: the running epoch's
        // pool is not earned by anyone yet, the completed ones are, up to the rounding of unsettled shares.
        (uint256 runningPool,) = capacity.epochRewards(epoch());
        assertApproxEqAbs(earned, allocated - runningPool, _roundingBound(), "completed pools earned");
        assertEq(
            balance + earned,
            handler.collateralOwed() + owed + reserve + allocated,
            "balance == collateral + owed rewards + reserve + undistributed pools"
        );
    }

    /// @notice (b) A peer (hence each of its CUs) is in at most one open commitment (waiting or deposited): the
    /// market records the peer's latest commitment, which is the open one if there is one, and a commitment locks
    /// the peer exactly while it is open. From its deposit to its end, that commitment expects every CU of the peer
    /// that is not in a deal, wherever the CU joined it.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_peerInAtMostOneOpenCommitment() public synced {
        bytes32[] memory peers = handler.peerIds();
        for (uint256 i; i < peers.length; ++i) {
            uint256[] memory ids = handler.commitmentsOfPeer(peers[i]);
            uint256 latest = ids.length == 0 ? 0 : ids[ids.length - 1];
            uint256 open;
            uint256 openId;
            for (uint256 j; j < ids.length; ++j) {
                ICapacity.Commitment memory c = capacity.commitment(ids[j]);
                assertEq(c.peerId, peers[i], "commitment's peer");
                bool isOpen = c.stage == ICapacity.Stage.WaitDelegation || c.stage == ICapacity.Stage.Deposited;
                assertEq(capacity.locksPeer(ids[j]), isOpen, "locks the peer while open");
                if (isOpen) {
                    ++open;
                    openId = ids[j];
                }
            }
            assertLe(open, 1, "one open commitment per peer");
            // CUs in deals are not expected to prove for the peer's commitment, from its deposit to its end
            ICapacity.Status status = latest == 0 ? ICapacity.Status.None : capacity.status(latest);
            if (status == ICapacity.Status.WaitStart || status == ICapacity.Status.Active) {
                assertEq(
                    capacity.accounting(latest).activeUnits,
                    capacity.commitment(latest).unitCount - handler.unitsInDeal(peers[i]),
                    "active units exclude CUs in deals"
                );
            }
            if (open == 1) assertEq(openId, latest, "the open commitment is the latest");
            assertEq(market.peer(peers[i]).commitmentId, latest, "market records the latest commitment");
        }
        bytes32[] memory units = handler.unitIds();
        for (uint256 i; i < units.length; ++i) {
            (bytes32 peerId,) = market.unitPeer(units[i]);
            assertEq(peerId, handler.peerOfUnit(units[i]), "unit's peer");
            assertEq(capacity.isInDeal(units[i]), handler.inDeal(units[i]), "deal flag");
            assertEq(capacity.dealOf(units[i]), handler.inDeal(units[i]) ? address(handler) : address(0), "deal");
        }
    }

    /// @notice (c) No CU has more than maxProofs counted in its epoch, and every epoch's totalProofs is the sum of
    /// the proofs of the CUs that reached the minimum in it.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_proofsPerUnitAndEpoch() public synced {
        bytes32[] memory units = handler.unitIds();
        uint256 max = handler.maxProofs();
        for (uint256 i; i < units.length; ++i) {
            ICapacity.UnitState memory st = capacity.unitState(units[i]);
            assertLe(st.proofs, max, "at most maxProofs");
            assertLe(handler.ghostUnitProofs(units[i], st.epoch), max, "ghost at most maxProofs");
        }
        uint256 current = epoch();
        for (uint256 e = 1; e <= current; ++e) {
            (, uint256 totalProofs) = capacity.epochRewards(e);
            assertEq(totalProofs, handler.ghostEpochProofs(e), "totalProofs == proofs counted");
            assertEq(totalProofs, handler.successfulProofs(e), "totalProofs == sum over successful CUs");
        }
    }

    /// @notice (d) Rewards paid plus rewards still owed never exceed the pools allocated, which never exceed what
    /// was funded less what the owner took back.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_rewardsWithinFundedPools() public synced {
        (uint256 earned, uint256 owed) = _rewards();
        uint256 paid = handler.ghostWithdrawnTotal();
        assertEq(paid + owed, earned, "paid + owed == earned");
        assertLe(paid + owed, handler.ghostAllocated() + _roundingBound(), "within allocated pools");
        assertLe(
            handler.ghostAllocated(),
            handler.initialReserve() + handler.ghostFunded() - handler.ghostReserveWithdrawn(),
            "pools within funding"
        );
    }

    /// @notice No staking token is created or lost: the supply is constant and all of it sits with the known
    /// accounts.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_stakeTokenConserved() public view {
        assertEq(stake.totalSupply(), initialSupply, "supply");
        uint256 sum;
        for (uint256 i; i < holders.length; ++i) {
            sum += stake.balanceOf(holders[i]);
        }
        assertEq(sum, initialSupply, "held by the known accounts");
    }

    /// @notice Liveness, after every run: every CU leaves its deal, every commitment finishes, everything vests and
    /// is withdrawn by whom it is owed to, the surplus is swept and the owner takes the reserve back: the module then
    /// owes nothing and holds no token.
    function afterInvariant() public {
        if (_surplus() != 0) attacker.sweep(0);
        handler.windDown();
        vm.warp(handler.time());
        vm.roll(handler.blockNumber());
        uint256[] memory ids = handler.commitmentIds();
        uint256 earned;
        for (uint256 i; i < ids.length; ++i) {
            ICapacity.Commitment memory c = capacity.commitment(ids[i]);
            assertTrue(c.stage == ICapacity.Stage.Finished || c.stage == ICapacity.Stage.Removed, "closed");
            ICapacity.Accounting memory a = capacity.accounting(ids[i]);
            assertEq(a.rewardsVested, a.rewardsEarned, "fully vested");
            assertEq(a.providerWithdrawable, 0, "provider paid");
            assertEq(a.delegatorWithdrawable, 0, "delegator paid");
            assertEq(handler.ghostWithdrawn(ids[i]), a.rewardsEarned, "withdrawn == earned");
            earned += a.rewardsEarned;
        }
        bytes32[] memory peers = handler.peerIds();
        for (uint256 i; i < peers.length; ++i) {
            assertFalse(capacity.locksPeer(market.peer(peers[i]).commitmentId), "peer released");
        }
        assertEq(handler.collateralOwed(), 0, "no collateral owed");
        // Every share is settled: the pools add up to the last unit (no rounding dust).
        assertEq(earned, _allocated(), "pools fully earned");
        assertEq(stake.balanceOf(address(capacity)), capacity.rewardReserve(), "only the reserve is left");
        uint256 reserve = capacity.rewardReserve();
        if (reserve != 0) {
            vm.prank(owner);
            capacity.withdrawRewardReserve(reserve);
        }
        assertEq(capacity.liabilities(), 0, "nothing owed");
        assertEq(stake.balanceOf(address(capacity)), 0, "no token left behind");
        _logCalls();
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Sums over every commitment the rewards earned and those earned but not withdrawn, checking on the way
    /// that withdrawn <= vested <= earned and that what is withdrawable is exactly vested - withdrawn.
    function _rewards() internal view returns (uint256 earned, uint256 owed) {
        uint256 n = capacity.commitmentCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICapacity.Accounting memory a = capacity.accounting(id);
            uint256 withdrawn = handler.ghostWithdrawn(id);
            assertLe(a.rewardsVested, a.rewardsEarned, "vested <= earned");
            assertLe(withdrawn, a.rewardsVested, "withdrawn <= vested");
            assertEq(a.rewardsVested - withdrawn, a.providerWithdrawable + a.delegatorWithdrawable, "withdrawable");
            earned += a.rewardsEarned;
            owed += a.rewardsEarned - withdrawn;
        }
    }

    function _allocated() internal view returns (uint256 total) {
        uint256 current = epoch();
        for (uint256 e = 1; e <= current; ++e) {
            (uint256 pool,) = capacity.epochRewards(e);
            total += pool;
        }
    }

    function _collateralOfDeposited() internal view returns (uint256 total) {
        uint256 n = capacity.commitmentCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICapacity.Commitment memory c = capacity.commitment(id);
            if (c.stage == ICapacity.Stage.Deposited) total += c.unitCount * c.collateralPerUnit;
        }
    }

    /// @dev How far the commitments' earned rewards (with unsettled shares estimated by the accounting view) may
    /// be from the completed pools: each of an epoch's n shares is rounded down on its own, so their sum is within
    /// n - 1 units of the pool. Sum over the completed epochs with successes of (commitments that succeeded - 1).
    function _roundingBound() internal view returns (uint256) {
        uint256 running = handler.ghostRewardedCommitments(epoch());
        uint256 pairs = handler.ghostRewardedPairs() - running;
        uint256 epochs = handler.ghostRewardedEpochs() - (running != 0 ? 1 : 0);
        return pairs - epochs;
    }

    function _logCalls() internal view {
        string[15] memory actions = [
            "registerPeer",
            "createCommitment",
            "removeCommitment",
            "depositCollateral",
            "finishCommitment",
            "withdrawRewards",
            "fundRewards",
            "withdrawRewardReserve",
            "submitProofs",
            "proveCommitment",
            "joinDeal",
            "joinDealRefused",
            "leaveDeal",
            "warp",
            "warpToEnd"
        ];
        for (uint256 i; i < actions.length; ++i) {
            console2.log(actions[i], handler.executed(actions[i]));
        }
        string[11] memory attacks = [
            "proveUnitZero",
            "proveForeignUnit",
            "proveReusedNonce",
            "callUnknownCommitment",
            "commitForeignPeer",
            "callAsWrongRole",
            "callOutOfOrder",
            "callDealHook",
            "squatNextPeer",
            "donate",
            "sweep"
        ];
        for (uint256 i; i < attacks.length; ++i) {
            console2.log(attacks[i], attacker.tried(attacks[i]));
        }
    }
}
