// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Billing} from "../libraries/DealBilling.sol";

/// @title Deal: a developer's escrow for workers, billed per epoch
/// @notice A deal is a minimal clone of the Deal implementation, created by the deal factory with its terms as
/// immutable arguments. It holds its prepaid balance and the pay it owes providers. Every epoch it pays its price to
/// each CU that has a registered worker (from the epoch after the worker is registered), while the balance lasts.
/// The formulas are in docs/deals.md.
interface IDeal {
    enum Status {
        Active,
        NotEnoughWorkers, // fewer CUs matched than minWorkers
        SmallBalance, // the balance is below the floor: minDepositEpochs x targetWorkers x price
        InsufficientFunds, // the current epoch went unpaid: the balance did not cover its workers
        Ended // stopped by its owner
    }

    /// @notice Which providers may serve the deal: everyone, those on the list, or everyone but them.
    enum AccessMode {
        None,
        Allowlist,
        Denylist
    }

    /// @notice The outcome of one matching candidate; every value but `Matched` is a reason to skip it.
    enum MatchResult {
        Matched,
        TargetReached, // the deal already has targetWorkers CUs
        UnknownUnit,
        NotCallersUnit, // self-matching: the CU belongs to another provider
        PriceTooHigh, // the offer's minimum price is above the deal's price
        WrongToken, // the offer is paid in another token
        MissingEffectors, // the offer lacks an effector the deal requires
        ProviderNotAllowed, // the access list rules the provider out
        PeerInDeal, // another CU of the same peer already serves the deal
        ProviderCapReached, // the provider already serves maxWorkersPerProvider CUs of the deal
        UnitInDeal, // the CU serves a deal already
        CommitmentNotActive, // the CU's commitment is not in its active period
        RejoinTooSoon // a CU of the peer left the deal fewer than rejoinDelay epochs ago
    }

    /// @notice The deal's fixed terms (immutable arguments of its clone).
    struct Terms {
        address paymentToken;
        uint256 pricePerWorkerEpoch;
        uint256 minWorkers;
        uint256 targetWorkers;
        uint256 maxWorkersPerProvider;
        uint256 minDepositEpochs; // the protocol's minDealDepositEpochs when the deal was created
        bool openToSelfMatching;
        uint256 rejoinDelay; // the protocol's dealRejoinDelay when the deal was created
    }

    /// @notice What the deal owes a provider and how many of its CUs serve it.
    struct ProviderPay {
        uint256 units; // CUs matched
        uint256 workers; // CUs with a registered worker
        uint256 due; // pay earned and not yet claimed, as of the current epoch
    }

