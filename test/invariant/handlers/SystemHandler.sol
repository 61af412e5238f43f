// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Core} from "../../../contracts/core/Core.sol";
import {Market} from "../../../contracts/market/Market.sol";
import {Capacity} from "../../../contracts/capacity/Capacity.sol";
import {DealFactory} from "../../../contracts/deal/DealFactory.sol";
import {Deal} from "../../../contracts/deal/Deal.sol";
import {ICore} from "../../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../../contracts/interfaces/ICapacity.sol";
import {IDeal} from "../../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../../contracts/interfaces/IDealFactory.sol";
import {Ids} from "../../../contracts/libraries/Ids.sol";
import {Prover} from "../../utils/Prover.sol";
import {SystemGovernance} from "./SystemGovernance.sol";

/// @notice The whole protocol under one handler: providers add and remove peers and CUs, change offers, commit
/// peers that then end, fail and finish; developers create, fund, staff and stop real deals; operators prove; the
/// protocol owner changes parameters and the verifier, upgrades modules and the deal implementation mid-run.
/// @dev Unlike the module suites, this handler does not model outcomes: an action whose success depends on what
/// came before is tried (`_try`), and a refusal is fine as long as it is one of the protocol's custom errors (no
/// panic, no bare revert, no string). Actions whose success the protocol promises (a provider returning its CU, a
/// participant withdrawing what is vested, the owner stopping a deal...) must succeed (`_must`). What holds is
/// checked from the contracts' own state by the suite (test/invariant/SystemInvariant.t.sol).
contract SystemHandler is SystemGovernance {
    uint256 internal constant MAX_PEERS = 10;
    uint256 internal constant MAX_UNITS_PER_PEER = 4;
    uint256 internal constant MAX_DEALS = 12;
    uint256 internal constant MAX_RUNNING_DEALS = 3;

    bytes32[] public peers;
    mapping(bytes32 peerId => address) public providerOfPeer;
    bytes32[] public units;
    mapping(bytes32 unitId => bytes32) public peerOfUnit;
    mapping(bytes32 id => bool) public removed; // a peer or a CU the market no longer lists
    uint256[] internal commitments;
    address[] public deals;
    mapping(address deal => address) public ownerOf;
    uint256 internal keySeed;

    constructor(Config memory config) SystemGovernance(config) {}

    // ------------------------------------------------------------------ market

    /// @notice A provider adds a peer of 1 to 3 CUs to its offer.
    function addPeer(uint256 providerSeed, uint256 unitSeed) external synced {
        if (peers.length >= MAX_PEERS) return;
        address p = providers[providerSeed % providers.length];
        IMarket.PeerInput[] memory input = new IMarket.PeerInput[](1);
        input[0] = IMarket.PeerInput({publicKey: _newKey(), operator: operator, unitLabels: _labels(1 + unitSeed % 3)});
        _must(p, address(market), abi.encodeCall(Market.addPeers, (offerOf[p], input)), "addPeer");
        _track(p, input[0]);
    }

    /// @notice A provider adds a CU to one of its peers: refused while a commitment holds the peer.
    function addUnit(uint256 peerSeed) external synced {
        if (peers.length == 0) return;
        bytes32 peerId = peers[peerSeed % peers.length];
        if (removed[peerId] || market.peer(peerId).unitCount >= MAX_UNITS_PER_PEER) return;
        bytes32[] memory labels = _labels(1);
        bytes memory call = abi.encodeCall(Market.addUnits, (peerId, labels));
        if (_try(providerOfPeer[peerId], address(market), call, "addUnit")) units.push(_unit(peerId, labels[0]));
    }

    /// @notice A provider removes one CU of a peer: refused while a commitment holds the peer or the CU serves a deal.
    function removeUnit(uint256 unitSeed) external synced {
        (bytes32 unitId, bool found) = _pick(units, unitSeed, _listed);
        if (!found) return;
        bytes32 peerId = peerOfUnit[unitId];
        bytes memory call = abi.encodeCall(Market.removeUnits, (peerId, _one(unitId)));
        bool serving = capacity.isInDeal(unitId);
        if (!_try(providerOfPeer[peerId], address(market), call, "removeUnit")) return;
        assertFalse(serving, "a CU serving a deal was removed");
        removed[unitId] = true;
    }

    /// @notice A provider removes a peer with all its CUs: refused while it is committed or a CU serves a deal.
    function removePeer(uint256 peerSeed) external synced {
        if (peers.length == 0) return;
        bytes32 peerId = peers[peerSeed % peers.length];
        if (removed[peerId]) return;
        address p = providerOfPeer[peerId];
        bytes32[] memory listed = _unitsOf(peerId);
        if (listed.length != 0) {
            if (!_try(p, address(market), abi.encodeCall(Market.removeUnits, (peerId, listed)), "removeUnit")) return;
            for (uint256 i; i < listed.length; ++i) {
                removed[listed[i]] = true;
            }
        }
        _must(p, address(market), abi.encodeCall(Market.removePeer, (peerId)), "removePeer");
        removed[peerId] = true;
    }

    /// @notice A provider changes its offer's price: half, once or twice the initial one.
    function setOfferPrice(uint256 providerSeed, uint256 priceSeed) external synced {
        address p = providers[providerSeed % providers.length];
        uint256 price = price0 * (1 + priceSeed % 4) / 2;
        _must(p, address(market), abi.encodeCall(Market.setOfferPrice, (offerOf[p], price)), "setOfferPrice");
    }

    /// @notice A provider switches its offer to one of the two payment tokens.
    function setOfferToken(uint256 providerSeed, uint256 tokenSeed) external synced {
        address p = providers[providerSeed % providers.length];
        address token = tokens[tokenSeed % tokens.length];
        _must(p, address(market), abi.encodeCall(Market.setOfferToken, (offerOf[p], token)), "setOfferToken");
    }

    // ------------------------------------------------------------------ commitments and proofs

    /// @notice A provider commits a peer for the minimum duration or up to 3 epochs more, to a named delegator, to
    /// itself or open to anyone; half of the time the collateral is deposited at once.
    function commit(uint256 peerSeed, uint256 durationSeed, uint256 delegatorSeed) external synced {
        if (peers.length == 0) return;
        // one time in 4 any peer (committed or removed ones are refused), else the next free one
        bytes32 peerId = peers[peerSeed % peers.length];
        if ((peerSeed >> 128) % 4 != 0) {
            bool found;
            (peerId, found) = _pick(peers, peerSeed, _free);
            if (!found) return;
        }
        address p = providerOfPeer[peerId];
        uint256 duration = core.params().minCommitmentDuration + durationSeed % 4;
        uint256 pick = delegatorSeed % 3;
        address named = pick == 0 ? delegators[0] : pick == 1 ? p : address(0);
        uint256 id = capacity.commitmentCount() + 1;
        bytes memory call = abi.encodeCall(Capacity.createCommitment, (peerId, duration, named, 2000));
        if (!_try(p, address(capacity), call, "createCommitment")) return;
        commitments.push(id);
        if ((delegatorSeed >> 8) % 2 == 0) _deposit(id, named == address(0) ? delegators[1] : named);
    }

    /// @notice A waiting commitment gets its collateral, at the collateral price of today.
    function deposit(uint256 seed) external synced {
        (uint256 id, bool found) = _pickCommitment(seed, ICapacity.Status.WaitDelegation);
        if (!found) return;
        address named = capacity.commitment(id).delegator;
        _deposit(id, named == address(0) ? delegators[seed % delegators.length] : named);
    }

    /// @notice Its provider removes a commitment still waiting for collateral.
    function removeCommitment(uint256 seed) external synced {
        (uint256 id, bool found) = _pickCommitment(seed, ICapacity.Status.WaitDelegation);
        if (!found) return;
        _must(
            capacity.commitment(id).provider,
            address(capacity),
            abi.encodeCall(Capacity.removeCommitment, (id)),
            "removeCommitment"
        );
    }

    /// @notice Anyone finishes an ended or failed commitment; collateral the token would not deliver is withdrawn.
    function finish(uint256 seed, uint256 callerSeed) external synced {
        (uint256 id, bool found) = _pickCommitment(seed, ICapacity.Status.Inactive);
        if (!found) (id, found) = _pickCommitment(seed, ICapacity.Status.Failed);
        if (!found) return;
        _finish(id, _anyone(callerSeed));
    }

    /// @notice The provider or the delegator of a commitment withdraws what has vested for it.
    function withdrawRewards(uint256 seed, uint256 whoSeed) external synced {
        uint256 n = commitments.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = commitments[(seed % n + i) % n];
            ICapacity.Accounting memory a = capacity.accounting(id);
            if (a.providerWithdrawable + a.delegatorWithdrawable == 0) continue;
            ICapacity.Commitment memory c = capacity.commitment(id);
            bool delegatorTurn = a.providerWithdrawable == 0 || (a.delegatorWithdrawable != 0 && whoSeed % 2 == 0);
            _withdrawRewards(id, delegatorTurn ? c.delegator : c.provider);
            return;
        }
    }

    /// @notice The operators bring every CU that may prove to the epoch's minimum (one CU in 8 is left out, so that
    /// commitments fail), each CU in its own batch; a CU serving a deal must be refused.
    function prove(uint256 seed) external synced {
        _proveAll(seed);
    }

    /// @notice The clock moves 1 epoch forward (2 one time in 4: an epoch nobody proves); most of the time the
    /// operators first prove the epoch that ends.
    function warp(uint256 seed) external synced {
        if (seed % 4 != 0) _proveAll(seed >> 8);
        _warpTo(_epoch() + ((seed >> 4) % 4 == 0 ? 2 : 1), seed >> 16);
    }

    // ------------------------------------------------------------------ deals

    /// @notice A developer creates a deal (while fewer than 3 run) paid in one of the tokens: 1 to 3 workers, at the initial offer price
    /// or twice it, funded with its floor plus up to 10 epochs of its target.
    function createDeal(uint256 seed) external synced {
        if (deals.length >= MAX_DEALS || _running() >= MAX_RUNNING_DEALS) return;
        IDealFactory.DealParams memory p;
        p.appCid = keccak256(abi.encode("app", deals.length));
        p.appCodec = 0x70;
        p.minWorkers = 1;
        p.targetWorkers = 1 + seed % 3;
        p.maxWorkersPerProvider = p.targetWorkers;
        p.pricePerWorkerEpoch = price0 * (1 + (seed >> 8) % 2);
        p.paymentToken = tokens[(seed >> 16) % tokens.length];
        p.openToSelfMatching = (seed >> 24) % 2 == 0;
        uint256 perEpoch = p.targetWorkers * p.pricePerWorkerEpoch;
        p.deposit = core.params().minDealDepositEpochs * perEpoch + (seed >> 32) % (10 * perEpoch + 1);
        address dev = developers[(seed >> 128) % developers.length];
        bytes memory ret = _must(dev, address(factory), abi.encodeCall(DealFactory.createDeal, (p)), "createDeal");
        address deal = abi.decode(ret, (address));
        assertTrue(factory.isDeal(deal), "the deal is registered");
        vm.prank(dev);
        IERC20(p.paymentToken).approve(deal, type(uint256).max);
        deals.push(deal);
        ownerOf[deal] = dev;
    }

    /// @notice A deal's owner (or, for a deal open to it, a provider) matches up to 3 CUs: free CUs of active
    /// commitments, or one time in 4 any CUs. Candidates that cannot serve are skipped; a deal that cannot pay
    /// refuses them all.
    function matchDeal(uint256 dealSeed, uint256 unitSeed, uint256 count, uint256 callerSeed) external synced {
        if (deals.length == 0 || units.length == 0) return;
        address deal = deals[dealSeed % deals.length];
        bytes32[] memory candidates = new bytes32[](_bound(count, 1, 3));
        bool any = (count >> 128) % 4 == 0;
        uint256 k;
        for (uint256 i; i < units.length && k < candidates.length; ++i) {
            bytes32 unitId = units[(unitSeed % units.length + i) % units.length];
            if (any || (_committed(unitId) && !_serving(unitId))) candidates[k++] = unitId;
        }
        if (k == 0) return;
        assembly ("memory-safe") {
            mstore(candidates, k)
        }
        address caller = callerSeed % 2 == 0 ? ownerOf[deal] : providers[callerSeed % providers.length];
        _try(caller, address(factory), abi.encodeCall(DealFactory.matchDeal, (deal, candidates)), "matchDeal");
    }

    /// @notice The provider or the operator of a CU serving a running deal registers or replaces its worker.
    function setWorker(uint256 unitSeed, uint256 workerSeed) external synced {
        (bytes32 unitId, bool found) = _pick(units, unitSeed, _serving);
        if (!found) return;
        Deal deal = Deal(capacity.dealOf(unitId));
        address caller = workerSeed % 2 == 0 ? operator : providerOfPeer[peerOfUnit[unitId]];
        bytes memory call = abi.encodeCall(Deal.setWorker, (unitId, keccak256(abi.encode(workerSeed))));
        _mustUnlessEnded(deal, caller, call, "setWorker");
    }

    /// @notice A CU leaves its deal, returned by its provider, its operator or the deal's owner.
    function returnUnit(uint256 unitSeed, uint256 callerSeed) external synced {
        (bytes32 unitId, bool found) = _pick(units, unitSeed, _serving);
        if (!found) return;
        address deal = capacity.dealOf(unitId);
        uint256 pick = callerSeed % 3;
        address caller = pick == 0 ? operator : pick == 1 ? ownerOf[deal] : providerOfPeer[peerOfUnit[unitId]];
        _must(caller, deal, abi.encodeCall(Deal.returnUnit, (unitId)), "returnUnit");
        assertEq(capacity.dealOf(unitId), address(0), "the CU left");
    }

    /// @notice The owner tops up a deal; an ended deal refuses.
    function topUp(uint256 dealSeed, uint256 amount) external synced {
        if (deals.length == 0) return;
        Deal deal = Deal(deals[dealSeed % deals.length]);
        amount = _bound(amount, 1, 20 * price0);
        _mustUnlessEnded(deal, ownerOf[address(deal)], abi.encodeCall(Deal.deposit, (amount)), "topUp");
    }

    /// @notice The owner withdraws up to what it may (the floor stays while the deal runs), or one token more,
    /// which is refused.
    function withdraw(uint256 dealSeed, uint256 amount) external synced {
        if (deals.length == 0) return;
        Deal deal = Deal(deals[dealSeed % deals.length]);
        uint256 available = _withdrawable(deal);
        amount = _bound(amount, 1, available + 1);
        bytes memory call = abi.encodeCall(Deal.withdraw, (amount));
        if (amount <= available) _must(ownerOf[address(deal)], address(deal), call, "withdraw");
        else _expectRefusal(ownerOf[address(deal)], address(deal), call, IDeal.WithdrawalTooLarge.selector);
    }

    /// @notice The owner stops a running deal.
    function stop(uint256 dealSeed) external synced {
        if (deals.length == 0) return;
        Deal deal = Deal(deals[dealSeed % deals.length]);
        _mustUnlessEnded(deal, ownerOf[address(deal)], abi.encodeCall(Deal.stop, ()), "stop");
    }

    /// @notice A provider claims what a deal owes it, and gets exactly that.
    function claimPay(uint256 dealSeed, uint256 providerSeed) external synced {
        if (deals.length == 0) return;
        Deal deal = Deal(deals[dealSeed % deals.length]);
        address p = providers[providerSeed % providers.length];
        _claim(deal, p);
    }

    // ------------------------------------------------------------------ wind-down (not a fuzzed action)

    /// @notice Liveness: every deal is stopped and emptied (every CU returned, every provider paid, the rest to its
    /// owner); then the clock passes every end and vesting period, every commitment is finished or removed and
    /// everything vested is withdrawn; the owner takes the reserve back.
    function windDown() external synced {
        for (uint256 i; i < deals.length; ++i) {
            _closeDeal(Deal(deals[i]));
        }
        uint256 target = _epoch();
        for (uint256 i; i < commitments.length; ++i) {
            uint256 end = capacity.commitment(commitments[i]).endEpoch;
            if (end > target) target = end;
        }
        _warpTo(target + 2 * longestVesting + 1, 0);
        for (uint256 i; i < commitments.length; ++i) {
            _closeCommitment(commitments[i]);
        }
        uint256 reserve = capacity.rewardReserve();
        if (reserve != 0) _withdrawReserve(reserve);
    }

    // ------------------------------------------------------------------ views for the suite

    function peerList() external view returns (bytes32[] memory) {
        return peers;
    }

    function unitList() external view returns (bytes32[] memory) {
        return units;
    }

    function dealList() external view returns (address[] memory) {
        return deals;
    }

    function commitmentList() external view returns (uint256[] memory) {
        return commitments;
    }

    // ------------------------------------------------------------------ internals: capacity

    function _deposit(uint256 id, address who) internal {
        _must(who, address(capacity), abi.encodeCall(Capacity.depositCollateral, (id)), "depositCollateral");
    }

    function _finish(uint256 id, address caller) internal {
        _must(caller, address(capacity), abi.encodeCall(Capacity.finishCommitment, (id)), "finishCommitment");
        assertFalse(capacity.locksPeer(id), "finishing releases the peer");
    }

    function _withdrawRewards(uint256 id, address who) internal {
        uint256 before = stake.balanceOf(who);
        ICapacity.Accounting memory a = capacity.accounting(id);
        ICapacity.Commitment memory c = capacity.commitment(id);
        uint256 due =
            (who == c.provider ? a.providerWithdrawable : 0) + (who == c.delegator ? a.delegatorWithdrawable : 0);
        _must(who, address(capacity), abi.encodeCall(Capacity.withdrawRewards, (id)), "withdrawRewards");
        assertEq(stake.balanceOf(who) - before, due, "paid what was withdrawable");
    }

    function _closeCommitment(uint256 id) internal {
        ICapacity.Status status = capacity.status(id);
        if (status == ICapacity.Status.WaitDelegation) {
            _must(
                capacity.commitment(id).provider,
                address(capacity),
                abi.encodeCall(Capacity.removeCommitment, (id)),
                "removeCommitment"
            );
            return;
        }
        if (status == ICapacity.Status.Inactive || status == ICapacity.Status.Failed) _finish(id, stranger);
        ICapacity.Commitment memory c = capacity.commitment(id);
        ICapacity.Accounting memory a = capacity.accounting(id);
        if (a.providerWithdrawable != 0) _withdrawRewards(id, c.provider);
        if (capacity.accounting(id).delegatorWithdrawable != 0) _withdrawRewards(id, c.delegator);
    }

    /// @dev Every CU that may prove reaches the epoch's minimum, one CU per batch; a CU serving a deal must be
    /// refused.
    function _proveAll(uint256 seed) internal {
        uint256 minProofs = core.paramsAt(_epoch()).minProofsPerEpoch;
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[i];
            if ((seed >> i) % 8 == 0) continue;
            if (capacity.isInDeal(unitId)) {
                _expectRefusal(operator, address(capacity), _proofsCall(unitId, 1), "proveInDeal");
                continue;
            }
            if (!_committed(unitId)) continue;
            ICapacity.UnitState memory st = capacity.unitState(unitId);
            uint256 have = st.epoch == _epoch() ? st.proofs : 0;
            if (have < minProofs) _try(operator, address(capacity), _proofsCall(unitId, minProofs - have), "prove");
        }
    }

    /// @dev Whether the CU's peer has a commitment in its active period (the CU may still rest, having left a deal
    /// in this epoch).
    function _committed(bytes32 unitId) internal view returns (bool) {
        if (removed[unitId]) return false;
        uint256 id = market.peer(peerOfUnit[unitId]).commitmentId;
        return id != 0 && capacity.status(id) == ICapacity.Status.Active;
    }

    function _proofsCall(bytes32 unitId, uint256 count) internal view returns (bytes memory) {
        (uint256 epoch, bytes32 globalNonce, uint256 difficulty) = capacity.epochChallenge();
        ICapacity.UnitState memory st = capacity.unitState(unitId);
        uint256 from = st.epoch == epoch ? st.nextNonce : 0;
        (ICapacity.Proof[] memory proofs,) = Prover.find(globalNonce, difficulty, unitId, count, from);
        return abi.encodeCall(Capacity.submitProofs, (proofs));
    }

    function _pickCommitment(uint256 seed, ICapacity.Status status) internal view returns (uint256, bool) {
        uint256 n = commitments.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = commitments[(seed % n + i) % n];
            if (capacity.status(id) == status) return (id, true);
        }
        return (0, false);
    }

    // ------------------------------------------------------------------ internals: deals

    function _claim(Deal deal, address p) internal {
        uint256 due = deal.providerPay(p).due;
        if (due == 0) return;
        IERC20 token = IERC20(deal.terms().paymentToken);
        uint256 before = token.balanceOf(p);
        _must(p, address(deal), abi.encodeCall(Deal.claimProviderPay, ()), "claimPay");
        assertEq(token.balanceOf(p) - before, due, "claimed what was due");
    }

    function _running() internal view returns (uint256 count) {
        for (uint256 i; i < deals.length; ++i) {
            if (Deal(deals[i]).status() != IDeal.Status.Ended) ++count;
        }
    }

    function _withdrawable(Deal deal) internal view returns (uint256) {
        uint256 balance = deal.billing().balance;
        if (deal.status() == IDeal.Status.Ended) return balance;
        uint256 floor = deal.minBalance();
        return balance > floor ? balance - floor : 0;
    }

    function _closeDeal(Deal deal) internal {
        address dealOwner = ownerOf[address(deal)];
        _mustUnlessEnded(deal, dealOwner, abi.encodeCall(Deal.stop, ()), "stop");
        for (uint256 i; i < units.length; ++i) {
            if (capacity.dealOf(units[i]) != address(deal)) continue;
            _must(stranger, address(deal), abi.encodeCall(Deal.returnUnit, (units[i])), "returnUnit");
        }
        for (uint256 i; i < providers.length; ++i) {
            _claim(deal, providers[i]);
        }
        uint256 balance = deal.billing().balance;
        if (balance != 0) _must(dealOwner, address(deal), abi.encodeCall(Deal.withdraw, (balance)), "withdraw");
    }

    /// @dev Runs `call` unless the deal has ended, in which case it must be refused with DealEnded.
    function _mustUnlessEnded(Deal deal, address caller, bytes memory call, string memory action) internal {
        if (deal.status() == IDeal.Status.Ended) _expectRefusal(caller, address(deal), call, IDeal.DealEnded.selector);
        else _must(caller, address(deal), call, action);
    }

    // ------------------------------------------------------------------ internals: market

    function _track(address p, IMarket.PeerInput memory input) internal {
        bytes32 peerId = Ids.peerId(p, input.publicKey);
        peers.push(peerId);
        providerOfPeer[peerId] = p;
        for (uint256 i; i < input.unitLabels.length; ++i) {
            units.push(_unit(peerId, input.unitLabels[i]));
        }
    }

    function _unit(bytes32 peerId, bytes32 label) internal returns (bytes32 unitId) {
        unitId = Ids.unitId(peerId, label);
        peerOfUnit[unitId] = peerId;
    }

    function _newKey() internal returns (bytes32) {
        return keccak256(abi.encode("system", ++keySeed));
    }

    function _labels(uint256 n) internal returns (bytes32[] memory labels) {
        labels = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            labels[i] = _newKey();
        }
    }

    /// @dev The CUs of `peerId` the market still lists.
    function _unitsOf(bytes32 peerId) internal view returns (bytes32[] memory list) {
        list = new bytes32[](units.length);
        uint256 k;
        for (uint256 i; i < units.length; ++i) {
            if (peerOfUnit[units[i]] == peerId && _listed(units[i])) list[k++] = units[i];
        }
        assembly ("memory-safe") {
            mstore(list, k)
        }
    }

    function _listed(bytes32 unitId) internal view returns (bool) {
        return !removed[unitId];
    }

    function _serving(bytes32 unitId) internal view returns (bool) {
        return capacity.dealOf(unitId) != address(0);
    }

    /// @dev A listed peer that no commitment holds.
    function _free(bytes32 peerId) internal view returns (bool) {
        return !removed[peerId] && !capacity.locksPeer(market.peer(peerId).commitmentId);
    }

    /// @dev The first id of `list` from `seed` on (wrapping around) that `ok` accepts.
    function _pick(bytes32[] storage list, uint256 seed, function(bytes32) internal view returns (bool) ok)
        internal
        view
        returns (bytes32, bool)
    {
        uint256 n = list.length;
        for (uint256 i; i < n; ++i) {
            bytes32 id = list[(seed % n + i) % n];
            if (ok(id)) return (id, true);
        }
        return (0, false);
    }

    function _one(bytes32 id) internal pure returns (bytes32[] memory ids) {
        ids = new bytes32[](1);
        ids[0] = id;
    }
}
