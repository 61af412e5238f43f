// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICore, Params} from "../interfaces/ICore.sol";
import {IMarket} from "../interfaces/IMarket.sol";
import {ICapacity} from "../interfaces/ICapacity.sol";
import {IProofVerifier} from "../interfaces/IProofVerifier.sol";
import {IDealRegistry} from "../interfaces/IDealRegistry.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ProtocolModule} from "../core/ProtocolModule.sol";
import {Checkpoint, Checkpoints, Settlement} from "../libraries/Checkpoints.sol";
import {Rewards, Vesting} from "../libraries/Vesting.sol";
import {CapacityState} from "./CapacityState.sol";
import {CapacityViews} from "./CapacityViews.sol";
import {DelegatedViews} from "./DelegatedViews.sol";

/// @title Capacity
/// @notice Capacity commitments, Proof of Capacity, the reward pool, vesting and slashing. Its views are served by a
/// CapacityViews contract this implementation creates and delegates them to, so that the module's own code stays far
/// below the contract size limit; callers see one ICapacity.
contract Capacity is DelegatedViews, CapacityState, ProtocolModule, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoint;
    using Vesting for Rewards;
    using TransientSlot for TransientSlot.AddressSlot;

    /// @dev Transient: the deal the deal module last vouched for in this transaction, so that a deal matching
    /// several CUs asks once. keccak256("cloudless.capacity.verifiedDeal") - 1
    bytes32 private constant VERIFIED_DEAL_SLOT = 0x3227cede783ee9b76311465b556d836369c24c9ec727883bac714d9974680c55;

    IMarket public immutable market;
    IERC20 internal immutable STAKING_TOKEN;
    /// @dev The deal module is part of the implementation: its address (a proxy) never changes, and reading it
    /// costs no storage access in the deal hooks. Replacing it is an upgrade.
    IDealRegistry internal immutable DEAL_MODULE;

    /// @param dealModule_ Whose `isDeal` says which contracts may call the deal hooks; 0 disables them.
    constructor(ICore core_, IMarket market_, IERC20 stakingToken_, IDealRegistry dealModule_)
        ProtocolModule(core_)
        DelegatedViews(address(new CapacityViews(core_, stakingToken_, dealModule_)))
    {
        market = market_;
        STAKING_TOKEN = stakingToken_;
        DEAL_MODULE = dealModule_;
    }

    function initialize() external initializer {}

    // ---------------------------------------------------------------- epochs

    /// @inheritdoc ICapacity
    function advanceEpoch() external {
        _epochState(_s());
    }

    /// @dev The current epoch's state, rotating the global nonce and snapshotting parameters when it is stale.
    function _epochState(CapacityStorage storage s) private returns (EpochState storage e) {
        e = s.epoch;
        uint256 epoch = _currentEpoch();
        if (e.epoch == epoch && e.verifier != address(0)) return e;
        Params memory p = core.paramsAt(epoch);
        address verifier = core.verifier();
        bytes32 nonce = IProofVerifier(verifier).epochNonce(e.globalNonce, epoch);
        e.epoch = SafeCast.toUint32(epoch);
        e.minProofs = p.minProofsPerEpoch;
        e.maxProofs = p.maxProofsPerEpoch;
        e.verifier = verifier;
        e.slashingRateBps = p.slashingRateBps;
        e.maxFailedRatio = p.maxFailedRatio;
        e.globalNonce = nonce;
        e.difficulty = p.difficulty;
        e.rewardPerEpoch = p.rewardPerEpoch;
        e.collateralPerUnit = p.collateralPerUnit;
        e.vestingPeriod = p.vestingPeriod;
        e.minCommitmentDuration = p.minCommitmentDuration;
        emit EpochAdvanced(epoch, nonce, p.difficulty);
    }

    // ---------------------------------------------------------------- commitments

    /// @inheritdoc ICapacity
    function createCommitment(bytes32 peerId, uint256 duration, address delegator, uint256 delegatorShareBps)
        external
        returns (uint256 id)
    {
        CapacityStorage storage s = _s();
        (IMarket.Peer memory peer, address owner) = market.peerWithProvider(peerId);
        if (owner != msg.sender) revert NotProvider(msg.sender);
        if (peer.commitmentId != 0 && _locksPeer(s, peer.commitmentId)) {
            revert PeerAlreadyCommitted(peerId, peer.commitmentId);
        }
        if (peer.unitCount == 0) revert PeerHasNoUnits(peerId);
        uint32 inDeals = peer.commitmentId == 0 ? 0 : s.commitments[peer.commitmentId].checkpoint.unitsInDeal;
        EpochState storage p = _epochState(s);
        uint256 minDuration = p.minCommitmentDuration;
        if (duration < minDuration) revert DurationTooShort(duration, minDuration);
        if (duration > MAX_DURATION) revert DurationTooLong(duration);
        if (delegatorShareBps > BPS) revert ShareTooHigh(delegatorShareBps);
        id = ++s.commitmentCount;
        CommitmentRecord storage c = s.commitments[id];
        c.peerId = peerId;
        c.provider = msg.sender;
        c.unitCount = peer.unitCount;
        // forge-lint: disable-start(unsafe-typecast) both were range-checked above
        c.duration = uint32(duration);
        c.delegatorShareBps = uint16(delegatorShareBps);
        // forge-lint: disable-end(unsafe-typecast)
        c.stage = Stage.WaitDelegation;
        c.delegator = delegator;
        c.collateralPerUnit = p.collateralPerUnit;
        if (inDeals != 0) c.checkpoint.unitsInDeal = inDeals;
        market.setPeerCommitment(peerId, id);
        _emitCreated(id, c);
    }

    function _emitCreated(uint256 id, CommitmentRecord storage c) private {
        emit CommitmentCreated(
            id, c.peerId, c.provider, c.delegator, c.unitCount, c.duration, c.collateralPerUnit, c.delegatorShareBps
        );
    }

    /// @inheritdoc ICapacity
    function removeCommitment(uint256 id) external {
        CommitmentRecord storage c = _commitment(id);
        if (c.stage != Stage.WaitDelegation) revert WrongStage(id, c.stage);
        if (c.provider != msg.sender) revert NotProvider(msg.sender);
        c.stage = Stage.Removed;
        emit CommitmentRemoved(id);
    }

    /// @inheritdoc ICapacity
    function depositCollateral(uint256 id) external nonReentrant {
        CapacityStorage storage s = _s();
        CommitmentRecord storage c = _commitment(id);
        if (c.stage != Stage.WaitDelegation) revert WrongStage(id, c.stage);
        if (c.delegator != address(0) && c.delegator != msg.sender) revert NotDelegator(msg.sender);
        EpochState storage p = _epochState(s);
        // The price of the epoch the collateral comes in, not of the commitment's creation: a commitment waiting for
        // its delegator never locks in an old price.
        uint96 perUnit = p.collateralPerUnit;
        c.delegator = msg.sender;
        c.collateralPerUnit = perUnit;
        uint256 units = c.unitCount;
        uint256 amount = units * perUnit;
        uint256 start = _currentEpoch() + 1;
        uint256 end = start + c.duration;
        uint256 maxFailures = units * p.maxFailedRatio;
        c.stage = Stage.Deposited;
        c.terms = Terms({
            startEpoch: SafeCast.toUint32(start),
            endEpoch: SafeCast.toUint32(end),
            maxFailures: SafeCast.toUint32(maxFailures),
            vestingPeriod: p.vestingPeriod,
            slashingRateBps: p.slashingRateBps,
            failed: false,
            withdrawnByDelegator: 0,
            collateralHeld: false
        });
        uint32 inDeals = c.checkpoint.unitsInDeal;
        // forge-lint: disable-next-line(unsafe-typecast) at most unitCount, a 32-bit field
        uint32 active = uint32(units - inDeals);
        c.checkpoint = Checkpoint({
            epoch: SafeCast.toUint32(start),
            activeUnits: active,
            expected: active,
            successes: 0,
            failures: 0,
            proofs: 0,
            unitsInDeal: inDeals
        });
        s.liabilities += amount;
        // The collateral is returned in full at the end: a token that delivers less is refused.
        uint256 received = _pull(msg.sender, amount);
        if (received < amount) revert TransferShortfall(amount, received);
        emit CollateralDeposited(id, msg.sender, amount, start, end, maxFailures);
    }

    /// @inheritdoc ICapacity
    /// @dev Finishing releases the peer whatever the token does: the collateral is pushed to the delegator, and
    /// kept for it to withdraw (`withdrawCollateral`) when the push fails (a recipient the token blocks, a token
    /// returning false); slashed collateral that cannot be sent to the treasury stays as surplus, which
    /// `sweepSurplus` sends there later.
    function finishCommitment(uint256 id) external nonReentrant {
        CapacityStorage storage s = _s();
        CommitmentRecord storage c = _commitment(id);
        if (c.stage != Stage.Deposited) revert WrongStage(id, c.stage);
        uint256 epoch = _currentEpoch();
        Terms memory t = _touch(id, c, epoch);
        if (epoch < t.endEpoch) revert CommitmentNotEnded(id, t.endEpoch);
        uint256 collateral = uint256(c.unitCount) * c.collateralPerUnit;
        uint256 failures = c.checkpoint.failures;
        uint256 slashed = _slashed(failures, c.collateralPerUnit, t.slashingRateBps, collateral);
        uint256 returned = collateral - slashed;
        address delegator = c.delegator;
        c.stage = Stage.Finished;
        s.liabilities -= collateral;
        if (returned != 0 && !STAKING_TOKEN.trySafeTransfer(delegator, returned)) {
            c.terms.collateralHeld = true;
            s.liabilities += returned;
            emit CollateralHeld(id, delegator, returned);
        }
        if (slashed != 0) STAKING_TOKEN.trySafeTransfer(core.treasury(), slashed);
        emit CommitmentFinished(id, returned, slashed, failures);
    }

    /// @inheritdoc ICapacity
    function withdrawCollateral(uint256 id, address to) external nonReentrant {
        CommitmentRecord storage c = _commitment(id);
        if (c.delegator != msg.sender) revert NotDelegator(msg.sender);
        if (!c.terms.collateralHeld) revert NothingToWithdraw(id);
        uint256 collateral = uint256(c.unitCount) * c.collateralPerUnit;
        uint256 amount =
            collateral - _slashed(c.checkpoint.failures, c.collateralPerUnit, c.terms.slashingRateBps, collateral);
        c.terms.collateralHeld = false;
        _s().liabilities -= amount;
        STAKING_TOKEN.safeTransfer(to, amount);
        emit CollateralWithdrawn(id, to, amount);
    }

    // ---------------------------------------------------------------- proofs

    /// @dev What the proof loop keeps in memory while consecutive proofs share a CU or a commitment.
    struct Batch {
        uint256 epoch;
        uint256 minProofs;
        uint256 maxProofs;
        bytes32 globalNonce;
        uint256 difficulty;
        IProofVerifier verifier;
        uint256 newProofs; // successful proofs added to the epoch's total
        bytes32 unitId;
        Unit unit;
        uint256 commitmentId;
        Checkpoint checkpoint;
    }

    /// @inheritdoc ICapacity
    function submitProofs(Proof[] calldata proofs) external {
        if (proofs.length == 0) revert NoProofs();
        CapacityStorage storage s = _s();
        Batch memory b = _batch(s);
        // The first CU is always looked up: no unit id, not even 0, is taken as already checked.
        _switchUnit(s, b, proofs[0].unitId);
        for (uint256 i; i < proofs.length; ++i) {
            Proof calldata proof = proofs[i];
            if (proof.unitId != b.unitId) _switchUnit(s, b, proof.unitId);
            _count(b, proof);
        }
        _flushUnit(s, b);
        _flushCommitment(s, b);
        if (b.newProofs != 0) _addEpochProofs(s, b.epoch, b.newProofs);
    }

    function _batch(CapacityStorage storage s) private view returns (Batch memory b) {
        EpochState storage e = s.epoch;
        uint256 epoch = _currentEpoch();
        if (e.epoch != epoch || e.verifier == address(0)) revert EpochNotAdvanced(epoch);
        b.epoch = epoch;
        b.minProofs = e.minProofs;
        b.maxProofs = e.maxProofs;
        b.verifier = IProofVerifier(e.verifier);
        b.globalNonce = e.globalNonce;
        b.difficulty = e.difficulty;
    }

    function _switchUnit(CapacityStorage storage s, Batch memory b, bytes32 unitId) private {
        _flushUnit(s, b);
        (bytes32 peerId, IMarket.Peer memory peer) = market.unitPeer(unitId);
        if (peer.operator != msg.sender) revert NotOperator(peerId, msg.sender);
        uint256 id = peer.commitmentId;
        if (id == 0) revert UnitNotCommitted(unitId);
        if (id != b.commitmentId) {
            _flushCommitment(s, b);
            CommitmentRecord storage c = s.commitments[id];
            Stage stage = c.stage;
            if (stage != Stage.Deposited) {
                if (stage != Stage.WaitDelegation) revert UnitNotCommitted(unitId); // finished or removed
                revert CommitmentNotActive(id, Status.WaitDelegation);
            }
            Terms memory t = _touch(id, c, b.epoch);
            if (b.epoch < t.startEpoch || b.epoch >= t.endEpoch) {
                revert CommitmentNotActive(id, _depositedStatus(t, b.epoch));
            }
            b.commitmentId = id;
            b.checkpoint = c.checkpoint;
        }
        Unit memory u = s.units[unitId];
        if (u.flags & IN_DEAL != 0) revert UnitInDeal(unitId);
        if (u.epoch != b.epoch) {
            u.epoch = uint32(b.epoch);
            u.proofs = 0;
            u.flags = 0;
            u.nextNonce = 0;
        } else if (u.flags & RESTING != 0) {
            revert UnitResting(unitId, b.epoch);
        }
        b.unitId = unitId;
        b.unit = u;
    }

    function _count(Batch memory b, Proof calldata proof) private {
        uint256 nonce = uint256(proof.localNonce);
        Unit memory u = b.unit;
        if (nonce < u.nextNonce) revert NonceReused(proof.unitId, proof.localNonce, u.nextNonce);
        if (nonce >= MAX_NONCE) revert NonceTooLarge(proof.localNonce);
        if (uint256(b.verifier.proofHash(b.globalNonce, proof.unitId, proof.localNonce)) > b.difficulty) {
            revert InvalidProof(proof.unitId, proof.localNonce);
        }
        uint256 count = uint256(u.proofs) + 1;
        if (count > b.maxProofs) revert TooManyProofs(proof.unitId, b.maxProofs);
        // forge-lint: disable-start(unsafe-typecast) count <= maxProofs <= 1000 and nonce < MAX_NONCE, checked above
        u.proofs = uint16(count);
        u.nextNonce = uint192(nonce + 1);
        // forge-lint: disable-end(unsafe-typecast)
        if (count >= b.minProofs) {
            uint256 added = count == b.minProofs ? count : 1;
            Checkpoint memory cp = b.checkpoint;
            if (count == b.minProofs) {
                ++cp.successes;
                u.flags |= SUCCEEDED;
            }
            cp.proofs += SafeCast.toUint64(added);
            b.newProofs += added;
        }
        emit ProofSubmitted(b.commitmentId, proof.unitId, b.epoch, proof.localNonce, count);
    }

    function _flushUnit(CapacityStorage storage s, Batch memory b) private {
        if (b.unitId == 0) return;
        s.units[b.unitId] = b.unit;
    }

    function _flushCommitment(CapacityStorage storage s, Batch memory b) private {
        if (b.commitmentId != 0) s.commitments[b.commitmentId].checkpoint = b.checkpoint;
    }

    /// @dev The epoch's pool is taken from the reserve when its first CU succeeds, so an epoch in which nobody
    /// succeeds leaves the reserve untouched.
    function _addEpochProofs(CapacityStorage storage s, uint256 epoch, uint256 count) private {
        EpochRewards memory e = s.epochs[epoch];
        if (e.totalProofs == 0) {
            uint256 reserve = s.rewardReserve;
            uint256 pool = s.epoch.rewardPerEpoch;
            if (pool > reserve) pool = reserve;
            s.rewardReserve = reserve - pool;
            e.pool = SafeCast.toUint96(pool);
            emit RewardPoolAllocated(epoch, pool);
        }
        e.totalProofs = SafeCast.toUint80(e.totalProofs + count);
        s.epochs[epoch] = e;
    }

    // ---------------------------------------------------------------- rewards

    /// @inheritdoc ICapacity
    function withdrawRewards(uint256 id) external nonReentrant returns (uint256 amount) {
        CommitmentRecord storage c = _commitment(id);
        Stage stage = c.stage;
        if (stage != Stage.Deposited && stage != Stage.Finished) revert WrongStage(id, stage);
        uint256 epoch = _currentEpoch();
        Terms memory t = stage == Stage.Deposited ? _touch(id, c, epoch) : c.terms;
        Rewards memory r = c.rewards;
        (uint256 providerTotal, uint256 delegatorTotal) = _split(c, r.vestedAt(t.startEpoch, t.vestingPeriod, epoch));
        bool participant;
        if (msg.sender == c.provider) {
            participant = true;
            uint256 due = providerTotal - r.withdrawnByProvider;
            if (due != 0) {
                c.rewards.withdrawnByProvider = SafeCast.toUint96(providerTotal);
                amount = due;
                emit RewardsWithdrawn(id, msg.sender, due, false);
            }
        }
        if (msg.sender == c.delegator) {
            participant = true;
            uint256 due = delegatorTotal - t.withdrawnByDelegator;
            if (due != 0) {
                c.terms.withdrawnByDelegator = SafeCast.toUint96(delegatorTotal);
                amount += due;
                emit RewardsWithdrawn(id, msg.sender, due, true);
            }
        }
        if (!participant) revert NotParticipant(id, msg.sender);
        if (amount == 0) revert NothingToWithdraw(id);
        _s().liabilities -= amount;
        STAKING_TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ICapacity
    function fundRewards(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        CapacityStorage storage s = _s();
        uint256 reserve = s.rewardReserve;
        if (amount > type(uint96).max - reserve) revert AmountTooLarge(amount);
        // What arrives is what is credited (a token may take a fee); anything above the amount is surplus.
        uint256 received = _pull(msg.sender, amount);
        uint256 credited = received < amount ? received : amount;
        s.rewardReserve = reserve + credited;
        s.liabilities += credited;
        emit RewardsFunded(msg.sender, credited);
    }

    /// @inheritdoc ICapacity
    function withdrawRewardReserve(uint256 amount) external onlyProtocolOwner nonReentrant {
        if (amount == 0) revert ZeroAmount();
        CapacityStorage storage s = _s();
        uint256 reserve = s.rewardReserve;
        if (amount > reserve) revert ReserveTooSmall(amount, reserve);
        s.rewardReserve = reserve - amount;
        s.liabilities -= amount;
        address treasury = core.treasury();
        STAKING_TOKEN.safeTransfer(treasury, amount);
        emit RewardReserveWithdrawn(treasury, amount);
    }

    /// @inheritdoc ICapacity
    function sweepSurplus() external nonReentrant returns (uint256 amount) {
        uint256 held = STAKING_TOKEN.balanceOf(address(this));
        uint256 owed = _s().liabilities;
        if (held <= owed) revert NoSurplus(held, owed);
        amount = held - owed;
        address treasury = core.treasury();
        STAKING_TOKEN.safeTransfer(treasury, amount);
        emit SurplusSwept(treasury, amount);
    }

    /// @dev Pulls `amount` from `from` and returns what arrived (0 if the token's balance went down meanwhile).
    function _pull(address from, uint256 amount) private returns (uint256) {
        uint256 before = STAKING_TOKEN.balanceOf(address(this));
        STAKING_TOKEN.safeTransferFrom(from, address(this), amount);
        uint256 afterwards = STAKING_TOKEN.balanceOf(address(this));
        return afterwards > before ? afterwards - before : 0;
    }

    // ---------------------------------------------------------------- deal hooks

    /// @inheritdoc ICapacity
    function onUnitJoinedDeal(bytes32 unitId, uint256 id) external returns (JoinResult) {
        _checkDeal();
        CapacityStorage storage s = _s();
        Unit memory u = s.units[unitId];
        if (u.flags & IN_DEAL != 0) return JoinResult.UnitInDeal;
        CommitmentRecord storage c = s.commitments[id];
        uint256 epoch = _currentEpoch();
        // Terms are zero until the collateral is deposited, and a finished commitment is past its end: checking
        // the active period alone rules out every other stage.
        Terms memory t = c.terms;
        if (epoch < t.startEpoch || epoch >= t.endEpoch) return JoinResult.CommitmentNotActive;
        Checkpoint memory cp = c.checkpoint;
        if (cp.epoch < epoch) {
            // not settled in this epoch yet: settling may find that it failed
            if (epoch >= _touch(id, c, epoch).endEpoch) return JoinResult.CommitmentNotActive;
            cp = c.checkpoint;
        }
        --cp.activeUnits;
        // It stays expected in this epoch only when it already succeeded in it, or is resting (not expected).
        if (u.epoch != epoch || u.flags & (RESTING | SUCCEEDED) == 0) --cp.expected;
        ++cp.unitsInDeal;
        c.checkpoint = cp;
        u.flags = IN_DEAL;
        u.nextNonce = uint160(msg.sender);
        s.units[unitId] = u;
        emit UnitJoinedDeal(unitId, id, msg.sender, epoch);
        return JoinResult.Joined;
    }

    /// @inheritdoc ICapacity
    function onUnitLeftDeal(bytes32 unitId, uint256 id) external {
        CapacityStorage storage s = _s();
        if (_dealOf(s.units[unitId]) != msg.sender) revert UnitNotInDeal(unitId, msg.sender);
        uint256 epoch = _currentEpoch();
        s.units[unitId] = Unit({epoch: SafeCast.toUint32(epoch), proofs: 0, flags: RESTING, nextNonce: 0});
        // The CU joined through an active commitment of its peer, so the peer has a latest commitment.
        CommitmentRecord storage c = s.commitments[id];
        Stage stage = c.stage;
        bool back; // the CU is expected to prove for the commitment again
        if (stage == Stage.Deposited) back = epoch < _touch(id, c, epoch).endEpoch;
        Checkpoint memory cp = c.checkpoint;
        --cp.unitsInDeal;
        if (back) {
            // Back in the commitment's expectations from the next epoch, or from its start if it has not begun.
            ++cp.activeUnits;
            if (epoch < cp.epoch) ++cp.expected;
        }
        c.checkpoint = cp;
        emit UnitLeftDeal(unitId, back || stage == Stage.WaitDelegation ? id : 0, msg.sender, epoch);
    }

    /// @dev Reverts unless the deal module created the caller; a deal's registration never lapses, so the answer
    /// is kept for the rest of the transaction.
    function _checkDeal() private {
        TransientSlot.AddressSlot verified = TransientSlot.asAddress(VERIFIED_DEAL_SLOT);
        if (verified.tload() == msg.sender) return;
        if (address(DEAL_MODULE) == address(0) || !DEAL_MODULE.isDeal(msg.sender)) revert NotDeal(msg.sender);
        verified.tstore(msg.sender);
    }

    // ---------------------------------------------------------------- views other modules read on chain

    /// @inheritdoc ICapacity
    function locksPeer(uint256 id) external view returns (bool) {
        return _locksPeer(_s(), id);
    }

    /// @inheritdoc ICapacity
    function isInDeal(bytes32 unitId) external view returns (bool) {
        return _s().units[unitId].flags & IN_DEAL != 0;
    }

    // ---------------------------------------------------------------- settlement

    /// @dev Settles the commitment up to `epoch`, stores the result and returns its terms.
    function _touch(uint256 id, CommitmentRecord storage c, uint256 epoch) private returns (Terms memory t) {
        Checkpoint memory cp;
        Settlement memory out;
        uint256 reward;
        (t, cp, out, reward) = _settled(c, epoch);
        if (out.epoch == 0) return t;
        // forge-lint: disable-next-line(unsafe-typecast) a commitment's proofs are part of the epoch's 80-bit total
        if (out.proofs != 0) _s().epochs[out.epoch].settledProofs += uint80(out.proofs);
        c.checkpoint = cp;
        if (reward != 0) c.rewards = _rewards(c, t, out, reward);
        if (out.failedEpoch != 0) {
            c.terms = t;
            emit CommitmentFailed(id, out.failedEpoch, cp.failures);
        }
        emit CommitmentSettled(id, out.epoch, reward, cp.failures);
    }
}
