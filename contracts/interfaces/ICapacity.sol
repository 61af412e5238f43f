// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Capacity: commitments, Proof of Capacity, rewards and slashing
/// @notice A capacity commitment (CC) pledges one peer's CUs for a number of epochs, backed by collateral a
/// delegator deposits. Every epoch each CU that is not in a deal must submit at least `minProofsPerEpoch`
/// proofs; CUs that do share the epoch's reward pool in proportion to their proofs, CUs that do not fail the
/// epoch. Accounting is per commitment and O(1) per action: see docs/capacity.md for the formulas. The views are
/// served by a second contract the implementation delegates them to (CapacityViews); callers see one interface.
interface ICapacity {
    /// @notice Stored life-cycle state; `status()` derives the full status from it and the epoch.
    enum Stage {
        None,
        WaitDelegation,
        Deposited,
        Finished,
        Removed
    }

    /// @notice The status of a commitment at the current epoch.
    enum Status {
        None,
        WaitDelegation, // created, collateral not yet deposited
        WaitStart, // collateral deposited, active from the next epoch
        Active,
        Inactive, // its duration is over: it can be finished
        Failed, // too many failed CU-epochs: it can be finished
        Finished,
        Removed
    }

    /// @notice The outcome of a deal's request to take a CU (`onUnitJoinedDeal`).
    enum JoinResult {
        Joined,
        UnitInDeal, // the CU already serves a deal
        CommitmentNotActive // the CU's peer has no commitment in its active period
    }

    /// @notice A proof of capacity for one CU in the current epoch.
    struct Proof {
        bytes32 unitId;
        bytes32 localNonce;
    }

    /// @notice A commitment's terms and life-cycle.
    struct Commitment {
        bytes32 peerId;
        address provider;
        address delegator; // 0 while open to the first depositor
        uint256 unitCount;
        uint256 duration; // epochs
        uint256 collateralPerUnit;
        uint256 delegatorShareBps; // delegator's share of rewards
        uint256 startEpoch; // 0 until collateral is deposited
        uint256 endEpoch; // exclusive; earlier than start + duration when the commitment failed
        Stage stage;
    }

    /// @notice A commitment's accounting at the current epoch, with lazy settlement applied.
    struct Accounting {
        Status status;
        uint256 activeUnits; // CUs expected to prove (committed, not in a deal)
        uint256 failedUnitEpochs; // failed CU-epochs in completed epochs
        uint256 slashed; // collateral slashed so far
        uint256 rewardsEarned; // total rewards earned, vested or not
        uint256 rewardsVested; // part of rewardsEarned that has vested
        uint256 providerWithdrawable;
        uint256 delegatorWithdrawable;
    }

    /// @notice Per-CU proof state in the current epoch.
    struct UnitState {
        uint256 epoch; // the epoch the counters belong to
        uint256 proofs; // proofs counted in that epoch
        uint256 nextNonce; // smallest local nonce accepted next in that epoch (0 while in a deal)
        address deal; // the deal the CU serves, 0 if none
    }