    event Deposited(address indexed from, uint256 amount, uint256 balance);
    event Withdrawn(address indexed to, uint256 amount, uint256 balance);
    /// @notice Epochs `fromEpoch`..`toEpoch` were billed: `paidEpochs` of them paid, for `amount` in all; the
    /// rest went unpaid for lack of balance.
    event EpochsBilled(uint256 fromEpoch, uint256 toEpoch, uint256 paidEpochs, uint256 amount, uint256 balance);
    /// @notice The owner stopped the deal in `epoch`; nothing is billed after it.
    event Stopped(uint256 epoch, uint256 balance);
    event AppCidChanged(uint64 codec, bytes32 digest);
    event AccessModeChanged(AccessMode mode);
    event AccessListChanged(address[] providers, bool listed);
    event OwnershipTransferStarted(address indexed owner, address indexed pendingOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event UnitMatched(bytes32 indexed unitId, bytes32 indexed peerId, address indexed provider, address matchedBy);
    event UnitSkipped(bytes32 indexed unitId, MatchResult reason);
    /// @notice A worker was registered for a CU (`previousWorkerId` 0) or replaced. A new worker is billed from
    /// the epoch after this one.
    event WorkerSet(bytes32 indexed unitId, bytes32 indexed peerId, bytes32 workerId, bytes32 previousWorkerId);
    event UnitReturned(bytes32 indexed unitId, bytes32 indexed peerId, address indexed provider, address by);
    event PayClaimed(address indexed provider, uint256 amount);

    error NotFactory(address caller);
    error AlreadyInitialized();
    error NotOwner(address caller);
    error NotPendingOwner(address caller);
    error NotMatcher(address caller);
    error NotUnitController(bytes32 unitId, address caller);
    error UnitNotInDeal(bytes32 unitId);
    error DealEnded();
    /// @notice Matching needs a deal that can pay: its balance at or above the floor and no epoch unpaid.
    error DealCannotPay(Status status);
    error ZeroAmount();
    error ZeroId();
    error AmountTooLarge(uint256 amount);
    error WithdrawalTooLarge(uint256 amount, uint256 available);
    error NothingToClaim(address provider);

    /// @notice Called once by the factory, right after it created the clone and moved `balance` into it.
    function initialize(
        address owner,
        bytes32 appCid,
        uint64 appCodec,
        AccessMode accessMode,
        address[] calldata accessList,
        uint256 balance
    ) external;

    /// @notice Called by the factory's `matchDeal` on behalf of `caller`: checks every candidate and takes those
    /// that pass; a skipped candidate emits `UnitSkipped` with the reason. Reverts `DealCannotPay` unless the deal's
    /// balance is at or above its floor with no epoch unpaid (status Active or NotEnoughWorkers).
    function matchUnits(address caller, bytes32[] calldata unitIds) external returns (uint256 matched);

    /// @notice Adds to the balance (anyone). A deposit in an epoch that went unpaid pays from the next epoch.
    function deposit(uint256 amount) external;
    /// @notice Withdraws to the owner; while the deal runs the floor stays in (`minBalance`).
    function withdraw(uint256 amount) external;
    /// @notice As `withdraw`, to `to` (an owner the payment token blocks withdraws elsewhere).
    function withdrawTo(uint256 amount, address to) external;
    /// @notice Ends the deal (owner): the current epoch is billed, nothing after it; the owner can then withdraw
    /// the whole balance and providers claim what they earned.
    function stop() external;

    /// @notice Registers or replaces the worker of a CU serving the deal (its provider or peer operator).
    function setWorker(bytes32 unitId, bytes32 workerId) external;
    /// @notice Releases a CU (the owner, the CU's provider or peer operator; anyone once the deal ended). Its epoch
    /// is paid; it proves for its commitment again from the next epoch.
    function returnUnit(bytes32 unitId) external;
    /// @notice Pays the CU's provider everything the deal owes it (the CU's provider or peer operator).
    function claimPay(bytes32 unitId) external returns (uint256 amount);
    /// @notice Pays the caller, as a provider, everything the deal owes it (also after its CUs left the market).
    function claimProviderPay() external returns (uint256 amount);
    /// @notice As `claimProviderPay`, paid to `to` (a provider the payment token blocks is paid elsewhere).
    function claimProviderPayTo(address to) external returns (uint256 amount);

    function setAppCid(uint64 codec, bytes32 digest) external;
    function setAccessMode(AccessMode mode) external;
    function setAccessList(address[] calldata providers, bool listed) external;
    /// @notice Starts a two-step ownership transfer; `newOwner` 0 cancels a pending one.
    function transferOwnership(address newOwner) external;
    function acceptOwnership() external;

    function owner() external view returns (address);
    function pendingOwner() external view returns (address);
    function terms() external view returns (Terms memory);
    function effectors() external view returns (bytes32[] memory);
    function appCid() external view returns (uint64 codec, bytes32 digest);
    function accessMode() external view returns (AccessMode);
    function isListed(address provider) external view returns (bool);
    /// @notice The billing state as of the current epoch.
    function billing() external view returns (Billing memory);
    function status() external view returns (Status);
    /// @notice Full epochs after the current one the balance pays for, at the current number of workers (at
    /// `targetWorkers` while there is none); 0 once ended.
    function runway() external view returns (uint256);
    /// @notice CUs matched to the deal (at most `targetWorkers`).
    function unitCount() external view returns (uint256);
    /// @notice The balance the owner cannot withdraw while the deal runs: minDepositEpochs x targetWorkers x price.
    function minBalance() external view returns (uint256);
    function providerPay(address provider) external view returns (ProviderPay memory);
    /// @notice The CU of `peerId` serving the deal, 0 if none.
    function unitOfPeer(bytes32 peerId) external view returns (bytes32);
    /// @notice The worker registered on the deal's CU of `peerId`, 0 if none.
    function workerOfPeer(bytes32 peerId) external view returns (bytes32);
}
