// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {console2} from "forge-std/console2.sol";
import {DealBase} from "../deal/DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {TestToken} from "../../contracts/dev/TestToken.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {DealHandler} from "./handlers/DealHandler.sol";

/// @notice Invariants of deals under random sequences of valid actions (see DealHandler): creating deals in two
/// payment tokens, deposits, withdrawals, matching by owners and by providers, workers set and replaced, CUs
/// returned, claims, stops, proofs of the CUs outside deals and epochs. The pool is 12 CUs: two 2-CU peers for
/// each of three providers, the third one's offer paid in a second token; every commitment stays active for the
/// run. Every handler call must succeed (fail-on-revert).
contract DealInvariantTest is DealBase {
    uint256 internal constant PEERS_PER_PROVIDER = 2;
    uint256 internal constant UNITS_PER_PEER = 2;

    DealHandler internal handler;
    TestToken internal eur;
    address internal developer2 = makeAddr("developer2");
    address internal provider2 = makeAddr("provider2");
    address internal provider3 = makeAddr("provider3");

    function setUp() public override {
        super.setUp();
        eur = deployToken("EUR", "EUR", 6);
        usd.mint(developer2, 1e30);
        eur.mint(developer, 1e30);
        eur.mint(developer2, 1e30);
        _approveFactory(developer, eur);
        _approveFactory(developer2, usd);
        _approveFactory(developer2, eur);
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
        uint256 offerId = market.unit(pool[k - 1]).offerId;
        vm.prank(provider3);
        market.setOfferToken(offerId, address(eur));
        nextEpoch();

        address[] memory tokens = new address[](2);
        tokens[0] = address(usd);
        tokens[1] = address(eur);
        address[] memory developers = new address[](2);
        developers[0] = developer;
        developers[1] = developer2;
        handler = new DealHandler(core, capacity, dealFactory, tokens, developers, providers, operator, stranger, pool);
        assertGt(handler.lastEpoch(), epoch() + 10, "commitments long enough for a run");
        // Start every run from deals that bill: one in usd (4 workers, 2 per provider, open to self-matching,
        // 20 epochs of one worker above its floor) staffed by the first two providers, one in eur (2 workers at
        // twice the offers' price, owned by developer2, closed) staffed by the third; three workers registered
        // and billed from the next epoch.
        handler.createDeal(3 | 1 << 8 | (20 * PRICE) << 40);
        handler.createDeal(1 | 1 << 8 | 1 << 16 | 1 << 24 | 1 << 32 | 1 << 128);
        handler.matchByOwner(0, 0, 3);
        handler.matchByOwner(0, 4, 2);
        handler.matchByOwner(1, 8, 3);
        handler.setWorker(0, 0);
        handler.setWorker(4, 1);
        handler.setWorker(8, 0);
        handler.advanceEpoch(0);
        address[] memory deals = handler.dealList();
        assertEq(Deal(deals[0]).unitCount(), 4, "usd deal staffed");
        assertEq(Deal(deals[1]).unitCount(), 2, "eur deal staffed");
        assertEq(Deal(deals[1]).terms().paymentToken, address(eur), "eur deal");
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
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev The handler owns the clock.
    modifier synced() {
        vm.warp(handler.time());
        vm.roll(handler.blockNumber());
        _;
    }

    // ------------------------------------------------------------------ invariants

    /// @notice (a) Per payment token, the deals hold exactly their balances plus the pay they owe providers; each
    /// deal's balance is the model's.
    /// forge-config: default.invariant.fail-on-revert = true
    /// forge-config: ci.invariant.fail-on-revert = true
    function invariant_tokensHeldAreBalancesPlusPayOwed() public synced {
        address[] memory deals = handler.dealList();
        address[] memory tokens = handler.tokenList();
        address[] memory providers = handler.providerList();
        for (uint256 t; t < tokens.length; ++t) {
            uint256 held;
            uint256 owed;
            for (uint256 i; i < deals.length; ++i) {
                Deal d = Deal(deals[i]);
                if (d.terms().paymentToken != tokens[t]) continue;
                held += TestToken(tokens[t]).balanceOf(address(d));
                uint256 balance = d.billing().balance;
                assertEq(balance, handler.ghostOf(address(d)).balance, "balance == model");
                owed += balance;
                for (uint256 j; j < providers.length; ++j) {
                    owed += d.providerPay(providers[j]).due;
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
            assertEq(TestToken(d.terms().paymentToken).balanceOf(address(d)), 0, "deal emptied");
        }
        _logCalls();
    }

    // ------------------------------------------------------------------ helpers

    function _approveFactory(address who, TestToken token) internal {
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
    }
}