    event EpochAdvanced(uint256 indexed epoch, bytes32 globalNonce, uint256 difficulty);
    event CommitmentCreated(
        uint256 indexed commitmentId,
        bytes32 indexed peerId,
        address indexed provider,
        address delegator,
        uint256 unitCount,
        uint256 duration,
        uint256 collateralPerUnit,
        uint256 delegatorShareBps
    );
    event CommitmentRemoved(uint256 indexed commitmentId);
    event CollateralDeposited(
        uint256 indexed commitmentId,
        address indexed delegator,
        uint256 amount,
        uint256 startEpoch,
        uint256 endEpoch,
        uint256 maxFailedUnitEpochs
    );
    /// @notice One event per accepted proof; `proofs` is the CU's count in the epoch after this proof.
    event ProofSubmitted(
        uint256 indexed commitmentId, bytes32 indexed unitId, uint256 indexed epoch, bytes32 localNonce, uint256 proofs
    );
    /// @notice A completed epoch was settled for a commitment: its reward and failed CU-epochs.
    event CommitmentSettled(
        uint256 indexed commitmentId, uint256 indexed epoch, uint256 reward, uint256 failedUnitEpochs
    );
    /// @notice The commitment failed in `epoch`: it ends after it.
    event CommitmentFailed(uint256 indexed commitmentId, uint256 epoch, uint256 failedUnitEpochs);
    event CommitmentFinished(
        uint256 indexed commitmentId, uint256 collateralReturned, uint256 slashed, uint256 failedUnitEpochs
    );
    event RewardsWithdrawn(uint256 indexed commitmentId, address indexed to, uint256 amount, bool delegator);
    event RewardPoolAllocated(uint256 indexed epoch, uint256 amount);
    event RewardsFunded(address indexed from, uint256 amount);
    event RewardReserveWithdrawn(address indexed to, uint256 amount);
    /// @notice Finishing could not send the delegator its collateral (the token refused): it is kept for the
    /// delegator, who withdraws it with `withdrawCollateral`.
    event CollateralHeld(uint256 indexed commitmentId, address indexed delegator, uint256 amount);
    event CollateralWithdrawn(uint256 indexed commitmentId, address indexed to, uint256 amount);
    /// @notice Staking tokens held above what the module owes (sent by mistake, a rebase) went to the treasury.
    event SurplusSwept(address indexed to, uint256 amount);
    event UnitJoinedDeal(bytes32 indexed unitId, uint256 indexed commitmentId, address indexed deal, uint256 epoch);
    event UnitLeftDeal(bytes32 indexed unitId, uint256 indexed commitmentId, address indexed deal, uint256 epoch);

    error EpochNotAdvanced(uint256 epoch);
    error UnknownCommitment(uint256 commitmentId);
    error NotProvider(address caller);
    error NotOperator(bytes32 peerId, address caller);
    error NotDelegator(address caller);
    error NotParticipant(uint256 commitmentId, address caller);
    /// @notice The caller is not a deal created by the deal module.
    error NotDeal(address caller);
    error PeerAlreadyCommitted(bytes32 peerId, uint256 commitmentId);
    error PeerHasNoUnits(bytes32 peerId);
    error DurationTooShort(uint256 duration, uint256 minimum);
    error DurationTooLong(uint256 duration);
    error ShareTooHigh(uint256 shareBps);
    error WrongStage(uint256 commitmentId, Stage stage);
    error CommitmentNotActive(uint256 commitmentId, Status status);
    error CommitmentNotEnded(uint256 commitmentId, uint256 endEpoch);
    error UnitNotCommitted(bytes32 unitId);
    error UnitInDeal(bytes32 unitId);
    /// @notice The CU does not serve the calling deal.
    error UnitNotInDeal(bytes32 unitId, address caller);
    error UnitResting(bytes32 unitId, uint256 epoch);
    error NonceReused(bytes32 unitId, bytes32 localNonce, uint256 nextNonce);
    error NonceTooLarge(bytes32 localNonce);
    error InvalidProof(bytes32 unitId, bytes32 localNonce);
    error TooManyProofs(bytes32 unitId, uint256 maxProofs);
    error NoProofs();
    error NothingToWithdraw(uint256 commitmentId);
    error ZeroAmount();
    error AmountTooLarge(uint256 amount);
    error ReserveTooSmall(uint256 requested, uint256 reserve);
    /// @notice The staking token delivered less than the amount transferred (a fee): collateral must arrive whole.
    error TransferShortfall(uint256 expected, uint256 received);
    /// @notice The module holds no more staking tokens than it owes.
    error NoSurplus(uint256 held, uint256 owed);

