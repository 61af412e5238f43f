// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Protocol parameters. Changes are scheduled and take effect at the start of the next epoch.
/// @dev Packed into three storage slots; see `Core` for the bounds of each field.
struct Params {
    uint96 collateralPerUnit; // staking token per CU, frozen into a commitment when it is created
    uint96 rewardPerEpoch; // staking token allocated to each epoch's reward pool
    uint16 minProofsPerEpoch; // proofs a CU needs in an epoch to succeed
    uint16 maxProofsPerEpoch; // proofs a CU may submit in an epoch
    uint32 vestingPeriod; // epochs over which a reward vests, 0 = vested at once
    uint16 slashingRateBps; // share of a CU's collateral slashed per failed CU-epoch
    uint16 maxFailedRatio; // failed epochs per CU a commitment tolerates before it fails
    uint32 minCommitmentDuration; // epochs
    uint16 minDealDepositEpochs; // epochs of target workers a deal prepays
    uint16 dealRejoinDelay; // epochs before a peer that left a deal may serve it again
    uint256 difficulty; // Proof of Capacity target: a proof is valid when its hash <= difficulty
}

/// @title Core: epoch clock, protocol parameters, provider allowlist and module registry
interface ICore {
    /// @notice A protocol parameter, for `setParam`.
    enum Param {
        CollateralPerUnit,
        RewardPerEpoch,
        MinProofsPerEpoch,
        MaxProofsPerEpoch,
        VestingPeriod,
        SlashingRateBps,
        MaxFailedRatio,
        MinCommitmentDuration,
        MinDealDepositEpochs,
        Difficulty,
        DealRejoinDelay
    }

    /// @notice A parameter change was scheduled; it applies from `effectiveEpoch` on.
    event ParamScheduled(Param indexed param, uint256 value, uint256 effectiveEpoch);
    /// @notice The provider allowlist was switched on or off.
    event AllowlistEnabled(bool enabled);
    /// @notice A provider was added to or removed from the allowlist.
    event ProviderApproval(address indexed provider, bool approved);
    /// @notice The treasury, which receives slashed collateral, changed.
    event TreasuryChanged(address treasury);
    /// @notice The protocol modules were registered.
    event ModulesSet(address market, address capacity, address verifier);
    /// @notice The proof verifier changed; it applies from `effectiveEpoch` on.
    event VerifierScheduled(address verifier, uint256 effectiveEpoch);

    /// @notice The value is outside the parameter's bounds.
    error ParamOutOfBounds(Param param, uint256 value);
    /// @notice An address argument was zero.
    error ZeroAddress();
    /// @notice The epoch duration or start is invalid.
    error InvalidEpochClock();
    /// @notice Modules can only be registered once; upgrade them in place instead.
    error ModulesAlreadySet();
    /// @notice The protocol cannot be left without an owner: upgrades and parameters would be frozen forever.
    error RenounceDisabled();

    /// @notice Timestamp at which epoch 1 begins.
    function epochStart() external view returns (uint256);
    /// @notice Length of an epoch in seconds.
    function epochDuration() external view returns (uint256);
    /// @notice The current epoch: 0 before `epochStart`, then 1, 2, ...
    function currentEpoch() external view returns (uint256);

    /// @notice Parameters in force in the current epoch.
    function params() external view returns (Params memory);
    /// @notice Parameters in force in `epoch` (the current or a later one).
    function paramsAt(uint256 epoch) external view returns (Params memory);
    /// @notice Schedules a change of one parameter for the next epoch.
    function setParam(Param param, uint256 value) external;

    /// @notice Receives slashed collateral and can reclaim unallocated rewards.
    function treasury() external view returns (address);
    function setTreasury(address treasury) external;

    /// @notice When the allowlist is enabled only approved providers may register.
    function allowlistEnabled() external view returns (bool);
    function setAllowlistEnabled(bool enabled) external;
    function setProviderApproval(address provider, bool approved) external;
    /// @notice Whether `provider` may register (always true with the allowlist off).
    function isProviderAllowed(address provider) external view returns (bool);

    function market() external view returns (address);
    function capacity() external view returns (address);
    /// @notice The Proof of Capacity verifier in force in the current epoch.
    function verifier() external view returns (address);
    /// @notice Registers the modules once, after they are deployed.
    function setModules(address market, address capacity, address verifier) external;
    /// @notice Schedules a new proof verifier for the next epoch.
    function setVerifier(address verifier) external;

    /// @notice The protocol owner, who administers every module.
    function owner() external view returns (address);
}
