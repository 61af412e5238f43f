// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDeal} from "./IDeal.sol";
import {IDealRegistry} from "./IDealRegistry.sol";

/// @title Deal factory: creates deals as clones of the current Deal implementation and matches them
/// @notice The factory is the capacity module's deal module: the deals it created may take CUs out of proving.
interface IDealFactory is IDealRegistry {
    /// @notice Everything a new deal is created with.
    struct DealParams {
        bytes32 appCid; // sha2-256 digest of the app's CID
        uint64 appCodec; // multicodec of the app's CID
        uint256 minWorkers;
        uint256 targetWorkers;
        uint256 maxWorkersPerProvider;
        uint256 pricePerWorkerEpoch;
        address paymentToken;
        bytes32[] effectors; // sha2-256 digests of the effector CIDs every CU's offer must support
        IDeal.AccessMode accessMode;
        address[] accessList;
        bool openToSelfMatching;
        uint256 deposit; // pulled from the creator; at least minDealDepositEpochs x targetWorkers x price
    }

    event DealCreated(
        address indexed deal, address indexed owner, address indexed implementation, DealParams params, uint256 balance
    );
    /// @notice Deals created from `effectiveEpoch` on are clones of `implementation`.
    event DealImplementationScheduled(address implementation, uint256 effectiveEpoch);

    error NoImplementation();
    error NotAContract(address implementation);
    error UnknownDeal(address deal);
    error NoUnits();
    error ZeroAddress();
    error ZeroId();
    error InvalidWorkers(uint256 minWorkers, uint256 targetWorkers, uint256 maxWorkersPerProvider);
    error InvalidPrice(uint256 price);
    error TooManyEffectors(uint256 count);
    error DepositTooSmall(uint256 deposit, uint256 required);
    error DepositTooLarge(uint256 deposit);

    /// @notice Creates a deal owned by the caller and pulls its initial deposit from the caller.
    function createDeal(DealParams calldata params) external returns (address deal);
    /// @notice Matches CUs to a deal: its owner, or a provider for its own CUs when the deal is open to
    /// self-matching. Each candidate is checked on chain; skipped ones emit `IDeal.UnitSkipped` with the reason.
    function matchDeal(address deal, bytes32[] calldata unitIds) external returns (uint256 matched);

    /// @notice Sets the implementation of new deals (protocol owner): at once when none is set, else from the
    /// next epoch. Existing deals keep theirs.
    function setDealImplementation(address implementation) external;
    /// @notice The implementation deals created now are clones of.
    function dealImplementation() external view returns (address);
    function dealCount() external view returns (uint256);
}
