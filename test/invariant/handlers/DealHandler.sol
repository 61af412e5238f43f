// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Core} from "../../../contracts/core/Core.sol";
import {Market} from "../../../contracts/market/Market.sol";
import {Capacity} from "../../../contracts/capacity/Capacity.sol";
import {DealFactory} from "../../../contracts/deal/DealFactory.sol";
import {Deal} from "../../../contracts/deal/Deal.sol";
import {HostileToken} from "../../utils/HostileToken.sol";
import {IDeal} from "../../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../../contracts/interfaces/IDealFactory.sol";
import {ICapacity} from "../../../contracts/interfaces/ICapacity.sol";
import {IMarket} from "../../../contracts/interfaces/IMarket.sol";
import {Prover} from "../../utils/Prover.sol";
import {ClockedHandler} from "./ClockedHandler.sol";

/// @notice Drives deals over a fixed pool of committed, active CUs with bounded, valid actions (each one skips
/// when it has no valid target, and expects the exact error when it makes an invalid call on purpose). It keeps a
/// ghost model of every deal: its balance, the CUs serving it and their workers, and each provider's pay, billed
/// epoch by epoch as the clock moves. The payment tokens are HostileTokens, which the suite may set to take fees,
/// rebase or block accounts: the model credits what arrives, pays blocked accounts at another address of theirs
/// (`elsewhere`), and keeps each deal's `drift` (tokens it holds beyond its books: rebases, tokens sent to it).
/// @dev The clock lives in ClockedHandler: every action first warps to `time`. It never moves past the
/// last epoch every commitment is active in, and every CU outside a deal proves in each epoch it leaves, so the
/// commitments stay active for the whole run.
contract DealHandler is ClockedHandler {
    uint256 internal constant MAX_DEALS = 4;
    uint256 internal constant MAX_TARGET = 4;
    uint256 internal constant MAX_CANDIDATES = 3;

    struct DealGhost {
        address token;
        address owner;
        uint256 price;
        uint256 target;
        uint256 cap;
        bool selfMatching;
        bool ended;
        uint256 balance;
        uint256 floor;
        uint256 rejoinDelay;
        uint256 unpaidEpoch; // the last epoch the deal's balance could not pay its workers, 0 if none
    }

    Capacity internal immutable capacity;
    DealFactory internal immutable factory;
    address internal immutable operator;
    address internal immutable stranger;
    uint256 internal immutable minProofs;
    uint256 internal immutable maxProofs;
    uint256 internal immutable offerPrice;
    /// @notice The last epoch in which every commitment of the pool is active.
    uint256 public immutable lastEpoch;

    address[] internal tokens;
    address[] internal developers;
    address[] internal providers;
    bytes32[] internal units;
    mapping(bytes32 unitId => bytes32) public peerOf;
    mapping(bytes32 unitId => address) public providerOf;
    mapping(bytes32 unitId => address) internal offerToken;

    // ------------------------------------------------------------------ ghosts

    address[] internal deals;
    mapping(address deal => DealGhost) internal ghost;
    mapping(bytes32 unitId => address) public dealOfUnit;
    mapping(bytes32 unitId => bool) public hasWorker;
    mapping(bytes32 unitId => uint256) internal restingIn; // epoch + 1 of the last departure from a deal
    mapping(address deal => mapping(bytes32 peerId => uint256)) internal rejoinFrom; // first epoch a peer may rejoin
    mapping(address deal => mapping(address provider => uint256)) public earned;
    mapping(address deal => mapping(address provider => uint256)) public claimed;
    /// @notice Tokens a deal holds beyond what it owes (a rebase, tokens sent to it); negative after a rebase down.
    mapping(address deal => int256) public drift;
    /// @notice Where an account the token blocks takes its money.
    address public immutable elsewhere = address(uint160(uint256(keccak256("elsewhere"))));
    bool internal immutable rebasing;
    bool internal immutable blocking;
    uint256 internal workerSeed;
    mapping(string action => uint256) public executed;

    constructor(
        Core core_,
        Capacity capacity_,
        DealFactory factory_,
        address[] memory tokens_,
        address[] memory developers_,
        address[] memory providers_,
        address operator_,
        address stranger_,
        bytes32[] memory units_,
        bool rebasing_,
        bool blocking_
    ) ClockedHandler(core_) {
        rebasing = rebasing_;
        blocking = blocking_;
        Market market_ = Market(core_.market());
        capacity = capacity_;
        factory = factory_;
        tokens = tokens_;
        developers = developers_;
        providers = providers_;
        operator = operator_;
        stranger = stranger_;
        minProofs = core_.params().minProofsPerEpoch;
        maxProofs = core_.params().maxProofsPerEpoch;
        offerPrice = market_.offer(market_.unit(units_[0]).offerId).minPricePerUnit;
        uint256 last = type(uint256).max;
        for (uint256 i; i < units_.length; ++i) {
            bytes32 unitId = units_[i];
            IMarket.UnitInfo memory info = market_.unit(unitId);
            units.push(unitId);
            peerOf[unitId] = info.peerId;
            providerOf[unitId] = info.provider;
            offerToken[unitId] = market_.offer(info.offerId).paymentToken;
            uint256 end = capacity_.commitment(info.commitmentId).endEpoch;
            if (end - 1 < last) last = end - 1;
        }
        lastEpoch = last;
    }

    // ------------------------------------------------------------------ actions: deals and balances

    /// @notice A developer creates a deal in one of the tokens: 1 to 4 workers, a per-provider cap, a price of
    /// 1 to 3 times the offers' and a deposit of the floor plus up to 10 epochs of the target. Each field comes
    /// from its own bits of `seed`, so that set-up can ask for a given deal.
    function createDeal(uint256 seed) external synced {
        if (deals.length >= MAX_DEALS) return;
        IDealFactory.DealParams memory p;
        p.appCid = keccak256(abi.encode("app", deals.length));
        p.minWorkers = 1;
        p.targetWorkers = 1 + seed % MAX_TARGET;
        p.maxWorkersPerProvider = 1 + (seed >> 8) % p.targetWorkers;
        p.pricePerWorkerEpoch = offerPrice * (1 + (seed >> 16) % 3);
        p.paymentToken = tokens[(seed >> 24) % tokens.length];
        p.openToSelfMatching = (seed >> 32) % 2 == 0;
        uint256 floor = core.params().minDealDepositEpochs * p.targetWorkers * p.pricePerWorkerEpoch;
        // a fee-taking token delivers less: the deposit covers the floor after the fee
        p.deposit = _gross(p.paymentToken, floor) + (seed >> 40) % (10 * p.targetWorkers * p.pricePerWorkerEpoch + 1);
        address owner = developers[(seed >> 128) % developers.length];
        if (_blocked(p.paymentToken, owner)) return; // its tokens cannot move: see DealAttacker
        vm.prank(owner);
        address deal = factory.createDeal(p);
        vm.prank(owner);
        HostileToken(p.paymentToken).approve(deal, type(uint256).max);
        deals.push(deal);
        ghost[deal] = DealGhost({
            token: p.paymentToken,
            owner: owner,
            price: p.pricePerWorkerEpoch,
            target: p.targetWorkers,
            cap: p.maxWorkersPerProvider,
            selfMatching: p.openToSelfMatching,
            ended: false,
            balance: _net(p.paymentToken, p.deposit),
            floor: floor,
            rejoinDelay: core.params().dealRejoinDelay,
            unpaidEpoch: 0
        });
        assertEq(Deal(deal).minBalance(), floor, "floor");
        ++executed["createDeal"];
    }

    /// @notice The owner tops up a deal; a stopped deal refuses with DealEnded.
    function deposit(uint256 dealSeed, uint256 amount) external synced {
        if (deals.length == 0) return;
        address deal = deals[dealSeed % deals.length];
        DealGhost storage g = ghost[deal];
        amount = _bound(amount, 1, 20 * g.target * g.price);
        if (_blocked(g.token, g.owner)) return; // its tokens cannot move: see DealAttacker
        if (g.ended) vm.expectRevert(IDeal.DealEnded.selector);
        vm.prank(g.owner);
        Deal(deal).deposit(amount);
        if (g.ended) return;
        g.balance += _net(g.token, amount);
        ++executed["deposit"];
    }

    /// @notice The owner withdraws up to one token more than the model says is available (the floor stays while
    /// the deal runs); more than available must revert with WithdrawalTooLarge.
    function withdraw(uint256 dealSeed, uint256 amount) external synced {
        if (deals.length == 0) return;
        address deal = deals[dealSeed % deals.length];
        DealGhost storage g = ghost[deal];
        uint256 available = _available(g);
        amount = _bound(amount, 1, available + 1);
        address to = _recipient(g.token, g.owner);
        uint256 before = HostileToken(g.token).balanceOf(to);
        bool refused = _expectWithdrawalRefused(deal, amount, available);
        vm.prank(g.owner);
        if (to == g.owner) Deal(deal).withdraw(amount);
        else Deal(deal).withdrawTo(amount, to);
        if (refused) return;
        g.balance -= amount;
        assertEq(HostileToken(g.token).balanceOf(to) - before, _net(g.token, amount), "withdrawn");
        ++executed["withdraw"];
    }

    /// @notice The owner stops a running deal: the current epoch (billed when it began) is the last.
    function stop(uint256 dealSeed) external synced {
        (address deal, bool found) = _pickDeal(dealSeed, false);
        if (!found) return;
        vm.prank(ghost[deal].owner);
        Deal(deal).stop();
        ghost[deal].ended = true;
        assertEq(uint256(Deal(deal).status()), uint256(IDeal.Status.Ended), "ended");
        ++executed["stop"];
    }

    // ------------------------------------------------------------------ actions: matching and workers

    /// @notice The owner matches 1 to 3 distinct CUs of the pool; every candidate's outcome is predicted.
    function matchByOwner(uint256 dealSeed, uint256 unitSeed, uint256 count) external synced {
        if (deals.length == 0) return;
        address deal = deals[dealSeed % deals.length];
        _match(deal, ghost[deal].owner, unitSeed, count);
        ++executed["matchByOwner"];
    }

    /// @notice A provider matches CUs of the pool (its own and others') to a deal: NotMatcher unless the deal is
    /// open to self-matching.
    function selfMatch(uint256 dealSeed, uint256 providerSeed, uint256 unitSeed, uint256 count) external synced {
        if (deals.length == 0) return;
        address deal = deals[dealSeed % deals.length];
        _match(deal, providers[providerSeed % providers.length], unitSeed, count);
        ++executed["selfMatch"];
    }

    /// @notice The provider or operator registers the first worker of a CU serving a running deal.
    function setWorker(uint256 unitSeed, uint256 callerSeed) external synced {
        (bytes32 unitId, bool found) = _pickServing(unitSeed, false);
        if (!found) return;
        address deal = dealOfUnit[unitId];
        uint256 workers = Deal(deal).billing().workers;
        _setWorker(deal, unitId, callerSeed);
        hasWorker[unitId] = true;
        assertEq(Deal(deal).billing().workers, workers + 1, "one more worker");
        ++executed["setWorker"];
    }

    /// @notice The provider or operator replaces the worker of a CU: billing does not change.
    function replaceWorker(uint256 unitSeed, uint256 callerSeed) external synced {
        (bytes32 unitId, bool found) = _pickServing(unitSeed, true);
        if (!found) return;
        address deal = dealOfUnit[unitId];
        uint256 workers = Deal(deal).billing().workers;
        uint256 due = Deal(deal).providerPay(providerOf[unitId]).due;
        _setWorker(deal, unitId, callerSeed);
        assertEq(Deal(deal).billing().workers, workers, "same workers");
        assertEq(Deal(deal).providerPay(providerOf[unitId]).due, due, "same pay");
        ++executed["replaceWorker"];
    }

    /// @notice A CU leaves its deal, returned by its provider, operator or the deal's owner (or anyone once the
    /// deal ended); it rests for the rest of the epoch.
    function returnUnit(uint256 unitSeed, uint256 callerSeed) external synced {
        uint256 n = units.length;
        for (uint256 i; i < n; ++i) {
            bytes32 unitId = units[(unitSeed % n + i) % n];
            address deal = dealOfUnit[unitId];
            if (deal == address(0)) continue;
            address[4] memory callers = [providerOf[unitId], operator, ghost[deal].owner, stranger];
            address caller = callers[callerSeed % (ghost[deal].ended ? 4 : 3)];
            vm.prank(caller);
            Deal(deal).returnUnit(unitId);
            dealOfUnit[unitId] = address(0);
            hasWorker[unitId] = false;
            restingIn[unitId] = _epoch() + 1;
            rejoinFrom[deal][peerOf[unitId]] = _epoch() + ghost[deal].rejoinDelay;
            assertEq(capacity.dealOf(unitId), address(0), "left the deal");
            assertEq(Deal(deal).unitOfPeer(peerOf[unitId]), bytes32(0), "peer free in the deal");
            ++executed["returnUnit"];
            return;
        }
    }

    // ------------------------------------------------------------------ actions: pay, proofs and the clock

    /// @notice A provider claims its pay from a deal, by claimProviderPay or through one of its CUs (claimPay, as
    /// the operator); with nothing due the claim reverts NothingToClaim.
    function claimPay(uint256 dealSeed, uint256 providerSeed, uint256 unitSeed) external synced {
        if (deals.length == 0) return;
        address deal = deals[dealSeed % deals.length];
        address p = providers[providerSeed % providers.length];
        address token = ghost[deal].token;
        uint256 due = earned[deal][p] - claimed[deal][p];
        bytes32 unitId = _unitOf(p, unitSeed);
        address to = _recipient(token, p);
        // a provider the token blocks claims to another address of its own
        bool byUnit = (unitSeed >> 128) % 2 == 0 && to == p;
        uint256 before = HostileToken(token).balanceOf(to);
        uint256 held = HostileToken(token).balanceOf(deal);
        if (due == 0) vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, p));
        else if (due > held) _expectShortOf(deal, held, due);
        vm.prank(byUnit ? operator : p);
        uint256 amount = byUnit
            ? Deal(deal).claimPay(unitId)
            : to == p ? Deal(deal).claimProviderPay() : Deal(deal).claimProviderPayTo(to);
        if (due == 0 || due > held) return;
        assertEq(amount, due, "claimed == due");
        assertEq(HostileToken(token).balanceOf(to) - before, _net(token, due), "paid");
        claimed[deal][p] += due;
        ++executed["claimPay"];
    }

    /// @notice A CU outside deals (not resting) submits 1 to maxProofs more proofs in the current epoch.
    function prove(uint256 unitSeed, uint256 count) external synced {
        uint256 n = units.length;
        uint256 epoch = _epoch();
        for (uint256 i; i < n; ++i) {
            bytes32 unitId = units[(unitSeed % n + i) % n];
            if (!_canProve(unitId, epoch)) continue;
            uint256 have = _proofs(unitId, epoch);
            if (have >= maxProofs) continue;
            uint256 k = _bound(count, 1, maxProofs - have);
            _submit(_single(unitId), _single(k));
            assertEq(capacity.unitState(unitId).proofs, have + k, "proofs counted");
            ++executed["prove"];
            return;
        }
    }

    /// @notice Every CU outside deals reaches the minimum in the epoch that ends, then the clock moves one epoch
    /// on (never past `lastEpoch`) and the model bills the new epoch of every running deal.
    function advanceEpoch(uint256 offsetSeed) external synced {
        uint256 epoch = _epoch();
        if (epoch >= lastEpoch) return;
        _proveAll(epoch);
        _moveClock(epoch + 1, offsetSeed);
        capacity.advanceEpoch();
        for (uint256 i; i < deals.length; ++i) {
            _billEpoch(deals[i]);
        }
        ++executed["advanceEpoch"];
    }

    // ------------------------------------------------------------------ wind-down (not a fuzzed action)

    /// @notice Liveness: stops every running deal, returns every CU, has every provider claim everything due and
    /// every owner withdraw the whole balance (accounts the token blocks take theirs elsewhere). A deal a rebase left
    /// short is first sent the shortfall (docs/deals.md): rebasing tokens are unsuitable, not a way to lose money.
    function windDown() external synced {
        for (uint256 i; i < deals.length; ++i) {
            address deal = deals[i];
            DealGhost storage g = ghost[deal];
            if (!g.ended) {
                vm.prank(g.owner);
                Deal(deal).stop();
                g.ended = true;
            }
            _returnAll(deal);
            if (drift[deal] < 0) {
                HostileToken(g.token).mint(deal, uint256(-drift[deal]));
                drift[deal] = 0;
            }
            for (uint256 j; j < providers.length; ++j) {
                address p = providers[j];
                uint256 due = earned[deal][p] - claimed[deal][p];
                if (due == 0) continue;
                address to = _recipient(g.token, p);
                vm.prank(p);
                assertEq(Deal(deal).claimProviderPayTo(to), due, "claimed == due");
                claimed[deal][p] += due;
            }
            if (g.balance == 0) continue;
            address recipient = _recipient(g.token, g.owner);
            vm.prank(g.owner);
            Deal(deal).withdrawTo(g.balance, recipient);
            g.balance = 0;
        }
    }

    // ------------------------------------------------------------------ actions: the token misbehaves

    /// @notice Every balance of a payment token grows or shrinks by 1 to 5% (suites whose tokens rebase).
    function rebase(uint256 seed) external synced {
        if (!rebasing) return;
        HostileToken token = HostileToken(tokens[seed % tokens.length]);
        uint256 pct = _bound(seed >> 8, 1, 5);
        bool up = (seed >> 16) % 2 == 0;
        uint256[] memory before = new uint256[](deals.length);
        for (uint256 i; i < deals.length; ++i) {
            before[i] = token.balanceOf(deals[i]);
        }
        token.rebase(up ? 100 + pct : 100 - pct, 100);
        for (uint256 i; i < deals.length; ++i) {
            drift[deals[i]] += int256(token.balanceOf(deals[i])) - int256(before[i]);
        }
        ++executed["rebase"];
    }

    /// @notice The token blocks, or lets go, a provider or a developer (suites whose tokens keep a blocklist).
    function toggleBlocked(uint256 seed) external synced {
        if (!blocking) return;
        HostileToken token = HostileToken(tokens[seed % tokens.length]);
        address who = (seed >> 8) % 2 == 0
            ? providers[(seed >> 16) % providers.length]
            : developers[(seed >> 16) % developers.length];
        token.setBlocked(who, !token.blocked(who));
        ++executed["toggleBlocked"];
    }

    /// @notice Records tokens sent to a deal outside the protocol (by DealAttacker).
    function noteDonation(address deal, uint256 received) external {
        // forge-lint: disable-next-line(unsafe-typecast) a donation is at most one whole token
        drift[deal] += int256(received);
    }

    // ------------------------------------------------------------------ views for the invariants

    function dealList() external view returns (address[] memory) {
        return deals;
    }

    function unitList() external view returns (bytes32[] memory) {
        return units;
    }

    function providerList() external view returns (address[] memory) {
        return providers;
    }

    function tokenList() external view returns (address[] memory) {
        return tokens;
    }

    function ghostOf(address deal) external view returns (DealGhost memory) {
        return ghost[deal];
    }

    // ------------------------------------------------------------------ internals

    /// @notice What a deal owes: its balance and the pay due to every provider (the model's).
    function owed(address deal) public view returns (uint256) {
        return _owed(deal);
    }

    function _owed(address deal) internal view returns (uint256 total) {
        total = ghost[deal].balance;
        for (uint256 j; j < providers.length; ++j) {
            total += earned[deal][providers[j]] - claimed[deal][providers[j]];
        }
    }

    /// @dev What arrives of `amount` sent in `token` (a fee-taking token keeps its fee).
    function _net(address token, uint256 amount) internal view returns (uint256) {
        return amount - amount * HostileToken(token).feeBps() / 10_000;
    }

    /// @dev What to send for at least `amount` to arrive.
    function _gross(address token, uint256 amount) internal view returns (uint256) {
        uint256 fee = HostileToken(token).feeBps();
        return (amount * 10_000 + 10_000 - fee - 1) / (10_000 - fee);
    }

    /// @dev Expects the withdrawal to revert when it asks for more than is available, or when a rebase left the deal
    /// holding less than the amount; returns whether it will.
    function _expectWithdrawalRefused(address deal, uint256 amount, uint256 available) internal returns (bool) {
        if (amount > available) {
            vm.expectRevert(abi.encodeWithSelector(IDeal.WithdrawalTooLarge.selector, amount, available));
            return true;
        }
        uint256 held = HostileToken(ghost[deal].token).balanceOf(deal);
        if (amount <= held) return false;
        _expectShortOf(deal, held, amount);
        return true;
    }

    /// @dev A deal a rebase left short cannot pay out more than it holds: the token refuses (docs/deals.md).
    function _expectShortOf(address deal, uint256 held, uint256 amount) internal {
        vm.expectRevert(abi.encodeWithSelector(HostileToken.InsufficientBalance.selector, deal, held, amount));
    }

    function _blocked(address token, address who) internal view returns (bool) {
        return HostileToken(token).blocked(who);
    }

    /// @dev Where `who` takes its money: itself, or `elsewhere` while the token blocks it.
    function _recipient(address token, address who) internal view returns (address) {
        return _blocked(token, who) ? elsewhere : who;
    }

    /// @dev Returns every CU still serving the (ended) deal: anyone may, and each leaves.
    function _returnAll(address deal) internal {
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[i];
            if (dealOfUnit[unitId] != deal) continue;
            vm.prank(stranger);
            Deal(deal).returnUnit(unitId);
            dealOfUnit[unitId] = address(0);
            hasWorker[unitId] = false;
            assertEq(capacity.dealOf(unitId), address(0), "every CU can leave its deal");
        }
    }

    function _available(DealGhost storage g) internal view returns (uint256) {
        if (g.ended) return g.balance;
        return g.balance > g.floor ? g.balance - g.floor : 0;
    }

    /// @dev Bills the epoch that just began: every worker serving the deal was registered in an earlier epoch;
    /// the epoch is paid when the balance covers them all, else nobody is paid for it.
    function _billEpoch(address deal) internal {
        DealGhost storage g = ghost[deal];
        if (g.ended) return;
        uint256 workers = _workersOf(deal);
        uint256 cost = workers * g.price;
        if (workers == 0) return;
        if (g.balance < cost) {
            g.unpaidEpoch = _epoch();
            return;
        }
        g.balance -= cost;
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[i];
            if (dealOfUnit[unitId] == deal && hasWorker[unitId]) earned[deal][providerOf[unitId]] += g.price;
        }
    }

    function _workersOf(address deal) internal view returns (uint256 workers) {
        for (uint256 i; i < units.length; ++i) {
            if (dealOfUnit[units[i]] == deal && hasWorker[units[i]]) ++workers;
        }
    }

    /// @dev Calls matchDeal for up to 3 distinct CUs from `unitSeed` on, expecting, in order, each candidate's
    /// UnitMatched or UnitSkipped with the reason the model predicts.
    function _match(address deal, address caller, uint256 unitSeed, uint256 count) internal {
        DealGhost storage g = ghost[deal];
        uint256 n = _bound(count, 1, MAX_CANDIDATES);
        bytes32[] memory candidates = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            candidates[i] = units[(unitSeed % units.length + i) % units.length];
        }
        bool byOwner = caller == g.owner;
        bytes memory refusal = _matchRefusal(deal, byOwner, caller);
        if (refusal.length != 0) {
            vm.expectRevert(refusal);
            vm.prank(caller);
            factory.matchDeal(deal, candidates);
            return;
        }
        uint256 expected;
        for (uint256 i; i < n; ++i) {
            bytes32 unitId = candidates[i];
            IDeal.MatchResult result = _predict(deal, g, byOwner, caller, unitId);
            vm.expectEmit(deal);
            if (result == IDeal.MatchResult.Matched) {
                emit IDeal.UnitMatched(unitId, peerOf[unitId], providerOf[unitId], caller);
                dealOfUnit[unitId] = deal;
                ++expected;
            } else {
                emit IDeal.UnitSkipped(unitId, result);
            }
        }
        vm.prank(caller);
        assertEq(factory.matchDeal(deal, candidates), expected, "matched");
        for (uint256 i; i < n; ++i) {
            assertEq(capacity.dealOf(candidates[i]), dealOfUnit[candidates[i]], "deal of CU");
        }
    }

    /// @dev Why the deal refuses to match at all, in the order of its checks (empty when it matches).
    function _matchRefusal(address deal, bool byOwner, address caller) internal view returns (bytes memory) {
        DealGhost storage g = ghost[deal];
        if (g.ended) return abi.encodeWithSelector(IDeal.DealEnded.selector);
        if (!byOwner && !g.selfMatching) return abi.encodeWithSelector(IDeal.NotMatcher.selector, caller);
        if (g.unpaidEpoch == _epoch() && _workersOf(deal) != 0) {
            return abi.encodeWithSelector(IDeal.DealCannotPay.selector, IDeal.Status.InsufficientFunds);
        }
        if (g.balance < g.floor) {
            return abi.encodeWithSelector(IDeal.DealCannotPay.selector, IDeal.Status.SmallBalance);
        }
        return "";
    }

    /// @dev The outcome the deal's checks give a candidate, in their order (no CU is unknown, priced too high,
    /// missing effectors, ruled out by an access list or out of an active commitment in this pool).
    function _predict(address deal, DealGhost storage g, bool byOwner, address caller, bytes32 unitId)
        internal
        view
        returns (IDeal.MatchResult)
    {
        (uint256 served, uint256 ofProvider, bool peerServes) = _serving(deal, unitId);
        if (served >= g.target) return IDeal.MatchResult.TargetReached;
        if (!byOwner && providerOf[unitId] != caller) return IDeal.MatchResult.NotCallersUnit;
        if (offerToken[unitId] != g.token) return IDeal.MatchResult.WrongToken;
        if (peerServes) return IDeal.MatchResult.PeerInDeal;
        if (_epoch() < rejoinFrom[deal][peerOf[unitId]]) return IDeal.MatchResult.RejoinTooSoon;
        if (ofProvider >= g.cap) return IDeal.MatchResult.ProviderCapReached;
        if (dealOfUnit[unitId] != address(0)) return IDeal.MatchResult.UnitInDeal;
        return IDeal.MatchResult.Matched;
    }

    /// @dev The deal's CUs in the model: all of them, those of the candidate's provider, and whether one is on the
    /// candidate's peer.
    function _serving(address deal, bytes32 unitId)
        internal
        view
        returns (uint256 served, uint256 ofProvider, bool peerServes)
    {
        for (uint256 i; i < units.length; ++i) {
            bytes32 other = units[i];
            if (dealOfUnit[other] != deal) continue;
            ++served;
            if (providerOf[other] == providerOf[unitId]) ++ofProvider;
            if (peerOf[other] == peerOf[unitId]) peerServes = true;
        }
    }

    function _setWorker(address deal, bytes32 unitId, uint256 callerSeed) internal {
        bytes32 workerId = keccak256(abi.encode("worker", ++workerSeed));
        vm.prank(callerSeed % 2 == 0 ? operator : providerOf[unitId]);
        Deal(deal).setWorker(unitId, workerId);
        assertEq(Deal(deal).workerOfPeer(peerOf[unitId]), workerId, "worker");
    }

    /// @dev The first deal from `seed` on (cyclically) whose `ended` flag is `ended`.
    function _pickDeal(uint256 seed, bool ended) internal view returns (address, bool) {
        uint256 n = deals.length;
        for (uint256 i; i < n; ++i) {
            address deal = deals[(seed % n + i) % n];
            if (ghost[deal].ended == ended) return (deal, true);
        }
        return (address(0), false);
    }

    /// @dev The first CU from `seed` on serving a running deal, with (or without) a worker.
    function _pickServing(uint256 seed, bool withWorker) internal view returns (bytes32, bool) {
        uint256 n = units.length;
        for (uint256 i; i < n; ++i) {
            bytes32 unitId = units[(seed % n + i) % n];
            address deal = dealOfUnit[unitId];
            if (deal != address(0) && !ghost[deal].ended && hasWorker[unitId] == withWorker) return (unitId, true);
        }
        return (bytes32(0), false);
    }

    /// @dev One of the provider's CUs (any: claimPay pays the CU's provider whatever deal it serves).
    function _unitOf(address p, uint256 seed) internal view returns (bytes32) {
        uint256 n = units.length;
        for (uint256 i; i < n; ++i) {
            bytes32 unitId = units[(seed % n + i) % n];
            if (providerOf[unitId] == p) return unitId;
        }
        revert("no CU of the provider");
    }

    /// @dev A CU proves when it is outside deals and did not leave one in this epoch.
    function _canProve(bytes32 unitId, uint256 epoch) internal view returns (bool) {
        return dealOfUnit[unitId] == address(0) && restingIn[unitId] != epoch + 1;
    }

    function _proofs(bytes32 unitId, uint256 epoch) internal view returns (uint256) {
        ICapacity.UnitState memory st = capacity.unitState(unitId);
        return st.epoch == epoch ? st.proofs : 0;
    }

    /// @dev Brings every CU that can prove in `epoch` to the minimum, in one batch.
    function _proveAll(uint256 epoch) internal {
        bytes32[] memory proving = new bytes32[](units.length);
        uint256[] memory counts = new uint256[](units.length);
        uint256 k;
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[i];
            uint256 have = _proofs(unitId, epoch);
            if (!_canProve(unitId, epoch) || have >= minProofs) continue;
            proving[k] = unitId;
            counts[k++] = minProofs - have;
        }
        if (k == 0) return;
        assembly ("memory-safe") {
            mstore(proving, k)
            mstore(counts, k)
        }
        _submit(proving, counts);
    }

    function _submit(bytes32[] memory unitIds, uint256[] memory counts) internal {
        uint256 epoch = _epoch();
        (, bytes32 globalNonce, uint256 difficulty) = capacity.epochChallenge();
        uint256 total;
        for (uint256 i; i < counts.length; ++i) {
            total += counts[i];
        }
        ICapacity.Proof[] memory batch = new ICapacity.Proof[](total);
        uint256 k;
        for (uint256 i; i < unitIds.length; ++i) {
            ICapacity.UnitState memory st = capacity.unitState(unitIds[i]);
            uint256 from = st.epoch == epoch ? st.nextNonce : 0;
            (ICapacity.Proof[] memory proofs,) = Prover.find(globalNonce, difficulty, unitIds[i], counts[i], from);
            for (uint256 j; j < proofs.length; ++j) {
                batch[k++] = proofs[j];
            }
        }
        vm.prank(operator);
        capacity.submitProofs(batch);
    }

    function _single(bytes32 value) internal pure returns (bytes32[] memory a) {
        a = new bytes32[](1);
        a[0] = value;
    }

    function _single(uint256 value) internal pure returns (uint256[] memory a) {
        a = new uint256[](1);
        a[0] = value;
    }
}
