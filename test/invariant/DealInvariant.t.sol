// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {console2} from "forge-std/console2.sol";
import {DealBase} from "../deal/DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {HostileToken} from "../utils/HostileToken.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {DealHandler} from "./handlers/DealHandler.sol";
import {ReentryHook} from "./handlers/ReentryHook.sol";
import {DealAttacker} from "./handlers/DealAttacker.sol";

/// @notice Invariants of deals under random sequences of valid actions (see DealHandler): creating deals in two
/// payment tokens, deposits, withdrawals, matching by owners and by providers, workers set and replaced, CUs
/// returned, claims, stops, proofs of the CUs outside deals and epochs. The pool is 12 CUs: two 2-CU peers for
/// each of three providers, the third one's offer paid in a second token; every commitment stays active for the
/// run. Every handler call must succeed (fail-on-revert).
/// @dev The payment tokens are HostileTokens: each concrete suite (DealInvariantTest below, the others in
/// DealTokenMatrix.t.sol) switches on one misbehaviour (fees, hooks that re-enter, rebases, a blocklist, false
/// returns, odd decimals) and the same invariants must hold.
abstract contract DealInvariantBase is DealBase {
    uint256 internal constant PEERS_PER_PROVIDER = 2;
    uint256 internal constant UNITS_PER_PEER = 2;

    DealHandler internal handler;
    DealAttacker internal attacker;
    HostileToken internal tokenA;
    HostileToken internal tokenB;
    ReentryHook[] internal hooks;
    address internal developer2 = makeAddr("developer2");
    address internal provider2 = makeAddr("provider2");
    address internal provider3 = makeAddr("provider3");

    // ------------------------------------------------------------------ what a concrete suite chooses

    function _decimals() internal pure virtual returns (uint8) {
        return 6;
    }

    /// @notice Switches the token's misbehaviour on (nothing: a plain ERC-20).
    function _configure(HostileToken token) internal virtual {}

    function _rebasing() internal pure virtual returns (bool) {
        return false;
    }

    function _blocking() internal pure virtual returns (bool) {
        return false;
    }

    function _hooked() internal pure virtual returns (bool) {
        return false;
    }

    // ------------------------------------------------------------------ set-up

    function setUp() public override {
        super.setUp();
        tokenA = new HostileToken("Token A", "TKA", _decimals());
        tokenB = new HostileToken("Token B", "TKB", _decimals());
        _configure(tokenA);
        _configure(tokenB);
        address[2] memory devs = [developer, developer2];
        for (uint256 i; i < devs.length; ++i) {
            tokenA.mint(devs[i], 1e36);
            tokenB.mint(devs[i], 1e36);
            _approveFactory(devs[i], tokenA);
            _approveFactory(devs[i], tokenB);
        }
        goToEpoch(1);

        address[] memory providers = new address[](3);
        providers[0] = provider;
        providers[1] = provider2;
        providers[2] = provider3;
        bytes32[] memory pool = new bytes32[](3 * PEERS_PER_PROVIDER * UNITS_PER_PEER);
        uint256 k;
        for (uint256 i; i < providers.length; ++i) {
            (bytes32[] memory firsts,, bytes32[] memory others) =
                committedPeers(providers[i], operator, PEERS_PER_PROVIDER, UNITS_PER_PEER, new bytes32[](0));
            for (uint256 j; j < firsts.length; ++j) {
                pool[k++] = firsts[j];
            }
            for (uint256 j; j < others.length; ++j) {
                pool[k++] = others[j];
            }
        }
        // the offers take the suite's tokens (the third provider's the second one), at one token per CU-epoch
        uint256 price = 10 ** _decimals();
        for (uint256 i; i < pool.length; i += UNITS_PER_PEER * PEERS_PER_PROVIDER) {
            IMarket.UnitInfo memory info = market.unit(pool[i]);
            vm.startPrank(info.provider);
            market.setOfferToken(info.offerId, address(info.provider == provider3 ? tokenB : tokenA));
            market.setOfferPrice(info.offerId, price);
            vm.stopPrank();
        }
        nextEpoch();

        address[] memory tokens = new address[](2);
        tokens[0] = address(tokenA);
        tokens[1] = address(tokenB);
        address[] memory developers = new address[](2);
        developers[0] = developer;
        developers[1] = developer2;
        handler = new DealHandler(
            core,
            capacity,
            dealFactory,
            tokens,
            developers,
            providers,
            operator,
            stranger,
            pool,
            _rebasing(),
            _blocking()
        );
        if (_hooked()) _installHooks(pool, providers);
        assertGt(handler.lastEpoch(), epoch() + 10, "commitments long enough for a run");
        // Start every run from deals that bill: one in token A (4 workers, 2 per provider, open to self-matching,
        // 20 epochs of one worker above its floor) staffed by the first two providers, one in token B (2 workers at
        // twice the offers' price, owned by developer2, closed) staffed by the third; three workers registered
        // and billed from the next epoch.
        handler.createDeal(3 | 1 << 8 | (20 * price) << 40);
        handler.createDeal(1 | 1 << 8 | 1 << 16 | 1 << 24 | 1 << 32 | 1 << 128);
        handler.matchByOwner(0, 0, 3);
        handler.matchByOwner(0, 4, 2);
        handler.matchByOwner(1, 8, 3);
        handler.setWorker(0, 0);
        handler.setWorker(4, 1);
        handler.setWorker(8, 0);
        handler.advanceEpoch(0);
        address[] memory deals = handler.dealList();
        assertEq(Deal(deals[0]).unitCount(), 4, "token A deal staffed");
        assertEq(Deal(deals[1]).unitCount(), 2, "token B deal staffed");
        assertEq(Deal(deals[1]).terms().paymentToken, address(tokenB), "token B deal");
        assertEq(Deal(deals[0]).billing().workers + Deal(deals[1]).billing().workers, 3, "workers");

        bytes4[] memory selectors = new bytes4[](12);
        selectors[0] = DealHandler.createDeal.selector;
        selectors[1] = DealHandler.deposit.selector;
        selectors[2] = DealHandler.withdraw.selector;
        selectors[3] = DealHandler.stop.selector;
        selectors[4] = DealHandler.matchByOwner.selector;
        selectors[5] = DealHandler.selfMatch.selector;
        selectors[6] = DealHandler.setWorker.selector;
        selectors[7] = DealHandler.replaceWorker.selector;
        selectors[8] = DealHandler.returnUnit.selector;
        selectors[9] = DealHandler.claimPay.selector;
        selectors[10] = DealHandler.prove.selector;
        selectors[11] = DealHandler.advanceEpoch.selector;
        if (_rebasing()) selectors = _with(selectors, DealHandler.rebase.selector);
        if (_blocking()) selectors = _with(selectors, DealHandler.toggleBlocked.selector);
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        _targetAttacker(pool);
    }

    /// @notice The attacker calls every deal entry point from the wrong role, with ids that name nothing, in the
    /// wrong order, and sends tokens to deals (DealAttacker).
    function _targetAttacker(bytes32[] memory pool) internal {
        attacker = new DealAttacker(handler, dealFactory, capacity, market, stranger, operator, pool);
        bytes4[] memory attacks = new bytes4[](7);
        attacks[0] = DealAttacker.callAsStranger.selector;
        attacks[1] = DealAttacker.callWithUnknownIds.selector;
        attacks[2] = DealAttacker.callEndedDeal.selector;
        attacks[3] = DealAttacker.callAsFactory.selector;
        attacks[4] = DealAttacker.callCapacityHooks.selector;
        attacks[5] = DealAttacker.moveTokensOfABlockedAccount.selector;
        attacks[6] = DealAttacker.donate.selector;
        targetContract(address(attacker));
        targetSelector(FuzzSelector({addr: address(attacker), selectors: attacks}));
    }

    /// @notice Every developer, provider and the operator get a hook that tries to re-enter the deal on the other
    /// side of each transfer (ReentryHook).
    function _installHooks(bytes32[] memory pool, address[] memory providers) internal {
        address[] memory accounts = new address[](providers.length + 3);
        for (uint256 i; i < providers.length; ++i) {
            accounts[i] = providers[i];
        }
        accounts[providers.length] = developer;
        accounts[providers.length + 1] = developer2;
        accounts[providers.length + 2] = operator;
        for (uint256 i; i < accounts.length; ++i) {
            ReentryHook hook = new ReentryHook(dealFactory, market, accounts[i], pool);
            hooks.push(hook);
            tokenA.setHook(accounts[i], hook);
            tokenB.setHook(accounts[i], hook);
        }
    }

    function _with(bytes4[] memory list, bytes4 extra) internal pure returns (bytes4[] memory out) {
        out = new bytes4[](list.length + 1);
        for (uint256 i; i < list.length; ++i) {
            out[i] = list[i];
        }
        out[list.length] = extra;
    }

    /// @dev The handler owns the clock.
    modifier synced() {
        vm.warp(handler.time());
        vm.roll(handler.blockNumber());
        _;
    }

    // ------------------------------------------------------------------ invariants

    /// @notice (a) Per payment token, the deals hold exactly their balances plus the pay they owe providers, plus
    /// what they hold beyond their books (rebases, tokens sent to them: the handler's drift); each deal's balance is
    /// the model's.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_tokensHeldAreBalancesPlusPayOwed() public synced {
        address[] memory deals = handler.dealList();
        address[] memory tokens = handler.tokenList();
        address[] memory providers = handler.providerList();
        for (uint256 t; t < tokens.length; ++t) {
            int256 held;
            int256 owed;
            for (uint256 i; i < deals.length; ++i) {
                Deal d = Deal(deals[i]);
                if (d.terms().paymentToken != tokens[t]) continue;
                held += int256(HostileToken(tokens[t]).balanceOf(address(d))) - handler.drift(address(d));
                uint256 balance = d.billing().balance;
                assertEq(balance, handler.ghostOf(address(d)).balance, "balance == model");
                // forge-lint: disable-next-line(unsafe-typecast) a deal's balance is a 96-bit field
                owed += int256(balance);
                for (uint256 j; j < providers.length; ++j) {
                    owed += int256(d.providerPay(providers[j]).due);
                }
            }
            assertEq(held, owed, "held == balances + pay due");
        }
    }

    /// @notice (b) A provider is paid exactly for the epochs its registered workers served while the deal could
    /// pay them: due + claimed equals the model's pay, billed epoch by epoch.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_payMatchesEpochModel() public synced {
        address[] memory deals = handler.dealList();
        address[] memory providers = handler.providerList();
        for (uint256 i; i < deals.length; ++i) {
            for (uint256 j; j < providers.length; ++j) {
                address p = providers[j];
                IDeal.ProviderPay memory pay = Deal(deals[i]).providerPay(p);
                assertEq(pay.due + handler.claimed(deals[i], p), handler.earned(deals[i], p), "due + claimed");
            }
        }
    }

    /// @notice (c) Each CU serves at most one deal: the capacity module's deal for it is the one deal whose CU
    /// on its peer it is. A CU in a deal cannot prove (UnitInDeal), and each commitment expects proofs from
    /// exactly its CUs outside deals.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_unitInAtMostOneDeal() public synced {
        address[] memory deals = handler.dealList();
        bytes32[] memory units = handler.unitList();
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[i];
            address dealOf = capacity.dealOf(unitId);
            assertEq(dealOf, handler.dealOfUnit(unitId), "deal of CU == model");
            uint256 serving;
            for (uint256 j; j < deals.length; ++j) {
                if (Deal(deals[j]).unitOfPeer(handler.peerOf(unitId)) != unitId) continue;
                ++serving;
                assertEq(deals[j], dealOf, "serves the capacity module's deal");
            }
            assertEq(serving, dealOf == address(0) ? 0 : 1, "in at most one deal");
            if (dealOf != address(0)) {
                ICapacity.Proof[] memory proofs = new ICapacity.Proof[](1);
                proofs[0] = ICapacity.Proof({unitId: unitId, localNonce: bytes32(0)});
                vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitInDeal.selector, unitId));
                vm.prank(operator);
                capacity.submitProofs(proofs);
            }
        }
        for (uint256 i; i < units.length; ++i) {
            ICapacity.Accounting memory a = capacity.accounting(market.unit(units[i]).commitmentId);
            assertEq(uint256(a.status), uint256(ICapacity.Status.Active), "commitment active");
            assertEq(a.failedUnitEpochs, 0, "no failure");
            assertEq(a.activeUnits, UNITS_PER_PEER - _inDeals(units, handler.peerOf(units[i])), "active units");
        }
    }

    /// @notice (e) No deal has more CUs than its target, and it counts the CUs the model says serve it.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_unitCountWithinTarget() public synced {
        address[] memory deals = handler.dealList();
        bytes32[] memory units = handler.unitList();
        for (uint256 i; i < deals.length; ++i) {
            uint256 serving;
            for (uint256 j; j < units.length; ++j) {
                if (handler.dealOfUnit(units[j]) == deals[i]) ++serving;
            }
            assertEq(Deal(deals[i]).unitCount(), serving, "unitCount == model");
            assertLe(serving, Deal(deals[i]).terms().targetWorkers, "within target");
        }
    }

    /// @notice (d) After every run: once every deal is stopped, every provider has claimed and every owner has
    /// withdrawn, no deal holds a token and nothing is owed.
    function afterInvariant() public {
        handler.windDown();
        vm.warp(handler.time());
        vm.roll(handler.blockNumber());
        address[] memory deals = handler.dealList();
        address[] memory providers = handler.providerList();
        for (uint256 i; i < deals.length; ++i) {
            Deal d = Deal(deals[i]);
            assertEq(uint256(d.status()), uint256(IDeal.Status.Ended), "stopped");
            assertEq(d.billing().balance, 0, "balance withdrawn");
            for (uint256 j; j < providers.length; ++j) {
                assertEq(d.providerPay(providers[j]).due, 0, "pay claimed");
            }
            // what a rebase added or someone sent stays in the deal (docs/deals.md); nothing else does
            assertEq(
                int256(HostileToken(d.terms().paymentToken).balanceOf(address(d))),
                handler.drift(address(d)),
                "deal emptied"
            );
        }
        _logCalls();
    }

    // ------------------------------------------------------------------ helpers

    function _approveFactory(address who, HostileToken token) internal {
        vm.prank(who);
        token.approve(address(dealFactory), type(uint256).max);
    }

    /// @notice The CUs of `peerId` serving a deal.
    function _inDeals(bytes32[] memory units, bytes32 peerId) internal view returns (uint256 n) {
        for (uint256 i; i < units.length; ++i) {
            if (handler.peerOf(units[i]) == peerId && capacity.dealOf(units[i]) != address(0)) ++n;
        }
    }

    function _logCalls() internal view {
        string[12] memory actions = [
            "createDeal",
            "deposit",
            "withdraw",
            "stop",
            "matchByOwner",
            "selfMatch",
            "setWorker",
            "replaceWorker",
            "returnUnit",
            "claimPay",
            "prove",
            "advanceEpoch"
        ];
        for (uint256 i; i < actions.length; ++i) {
            console2.log(actions[i], handler.executed(actions[i]));
        }
        console2.log("rebase", handler.executed("rebase"));
        console2.log("toggleBlocked", handler.executed("toggleBlocked"));
        string[7] memory attacks = [
            "callAsStranger",
            "callWithUnknownIds",
            "callEndedDeal",
            "callAsFactory",
            "callCapacityHooks",
            "moveTokensOfABlockedAccount",
            "donate"
        ];
        for (uint256 i; i < attacks.length; ++i) {
            console2.log(attacks[i], attacker.tried(attacks[i]));
        }
        uint256 reentries;
        for (uint256 i; i < hooks.length; ++i) {
            reentries += hooks[i].attempts();
        }
        console2.log("hook re-entries refused", reentries);
    }
}

/// @notice The deal invariants over plain ERC-20 payment tokens.
contract DealInvariantTest is DealInvariantBase {}