    /// @notice Rotates the global nonce and snapshots the epoch's parameters; anyone may call it, once per
    /// epoch. Provers need the new global nonce before they can search.
    function advanceEpoch() external;
    /// @notice Commits every CU of a peer for `duration` epochs. `delegator` 0 leaves the commitment open to the
    /// first depositor.
    function createCommitment(bytes32 peerId, uint256 duration, address delegator, uint256 delegatorShareBps)
        external
        returns (uint256 commitmentId);
    /// @notice Withdraws a commitment that is still waiting for its collateral, releasing the peer.
    function removeCommitment(uint256 commitmentId) external;
    /// @notice Pulls `collateralPerUnit x unitCount` of the staking token from the caller, at the collateral price
    /// of the current epoch (the commitment's `collateralPerUnit` is set to it); the commitment becomes active at the
    /// next epoch. The caller becomes the delegator (it must be the named one, if any). A token that delivers less
    /// than the amount is refused (`TransferShortfall`).
    function depositCollateral(uint256 commitmentId) external;
    /// @notice Submits proofs, each for a CU of a peer the caller operates, in the current epoch. Within an
    /// epoch a CU's local nonces must strictly increase, which counts each nonce once.
    function submitProofs(Proof[] calldata proofs) external;
    /// @notice Finishes an ended or failed commitment: collateral minus slashing to the delegator, slashed
    /// collateral to the treasury, and the peer's CUs become free. Anyone may call it. It finishes whatever the token
    /// does: collateral the token refuses to send is held for the delegator (`CollateralHeld`), slashed collateral it
    /// refuses stays as surplus for `sweepSurplus`.
    function finishCommitment(uint256 commitmentId) external;
    /// @notice The delegator withdraws the collateral finishing could not send it, to `to`.
    function withdrawCollateral(uint256 commitmentId, address to) external;
    /// @notice Withdraws the caller's vested rewards (as provider, delegator or both).
    function withdrawRewards(uint256 commitmentId) external returns (uint256 amount);

    /// @notice Adds staking tokens to the reward reserve that funds each epoch's pool (what arrives, should the token
    /// take a fee).
    function fundRewards(uint256 amount) external;
    /// @notice Returns unallocated reserve to the treasury (owner only).
    function withdrawRewardReserve(uint256 amount) external;
    /// @notice Sends the staking tokens held above what the module owes (tokens sent to it by mistake, a positive
    /// rebase, slashed collateral the treasury refused) to the treasury; anyone may call it. It never touches what is
    /// owed: collateral, the reserve and the rewards of the pools.
    function sweepSurplus() external returns (uint256 amount);
    /// @notice Deal hook, for deals the deal module created: takes the CU for the calling deal when it is free
    /// and its commitment is active; from then on it neither proves nor fails. Returns why it could not instead of
    /// reverting, so that matching can skip the candidate.
    /// @param commitmentId The latest commitment of the CU's peer, as the market reported it to the deal in the
    /// same transaction (deals are protocol code: the module trusts them with it, which spares it a second
    /// lookup).
    function onUnitJoinedDeal(bytes32 unitId, uint256 commitmentId) external returns (JoinResult);
    /// @notice Deal hook, for the deal the CU serves: the CU returns to its commitment and proves again from the
    /// next epoch.
    /// @param commitmentId The latest commitment of the CU's peer, as the market reported it to the deal.
    function onUnitLeftDeal(bytes32 unitId, uint256 commitmentId) external;
    function isInDeal(bytes32 unitId) external view returns (bool);
    /// @notice Whether the commitment holds its peer's CUs: from creation until it is finished or removed.
    function locksPeer(uint256 commitmentId) external view returns (bool);

    // ---------------------------------------------------------------- views

    /// @notice The current epoch's global nonce and difficulty; reverts when it has not been advanced.
    function epochChallenge() external view returns (uint256 epoch, bytes32 globalNonce, uint256 difficulty);
    /// @notice The staking tokens the module owes: collateral, reserve and pools not yet withdrawn.
    function liabilities() external view returns (uint256);
    /// @notice The deal module, whose `isDeal` says which contracts may call the deal hooks (fixed in the
    /// implementation: replacing it is an upgrade).
    function dealModule() external view returns (address);
    /// @notice The deal the CU serves, 0 if none.
    function dealOf(bytes32 unitId) external view returns (address);
    function stakingToken() external view returns (address);
    function commitment(uint256 commitmentId) external view returns (Commitment memory);
    function accounting(uint256 commitmentId) external view returns (Accounting memory);
    function status(uint256 commitmentId) external view returns (Status);
    function commitmentCount() external view returns (uint256);
    function unitState(bytes32 unitId) external view returns (UnitState memory);
    /// @notice The reward pool of an epoch and the proofs that share it.
    function epochRewards(uint256 epoch) external view returns (uint256 pool, uint256 totalProofs);
    function rewardReserve() external view returns (uint256);
}
