// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Core} from "../../../contracts/core/Core.sol";
import {Market} from "../../../contracts/market/Market.sol";
import {Capacity} from "../../../contracts/capacity/Capacity.sol";
import {TestToken} from "../../../contracts/dev/TestToken.sol";
import {Params} from "../../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../../contracts/interfaces/ICapacity.sol";
import {Prover} from "../../utils/Prover.sol";
import {ClockedHandler} from "./ClockedHandler.sol";

/// @notice Drives the deployed protocol with bounded, valid actions (each one skips when it has no valid target)
/// and keeps ghost records of every token moved and every proof counted. It is also the deal module and the only
/// deal it knows, so it can move CUs in and out of deals.
/// @dev The clock lives in ClockedHandler: every action first warps to `time`; the invariants warp to it too.
contract CapacityHandler is ClockedHandler {
    uint256 internal constant MAX_PEERS = 8;
    uint256 internal constant MAX_UNITS_PER_PEER = 4;
    uint256 internal constant MAX_EXTRA_DURATION = 3;
    uint256 internal constant MAX_PROOFS_PER_CALL = 4;
    uint256 internal constant MAX_FUNDING = 5000 ether;
    uint256 internal constant BPS = 10_000;

    Market internal immutable market;
    Capacity internal immutable capacity;
    TestToken internal immutable stake;
    address internal immutable owner;
    address internal immutable treasury;
    address internal immutable provider;
    address internal immutable operator;
    address internal immutable stranger;
    address[] internal delegators;

    uint256 public immutable minProofs;
    uint256 public immutable maxProofs;
    uint256 internal immutable minDuration;
    uint256 public immutable vestingPeriod;
    uint256 internal immutable rewardPerEpoch;

    // ------------------------------------------------------------------ what exists

    bytes32[] internal peers;
    bytes32[] internal units;
    mapping(bytes32 peerId => bytes32[]) internal unitsOf;
    mapping(bytes32 unitId => bytes32) public peerOfUnit;
    uint256[] internal ids;
    mapping(uint256 id => bytes32) public peerOfCommitment;
    mapping(bytes32 peerId => uint256[]) internal commitmentsOf;
    mapping(bytes32 unitId => bool) public inDeal;
    mapping(bytes32 unitId => uint256) internal leftDealIn; // epoch of the last departure: the CU rests in it
    uint256 internal idSeed;

    // ------------------------------------------------------------------ ghosts

    uint256 public immutable initialReserve;
    uint256 public ghostFunded;
    uint256 public ghostReserveWithdrawn;
    uint256 public ghostAllocated; // sum of the epoch pools taken from the reserve
    uint256 public ghostCollateralDeposited;
    uint256 public ghostCollateralReturned;
    uint256 public ghostSlashed;
    uint256 public ghostWithdrawnTotal;
    mapping(uint256 id => uint256) public ghostWithdrawn;
    mapping(uint256 epoch => uint256) public ghostEpochProofs; // successful proofs counted in the epoch
    mapping(bytes32 unitId => mapping(uint256 epoch => uint256)) public ghostUnitProofs;
    mapping(uint256 epoch => uint256) public ghostRewardedCommitments; // commitments with successful proofs
    mapping(uint256 id => uint256) internal lastRewardedEpoch;
    uint256 public ghostRewardedPairs; // (commitment, epoch) pairs with successful proofs
    uint256 public ghostRewardedEpochs; // epochs with successful proofs
    mapping(string action => uint256) public executed;

    constructor(
        Core core_,
        Market market_,
        Capacity capacity_,
        TestToken stake_,
        address owner_,
        address treasury_,
        address provider_,
        address operator_,
        address stranger_,
        address[] memory delegators_
    ) ClockedHandler(core_) {
        market = market_;
        capacity = capacity_;
        stake = stake_;
        owner = owner_;
        treasury = treasury_;
        provider = provider_;
        operator = operator_;
        stranger = stranger_;
        delegators = delegators_;
        Params memory p = core_.params();
        minProofs = p.minProofsPerEpoch;
        maxProofs = p.maxProofsPerEpoch;
        minDuration = p.minCommitmentDuration;
        vestingPeriod = p.vestingPeriod;
        rewardPerEpoch = p.rewardPerEpoch;
        initialReserve = capacity_.rewardReserve();
    }

    // ------------------------------------------------------------------ actions: market and commitments

    /// @notice The provider registers an offer with one peer of 1 to 4 CUs.
    function registerPeer(uint256 unitSeed) external synced {
        if (peers.length >= MAX_PEERS) return;
        uint256 n = _bound(unitSeed, 1, MAX_UNITS_PER_PEER);
        IMarket.PeerInput[] memory input = new IMarket.PeerInput[](1);
        input[0] = IMarket.PeerInput({publicKey: _newId(), operator: operator, unitLabels: new bytes32[](n)});
        for (uint256 i; i < n; ++i) {
            input[0].unitLabels[i] = _newId();
        }
        vm.prank(provider);
        market.registerOffer(1e6, address(stake), new bytes32[](0), input);
        bytes32 peerId = market.peerIdOf(provider, input[0].publicKey);
        peers.push(peerId);
        for (uint256 i; i < n; ++i) {
            bytes32 unitId = market.unitIdOf(peerId, input[0].unitLabels[i]);
            unitsOf[peerId].push(unitId);
            units.push(unitId);
            peerOfUnit[unitId] = peerId;
        }
        ++executed["registerPeer"];
    }

    /// @notice The provider commits a free peer, naming one of the delegators or leaving it open.
    function createCommitment(uint256 peerSeed, uint256 durationSeed, uint256 delegatorSeed, uint256 shareSeed)
        external
        synced
    {
        bytes32 peerId;
        for (uint256 i; i < peers.length; ++i) {
            bytes32 candidate = peers[(peerSeed % peers.length + i) % peers.length];
            uint256 latest = market.peer(candidate).commitmentId;
            if (latest == 0 || !capacity.locksPeer(latest)) {
                peerId = candidate;
                break;
            }
        }
        if (peerId == 0) return;
        uint256 duration = _bound(durationSeed, minDuration, minDuration + MAX_EXTRA_DURATION);
        uint256 pick = delegatorSeed % (delegators.length + 1);
        address delegator = pick == delegators.length ? address(0) : delegators[pick];
        vm.prank(provider);
        uint256 id = capacity.createCommitment(peerId, duration, delegator, _bound(shareSeed, 0, BPS));
        assertEq(id, capacity.commitmentCount(), "commitment id");
        ids.push(id);
        peerOfCommitment[id] = peerId;
        commitmentsOf[peerId].push(id);
        ++executed["createCommitment"];
    }

    function removeCommitment(uint256 seed) external synced {
        (uint256 id, bool found) = _pick(seed, _isWaiting);
        if (!found) return;
        vm.prank(provider);
        capacity.removeCommitment(id);
        ++executed["removeCommitment"];
    }

    /// @notice The named delegator (or any of them for an open commitment) deposits the collateral.
    function depositCollateral(uint256 seed, uint256 depositorSeed) external synced {
        (uint256 id, bool found) = _pick(seed, _isWaiting);
        if (!found) return;
        ICapacity.Commitment memory c = capacity.commitment(id);
        address depositor = c.delegator != address(0) ? c.delegator : delegators[depositorSeed % delegators.length];
        uint256 amount = c.unitCount * c.collateralPerUnit;
        uint256 before = stake.balanceOf(depositor);
        vm.prank(depositor);
        capacity.depositCollateral(id);
        assertEq(before - stake.balanceOf(depositor), amount, "collateral pulled");
        ghostCollateralDeposited += amount;
        ++executed["depositCollateral"];
    }

    /// @notice Anyone finishes a commitment that ended or failed; the delegator gets its collateral less the
    /// slashing the accounting view announced, the treasury the slashing.
    function finishCommitment(uint256 seed) external synced {
        (uint256 id, bool found) = _pick(seed, _isFinishable);
        if (!found) return;
        _finish(id);
        ++executed["finishCommitment"];
    }

    /// @notice The provider or the delegator withdraws what has vested for them.
    function withdrawRewards(uint256 seed, uint256 whoSeed) external synced {
        (uint256 id, bool found) = _pick(seed, _hasWithdrawable);
        if (!found) return;
        ICapacity.Commitment memory c = capacity.commitment(id);
        ICapacity.Accounting memory a = capacity.accounting(id);
        address who = whoSeed % 2 == 0 ? c.provider : c.delegator;
        if (_due(c, a, who) == 0) who = who == c.provider ? c.delegator : c.provider;
        _withdraw(id, c, a, who);
        ++executed["withdrawRewards"];
    }

    function fundRewards(uint256 amountSeed) external synced {
        uint256 amount = _bound(amountSeed, 1, MAX_FUNDING);
        vm.prank(owner);
        capacity.fundRewards(amount);
        ghostFunded += amount;
        ++executed["fundRewards"];
    }

    /// @notice The owner returns part or all of the reserve to the treasury.
    function withdrawRewardReserve(uint256 amountSeed) external synced {
        uint256 reserve = capacity.rewardReserve();
        if (reserve == 0) return;
        uint256 amount = _bound(amountSeed, 1, reserve);
        uint256 before = stake.balanceOf(treasury);
        vm.prank(owner);
        capacity.withdrawRewardReserve(amount);
        assertEq(stake.balanceOf(treasury) - before, amount, "reserve to treasury");
        ghostReserveWithdrawn += amount;
        ++executed["withdrawRewardReserve"];
    }

    // ------------------------------------------------------------------ actions: proofs, deals, time

    /// @notice The operator submits 1 to 4 valid proofs for one CU of an active commitment (often exactly what
    /// the CU needs to reach the minimum).
    function submitProofs(uint256 seed, uint256 unitSeed, uint256 countSeed) external synced {
        (uint256 id, bool found) = _pick(seed, _isActive);
        if (!found) return;
        bytes32[] storage peerUnits = unitsOf[peerOfCommitment[id]];
        uint256 epoch = _epoch();
        for (uint256 i; i < peerUnits.length; ++i) {
            bytes32 unitId = peerUnits[(unitSeed % peerUnits.length + i) % peerUnits.length];
            uint256 have = ghostUnitProofs[unitId][epoch];
            if (!_canProve(unitId, epoch) || have >= maxProofs) continue;
            uint256 room = maxProofs - have;
            uint256 cap = room < MAX_PROOFS_PER_CALL ? room : MAX_PROOFS_PER_CALL;
            uint256 count = countSeed % 2 == 0 && have < minProofs ? minProofs - have : _bound(countSeed >> 1, 1, cap);
            if (count > cap) count = cap;
            bytes32[] memory one = new bytes32[](1);
            one[0] = unitId;
            uint256[] memory counts = new uint256[](1);
            counts[0] = count;
            _prove(id, one, counts);
            ++executed["submitProofs"];
            return;
        }
    }

    /// @notice The operator brings every CU of an active commitment that can still prove to the minimum, in one
    /// batch, as a peer's prover does.
    function proveCommitment(uint256 seed) external synced {
        (uint256 id, bool found) = _pick(seed, _isActive);
        if (found && _proveToMinimum(id)) ++executed["proveCommitment"];
    }

    /// @notice As the deal module: the handler itself is a deal.
    function isDeal(address account) external view returns (bool) {
        return account == address(this);
    }

    /// @notice The deal asks for a CU that can join (from `seed` on), or, when none can, for the CU at `seed`: the
    /// hook must answer what the handler's records predict.
    function joinDeal(uint256 seed) external synced {
        uint256 n = units.length;
        if (n == 0) return;
        bytes32 unitId = units[seed % n];
        for (uint256 i; i < n; ++i) {
            bytes32 candidate = units[(seed % n + i) % n];
            if (_joinResult(candidate) == ICapacity.JoinResult.Joined) {
                unitId = candidate;
                break;
            }
        }
        ICapacity.JoinResult expected = _joinResult(unitId);
        assertEq(
            uint8(capacity.onUnitJoinedDeal(unitId, market.unit(unitId).commitmentId)), uint8(expected), "join result"
        );
        if (expected != ICapacity.JoinResult.Joined) {
            assertEq(capacity.dealOf(unitId), inDeal[unitId] ? address(this) : address(0), "refused: deal unchanged");
            ++executed["joinDealRefused"];
            return;
        }
        inDeal[unitId] = true;
        assertEq(capacity.dealOf(unitId), address(this), "in deal");
        ++executed["joinDeal"];
    }

    /// @notice The deal module releases a CU; it rests for the rest of the epoch.
    function leaveDeal(uint256 seed) external synced {
        if (units.length == 0) return;
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[(seed % units.length + i) % units.length];
            if (!inDeal[unitId]) continue;
            capacity.onUnitLeftDeal(unitId, market.unit(unitId).commitmentId);
            inDeal[unitId] = false;
            leftDealIn[unitId] = _epoch();
            assertEq(capacity.dealOf(unitId), address(0), "left deal");
            ++executed["leaveDeal"];
            return;
        }
    }

    /// @notice Moves the clock 1 to 3 epochs forward (to a random second of the epoch) and advances the epoch. Half
    /// of the time a diligent operator first brings every active commitment to the minimum in the epoch that ends.
    function warp(uint256 seed) external synced {
        if ((seed >> 128) % 2 == 0) {
            for (uint256 i; i < ids.length; ++i) {
                if (_isActive(ids[i]) && _proveToMinimum(ids[i])) ++executed["proveCommitment"];
            }
        }
        _warpTo(_epoch() + _bound(seed, 1, 3), seed >> 8);
        ++executed["warp"];
    }

    /// @notice Moves the clock to the end epoch of a deposited commitment, so that it can be finished.
    function warpToEnd(uint256 seed) external synced {
        (uint256 id, bool found) = _pick(seed, _isDeposited);
        if (!found) return;
        uint256 end = capacity.commitment(id).endEpoch;
        if (end <= _epoch()) return;
        _warpTo(end, seed >> 8);
        ++executed["warpToEnd"];
    }

    // ------------------------------------------------------------------ wind-down (not a fuzzed action)

    /// @notice Releases every CU from its deal, moves past every end and vesting period, finishes every deposited
    /// commitment, removes every waiting one and withdraws everything vested for everyone.
    function windDown() external synced {
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[i];
            if (!inDeal[unitId]) continue;
            capacity.onUnitLeftDeal(unitId, market.unit(unitId).commitmentId);
            inDeal[unitId] = false;
            assertEq(capacity.dealOf(unitId), address(0), "every CU can leave its deal");
        }
        uint256 target = _epoch();
        for (uint256 i; i < ids.length; ++i) {
            if (!_isDeposited(ids[i])) continue;
            uint256 end = capacity.commitment(ids[i]).endEpoch;
            if (end > target) target = end;
        }
        _warpTo(target + 2 * vestingPeriod + 1, 0);
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            if (_isDeposited(id)) {
                _finish(id);
            } else if (_isWaiting(id)) {
                vm.prank(provider);
                capacity.removeCommitment(id);
            }
        }
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            ICapacity.Commitment memory c = capacity.commitment(id);
            if (c.stage != ICapacity.Stage.Finished) continue;
            ICapacity.Accounting memory a = capacity.accounting(id);
            if (a.providerWithdrawable != 0) _withdraw(id, c, a, c.provider);
            a = capacity.accounting(id);
            if (a.delegatorWithdrawable != 0) _withdraw(id, c, a, c.delegator);
        }
    }

    // ------------------------------------------------------------------ views for the invariants

    /// @notice The id `_newId` will give `k` calls from now: registerPeer takes the peer's key, then its CU labels.
    function upcomingId(uint256 k) external view returns (bytes32) {
        return keccak256(abi.encode("handler", idSeed + 1 + k));
    }

    function commitmentIds() external view returns (uint256[] memory) {
        return ids;
    }

    function peerIds() external view returns (bytes32[] memory) {
        return peers;
    }

    function unitIds() external view returns (bytes32[] memory) {
        return units;
    }

    /// @notice The peer's CUs in a deal, by the handler's records.
    function unitsInDeal(bytes32 peerId) external view returns (uint256 count) {
        bytes32[] storage peerUnits = unitsOf[peerId];
        for (uint256 i; i < peerUnits.length; ++i) {
            if (inDeal[peerUnits[i]]) ++count;
        }
    }

    function commitmentsOfPeer(bytes32 peerId) external view returns (uint256[] memory) {
        return commitmentsOf[peerId];
    }

    function delegatorList() external view returns (address[] memory) {
        return delegators;
    }

    /// @notice Successful proofs of `epoch` summed over the ghost record of every CU: a CU's proofs count once it
    /// reaches the minimum.
    function successfulProofs(uint256 epoch) external view returns (uint256 total) {
        for (uint256 i; i < units.length; ++i) {
            uint256 count = ghostUnitProofs[units[i]][epoch];
            if (count >= minProofs) total += count;
        }
    }

    /// @notice Collateral deposited and not yet returned or slashed.
    function collateralOwed() external view returns (uint256) {
        return ghostCollateralDeposited - ghostCollateralReturned - ghostSlashed;
    }

    // ------------------------------------------------------------------ internals

    function _warpTo(uint256 epoch, uint256 offsetSeed) internal {
        _moveClock(epoch, offsetSeed);
        capacity.advanceEpoch();
    }

    function _newId() internal returns (bytes32) {
        return keccak256(abi.encode("handler", ++idSeed));
    }

    function _stage(uint256 id) internal view returns (ICapacity.Stage) {
        return capacity.commitment(id).stage;
    }

    function _isWaiting(uint256 id) internal view returns (bool) {
        return _stage(id) == ICapacity.Stage.WaitDelegation;
    }

    function _isDeposited(uint256 id) internal view returns (bool) {
        return _stage(id) == ICapacity.Stage.Deposited;
    }

    function _isActive(uint256 id) internal view returns (bool) {
        return capacity.status(id) == ICapacity.Status.Active;
    }

    function _isFinishable(uint256 id) internal view returns (bool) {
        ICapacity.Status s = capacity.status(id);
        return s == ICapacity.Status.Inactive || s == ICapacity.Status.Failed;
    }

    function _hasWithdrawable(uint256 id) internal view returns (bool) {
        ICapacity.Stage stage = _stage(id);
        if (stage != ICapacity.Stage.Deposited && stage != ICapacity.Stage.Finished) return false;
        ICapacity.Accounting memory a = capacity.accounting(id);
        return a.providerWithdrawable + a.delegatorWithdrawable != 0;
    }

    /// @dev The first commitment from `seed` on (cyclically) that satisfies `ok`.
    function _pick(uint256 seed, function(uint256) internal view returns (bool) ok)
        internal
        view
        returns (uint256 id, bool found)
    {
        uint256 n = ids.length;
        for (uint256 i; i < n; ++i) {
            id = ids[(seed % n + i) % n];
            if (ok(id)) return (id, true);
        }
        return (0, false);
    }

    /// @dev What the deal hook answers for the CU: it joins when free and its peer's latest commitment is active.
    function _joinResult(bytes32 unitId) internal view returns (ICapacity.JoinResult) {
        if (inDeal[unitId]) return ICapacity.JoinResult.UnitInDeal;
        uint256 latest = market.peer(peerOfUnit[unitId]).commitmentId;
        if (latest == 0 || !_isActive(latest)) return ICapacity.JoinResult.CommitmentNotActive;
        return ICapacity.JoinResult.Joined;
    }

    /// @dev A CU proves when it is not in a deal and did not leave one in this epoch.
    function _canProve(bytes32 unitId, uint256 epoch) internal view returns (bool) {
        return !inDeal[unitId] && leftDealIn[unitId] != epoch;
    }

    function _due(ICapacity.Commitment memory c, ICapacity.Accounting memory a, address who)
        internal
        pure
        returns (uint256 due)
    {
        if (who == c.provider) due += a.providerWithdrawable;
        if (who == c.delegator) due += a.delegatorWithdrawable;
    }

    function _withdraw(uint256 id, ICapacity.Commitment memory c, ICapacity.Accounting memory a, address who) internal {
        uint256 due = _due(c, a, who);
        uint256 before = stake.balanceOf(who);
        vm.prank(who);
        uint256 amount = capacity.withdrawRewards(id);
        assertEq(amount, due, "withdrawn == withdrawable");
        assertEq(stake.balanceOf(who) - before, amount, "paid");
        ghostWithdrawn[id] += amount;
        ghostWithdrawnTotal += amount;
    }

    function _finish(uint256 id) internal {
        ICapacity.Commitment memory c = capacity.commitment(id);
        uint256 collateral = c.unitCount * c.collateralPerUnit;
        uint256 slashed = capacity.accounting(id).slashed;
        uint256 delegatorBefore = stake.balanceOf(c.delegator);
        uint256 treasuryBefore = stake.balanceOf(treasury);
        vm.prank(stranger);
        capacity.finishCommitment(id);
        assertEq(stake.balanceOf(c.delegator) - delegatorBefore, collateral - slashed, "collateral returned");
        assertEq(stake.balanceOf(treasury) - treasuryBefore, slashed, "slashed to treasury");
        ghostCollateralReturned += collateral - slashed;
        ghostSlashed += slashed;
    }

    /// @dev Submits `counts[i]` valid proofs for `unitIds_[i]` in one batch and records what it adds.
    function _prove(uint256 id, bytes32[] memory unitIds_, uint256[] memory counts) internal {
        uint256 epoch = _epoch();
        (, bytes32 globalNonce, uint256 difficulty) = capacity.epochChallenge();
        uint256 total;
        for (uint256 i; i < counts.length; ++i) {
            total += counts[i];
        }
        ICapacity.Proof[] memory batch = new ICapacity.Proof[](total);
        uint256 k;
        for (uint256 i; i < unitIds_.length; ++i) {
            ICapacity.UnitState memory st = capacity.unitState(unitIds_[i]);
            uint256 from = st.epoch == epoch ? st.nextNonce : 0;
            (ICapacity.Proof[] memory proofs,) = Prover.find(globalNonce, difficulty, unitIds_[i], counts[i], from);
            for (uint256 j; j < proofs.length; ++j) {
                batch[k++] = proofs[j];
            }
        }
        uint256 reserveBefore = capacity.rewardReserve();
        vm.prank(operator);
        capacity.submitProofs(batch);

        uint256 added;
        for (uint256 i; i < unitIds_.length; ++i) {
            uint256 have = ghostUnitProofs[unitIds_[i]][epoch];
            uint256 now_ = have + counts[i];
            ghostUnitProofs[unitIds_[i]][epoch] = now_;
            added += _counted(now_) - _counted(have);
            assertEq(capacity.unitState(unitIds_[i]).proofs, now_, "unit proofs");
        }
        if (added == 0) return;
        if (ghostEpochProofs[epoch] == 0) {
            // The epoch's first success takes its pool from the reserve.
            uint256 pool = rewardPerEpoch < reserveBefore ? rewardPerEpoch : reserveBefore;
            (uint256 allocated,) = capacity.epochRewards(epoch);
            assertEq(allocated, pool, "pool allocated");
            assertEq(capacity.rewardReserve(), reserveBefore - pool, "reserve after allocation");
            ghostAllocated += pool;
            ++ghostRewardedEpochs;
        }
        ghostEpochProofs[epoch] += added;
        if (lastRewardedEpoch[id] != epoch) {
            lastRewardedEpoch[id] = epoch;
            ++ghostRewardedCommitments[epoch];
            ++ghostRewardedPairs;
        }
    }

    /// @dev Brings every CU of commitment `id` that can prove in this epoch to the minimum, in one batch; false
    /// when none needed a proof.
    function _proveToMinimum(uint256 id) internal returns (bool) {
        bytes32[] storage peerUnits = unitsOf[peerOfCommitment[id]];
        uint256 epoch = _epoch();
        uint256 n;
        for (uint256 i; i < peerUnits.length; ++i) {
            if (_canProve(peerUnits[i], epoch) && ghostUnitProofs[peerUnits[i]][epoch] < minProofs) ++n;
        }
        if (n == 0) return false;
        bytes32[] memory proving = new bytes32[](n);
        uint256[] memory counts = new uint256[](n);
        n = 0;
        for (uint256 i; i < peerUnits.length; ++i) {
            bytes32 unitId = peerUnits[i];
            uint256 have = ghostUnitProofs[unitId][epoch];
            if (!_canProve(unitId, epoch) || have >= minProofs) continue;
            proving[n] = unitId;
            counts[n++] = minProofs - have;
        }
        _prove(id, proving, counts);
        return true;
    }

    function _counted(uint256 count) internal view returns (uint256) {
        return count >= minProofs ? count : 0;
    }
}
