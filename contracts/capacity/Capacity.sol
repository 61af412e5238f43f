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
import {ProtocolModule} from "../core/ProtocolModule.sol";
import {Checkpoint, Checkpoints, Settlement} from "../libraries/Checkpoints.sol";
import {Rewards, Vesting} from "../libraries/Vesting.sol";

/// @title Capacity
/// @notice Capacity commitments, Proof of Capacity, the reward pool, vesting and slashing.
contract Capacity is ICapacity, ProtocolModule {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoint;
    using Vesting for Rewards;
    using TransientSlot for TransientSlot.AddressSlot;

    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_NONCE = type(uint192).max;
    /// @dev The longest commitment, in epochs: the Core's bound on the minimum duration.
    uint256 public constant MAX_DURATION = 1_000_000;
    uint8 internal constant IN_DEAL = 1;
    uint8 internal constant RESTING = 2; // left a deal in `epoch`: neither proves nor fails until the next one
    uint8 internal constant SUCCEEDED = 4; // reached the minimum proofs in `epoch`

    struct CommitmentRecord {
        bytes32 peerId;
        address provider;
        uint32 unitCount;
        uint32 duration;
        uint16 delegatorShareBps;
        Stage stage;
        address delegator;
        uint96 collateralPerUnit;
        Terms terms;
        Checkpoint checkpoint;
        Rewards rewards;
    }

    /// @dev Fixed when the collateral is deposited.
    struct Terms {
        uint32 startEpoch;
        uint32 endEpoch; // exclusive; moved earlier when the commitment fails
        uint32 maxFailures;
        uint32 vestingPeriod;
        uint16 slashingRateBps;
        bool failed;
        uint96 withdrawnByDelegator;
    }

    /// @dev While the CU serves a deal (IN_DEAL) its proof counters mean nothing and `nextNonce` holds the deal's
    /// address instead, so that joining a deal rewrites this one slot rather than filling a new one.
    struct Unit {
        uint32 epoch;
        uint16 proofs;
        uint8 flags;
        uint192 nextNonce;
    }

    /// @dev The current epoch's challenge and the parameters this module uses, snapshotted from the Core once per
    /// epoch by `advanceEpoch` (or by the first call that needs them), so no call reads the Core.
    struct EpochState {
        uint32 epoch;
        uint16 minProofs;
        uint16 maxProofs;
        address verifier;
        uint16 slashingRateBps;
        uint16 maxFailedRatio;
        bytes32 globalNonce;
        uint256 difficulty;
        uint96 rewardPerEpoch;
        uint96 collateralPerUnit;
        uint32 vestingPeriod;
        uint32 minCommitmentDuration;
    }

    /// @dev `settledProofs` makes the pool split exact: a commitment settling `proofs` earns
    /// floor(pool * (settled + proofs) / total) - floor(pool * settled / total), so the shares add up to the pool
    /// to the last unit, whatever order commitments settle in, and no rounding dust is left behind.
    struct EpochRewards {
        uint96 pool;
        uint80 totalProofs;
        uint80 settledProofs;
    }

    /// @custom:storage-location erc7201:cloudless.capacity
    struct CapacityStorage {
        uint32 commitmentCount;
        uint256 rewardReserve;
        EpochState epoch;
        mapping(uint256 commitmentId => CommitmentRecord) commitments;
        mapping(bytes32 unitId => Unit) units;
        mapping(uint256 epoch => EpochRewards) epochs;
    }

    // keccak256(abi.encode(uint256(keccak256("cloudless.capacity")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xd0e87bc3c2c30c621394a811ffcea034648130a9f761c92cee8b4938c2c92300;
    /// @dev Transient: the deal the deal module last vouched for in this transaction, so that a deal matching
    /// several CUs asks once. keccak256("cloudless.capacity.verifiedDeal") - 1
    bytes32 private constant VERIFIED_DEAL_SLOT = 0x3227cede783ee9b76311465b556d836369c24c9ec727883bac714d9974680c55;

    IMarket public immutable market;
    IERC20 internal immutable STAKING_TOKEN;
    /// @dev The deal module is part of the implementation: its address (a proxy) never changes, and reading it
    /// costs no storage access in the deal hooks. Replacing it is an upgrade.
    IDealRegistry internal immutable DEAL_MODULE;

    function _s() private pure returns (CapacityStorage storage s) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            s.slot := STORAGE_SLOT
        }
    }

    /// @param dealModule_ Whose `isDeal` says which contracts may call the deal hooks; 0 disables them.
    constructor(ICore core_, IMarket market_, IERC20 stakingToken_, IDealRegistry dealModule_) ProtocolModule(core_) {
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

    /// @inheritdoc ICapacity
    function epochChallenge() external view returns (uint256 epoch, bytes32 globalNonce, uint256 difficulty) {
        EpochState storage e = _s().epoch;
        epoch = _currentEpoch();
        if (e.epoch != epoch || e.verifier == address(0)) revert EpochNotAdvanced(epoch);
        return (epoch, e.globalNonce, e.difficulty);
    }

    /// @dev The current epoch's state, rotating the global nonce and snapshotting parameters when it is stale.
    function _epochState(CapacityStorage storage s) private returns (EpochState storage e) {
        e = s.epoch;
        uint256 epoch = _currentEpoch();
        if (e.epoch == epoch && e.verifier != address(0)) return e;
        Params memory p = core.paramsAt(epoch);
        bytes32 nonce = keccak256(abi.encode(e.globalNonce, epoch, block.prevrandao, blockhash(block.number - 1)));
        e.epoch = SafeCast.toUint32(epoch);
        e.minProofs = p.minProofsPerEpoch;
        e.maxProofs = p.maxProofsPerEpoch;
        e.verifier = core.verifier();
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
    function depositCollateral(uint256 id) external {
        CapacityStorage storage s = _s();
        CommitmentRecord storage c = _commitment(id);
        if (c.stage != Stage.WaitDelegation) revert WrongStage(id, c.stage);
        address delegator = c.delegator;
        if (delegator == address(0)) {
            c.delegator = msg.sender;
        } else if (delegator != msg.sender) {
            revert NotDelegator(msg.sender);
        }
        uint256 units = c.unitCount;
        uint256 amount = units * c.collateralPerUnit;
        uint256 start = _currentEpoch() + 1;
        uint256 end = start + c.duration;
        EpochState storage p = _epochState(s);
        uint256 maxFailures = units * p.maxFailedRatio;
        c.stage = Stage.Deposited;
        c.terms = Terms({
            startEpoch: SafeCast.toUint32(start),
            endEpoch: SafeCast.toUint32(end),
            maxFailures: SafeCast.toUint32(maxFailures),
            vestingPeriod: p.vestingPeriod,
            slashingRateBps: p.slashingRateBps,
            failed: false,
            withdrawnByDelegator: 0
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
        STAKING_TOKEN.safeTransferFrom(msg.sender, address(this), amount);
        emit CollateralDeposited(id, msg.sender, amount, start, end, maxFailures);
    }

    /// @inheritdoc ICapacity
    function finishCommitment(uint256 id) external {
        CommitmentRecord storage c = _commitment(id);
        if (c.stage != Stage.Deposited) revert WrongStage(id, c.stage);
        uint256 epoch = _currentEpoch();
        Terms memory t = _touch(id, c, epoch);
        if (epoch < t.endEpoch) revert CommitmentNotEnded(id, t.endEpoch);
        uint256 units = c.unitCount;
        uint256 collateral = units * c.collateralPerUnit;
        uint256 failures = c.checkpoint.failures;
        uint256 slashed = _slashed(failures, c.collateralPerUnit, t.slashingRateBps, collateral);
        c.stage = Stage.Finished;
        STAKING_TOKEN.safeTransfer(c.delegator, collateral - slashed);
        if (slashed != 0) STAKING_TOKEN.safeTransfer(core.treasury(), slashed);
        emit CommitmentFinished(id, collateral - slashed, slashed, failures);
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
    function withdrawRewards(uint256 id) external returns (uint256 amount) {
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
        STAKING_TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ICapacity
    function fundRewards(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        CapacityStorage storage s = _s();
        uint256 reserve = s.rewardReserve;
        if (amount > type(uint96).max - reserve) revert AmountTooLarge(amount);
        s.rewardReserve = reserve + amount;
        STAKING_TOKEN.safeTransferFrom(msg.sender, address(this), amount);
        emit RewardsFunded(msg.sender, amount);
    }

    /// @inheritdoc ICapacity
    function withdrawRewardReserve(uint256 amount) external onlyProtocolOwner {
        if (amount == 0) revert ZeroAmount();
        CapacityStorage storage s = _s();
        uint256 reserve = s.rewardReserve;
        if (amount > reserve) revert ReserveTooSmall(amount, reserve);
        s.rewardReserve = reserve - amount;
        address treasury = core.treasury();
        STAKING_TOKEN.safeTransfer(treasury, amount);
        emit RewardReserveWithdrawn(treasury, amount);
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

    function _dealOf(Unit memory u) private pure returns (address) {
        return u.flags & IN_DEAL != 0 ? address(uint160(u.nextNonce)) : address(0);
    }

    // ---------------------------------------------------------------- settlement

    /// @dev The commitment's terms and checkpoint settled up to `epoch`, without writing them, and the reward the
    /// settled epoch earned (added to the rewards by the caller: most touches earn nothing and skip reading them).
    function _settled(CommitmentRecord storage c, uint256 epoch)
        private
        view
        returns (Terms memory t, Checkpoint memory cp, Settlement memory out, uint256 reward)
    {
        t = c.terms;
        cp = c.checkpoint;
        if (epoch <= cp.epoch) return (t, cp, out, 0);
        out = cp.settle(epoch, t.endEpoch, t.maxFailures);
        if (out.epoch == 0) return (t, cp, out, 0);
        if (out.proofs != 0) {
            EpochRewards memory e = _s().epochs[out.epoch];
            uint256 settled = e.settledProofs;
            reward = _share(e, settled + out.proofs) - _share(e, settled);
        }
        if (out.failedEpoch != 0) {
            t.failed = true;
            t.endEpoch = uint32(out.failedEpoch + 1);
        }
    }

    /// @dev The rewards with the reward of a settlement added.
    function _rewards(CommitmentRecord storage c, Terms memory t, Settlement memory out, uint256 reward)
        private
        view
        returns (Rewards memory r)
    {
        r = c.rewards;
        if (reward != 0) r.add(t.startEpoch, t.vestingPeriod, out.epoch, reward);
    }

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

    function _share(EpochRewards memory e, uint256 proofs) private pure returns (uint256) {
        return uint256(e.pool) * proofs / e.totalProofs;
    }

    function _split(CommitmentRecord storage c, uint256 vested)
        private
        view
        returns (uint256 providerTotal, uint256 delegatorTotal)
    {
        delegatorTotal = vested * c.delegatorShareBps / BPS;
        providerTotal = vested - delegatorTotal;
    }

    function _slashed(uint256 failures, uint256 perUnit, uint256 rateBps, uint256 collateral)
        private
        pure
        returns (uint256 slashed)
    {
        slashed = failures * perUnit * rateBps / BPS;
        if (slashed > collateral) slashed = collateral;
    }

    function _commitment(uint256 id) private view returns (CommitmentRecord storage c) {
        c = _s().commitments[id];
        if (c.stage == Stage.None) revert UnknownCommitment(id);
    }

    function _status(CommitmentRecord storage c, uint256 epoch) private view returns (Status) {
        Stage stage = c.stage;
        if (stage == Stage.Deposited) {
            (Terms memory t,,,) = _settled(c, epoch);
            return _depositedStatus(t, epoch);
        }
        if (stage == Stage.WaitDelegation) return Status.WaitDelegation;
        if (stage == Stage.Finished) return Status.Finished;
        if (stage == Stage.Removed) return Status.Removed;
        return Status.None;
    }

    /// @dev The status of a deposited commitment, from its terms settled up to `epoch`.
    function _depositedStatus(Terms memory t, uint256 epoch) private pure returns (Status) {
        if (epoch < t.startEpoch) return Status.WaitStart;
        if (t.failed) return Status.Failed;
        if (epoch >= t.endEpoch) return Status.Inactive;
        return Status.Active;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICapacity
    function stakingToken() external view returns (address) {
        return address(STAKING_TOKEN);
    }

    /// @inheritdoc ICapacity
    function dealModule() external view returns (address) {
        return address(DEAL_MODULE);
    }

    /// @inheritdoc ICapacity
    function commitment(uint256 id) external view returns (Commitment memory) {
        CommitmentRecord storage c = _commitment(id);
        (Terms memory t,,,) = _settled(c, _currentEpoch());
        return Commitment({
            peerId: c.peerId,
            provider: c.provider,
            delegator: c.delegator,
            unitCount: c.unitCount,
            duration: c.duration,
            collateralPerUnit: c.collateralPerUnit,
            delegatorShareBps: c.delegatorShareBps,
            startEpoch: t.startEpoch,
            endEpoch: t.endEpoch,
            stage: c.stage
        });
    }

    /// @inheritdoc ICapacity
    function accounting(uint256 id) external view returns (Accounting memory a) {
        CommitmentRecord storage c = _commitment(id);
        uint256 epoch = _currentEpoch();
        (Terms memory t, Checkpoint memory cp, Settlement memory out, uint256 reward) = _settled(c, epoch);
        Rewards memory r = _rewards(c, t, out, reward);
        uint256 vested = r.vestedAt(t.startEpoch, t.vestingPeriod, epoch);
        (uint256 providerTotal, uint256 delegatorTotal) = _split(c, vested);
        a.status = c.stage == Stage.Deposited ? _depositedStatus(t, epoch) : _status(c, epoch);
        a.activeUnits = cp.activeUnits;
        a.failedUnitEpochs = cp.failures;
        a.slashed =
            _slashed(cp.failures, c.collateralPerUnit, t.slashingRateBps, uint256(c.unitCount) * c.collateralPerUnit);
        a.rewardsEarned = r.earned();
        a.rewardsVested = vested;
        a.providerWithdrawable = providerTotal - r.withdrawnByProvider;
        a.delegatorWithdrawable = delegatorTotal - t.withdrawnByDelegator;
    }

    /// @inheritdoc ICapacity
    function status(uint256 id) external view returns (Status) {
        return _status(_s().commitments[id], _currentEpoch());
    }

    /// @inheritdoc ICapacity
    function commitmentCount() external view returns (uint256) {
        return _s().commitmentCount;
    }

    /// @inheritdoc ICapacity
    function unitState(bytes32 unitId) external view returns (UnitState memory) {
        Unit memory u = _s().units[unitId];
        address deal = _dealOf(u);
        return
            UnitState({epoch: u.epoch, proofs: u.proofs, nextNonce: deal == address(0) ? u.nextNonce : 0, deal: deal});
    }

    /// @inheritdoc ICapacity
    function locksPeer(uint256 id) external view returns (bool) {
        return _locksPeer(_s(), id);
    }

    function _locksPeer(CapacityStorage storage s, uint256 id) private view returns (bool) {
        Stage stage = s.commitments[id].stage;
        return stage == Stage.WaitDelegation || stage == Stage.Deposited;
    }

    /// @inheritdoc ICapacity
    function isInDeal(bytes32 unitId) external view returns (bool) {
        return _s().units[unitId].flags & IN_DEAL != 0;
    }

    /// @inheritdoc ICapacity
    function dealOf(bytes32 unitId) external view returns (address) {
        return _dealOf(_s().units[unitId]);
    }

    /// @inheritdoc ICapacity
    function epochRewards(uint256 epoch) external view returns (uint256 pool, uint256 totalProofs) {
        EpochRewards memory e = _s().epochs[epoch];
        return (e.pool, e.totalProofs);
    }

    /// @inheritdoc ICapacity
    function rewardReserve() external view returns (uint256) {
        return _s().rewardReserve;
    }
}
