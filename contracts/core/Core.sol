// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {ICore, Params} from "../interfaces/ICore.sol";
import {Epochs} from "../libraries/Epochs.sol";

/// @title Core
/// @notice Epoch clock, protocol parameters, provider allowlist and the registry of modules. Parameter changes
/// are staged: a change made in epoch n applies from epoch n + 1, so nobody is surprised mid-epoch.
contract Core is ICore, UUPSUpgradeable, Ownable2StepUpgradeable {
    uint256 public constant MAX_PROOFS_PER_EPOCH = 1000;
    uint256 public constant MAX_VESTING_PERIOD = 10_000;
    uint256 public constant MAX_FAILED_RATIO = 1000;
    uint256 public constant MAX_COMMITMENT_DURATION = 1_000_000;
    uint256 public constant MAX_DEAL_DEPOSIT_EPOCHS = 1000;
    uint256 public constant MAX_DEAL_REJOIN_DELAY = 1000;
    uint256 public constant BPS = 10_000;

    /// @custom:storage-location erc7201:cloudless.core
    struct CoreStorage {
        uint64 epochStart;
        uint32 epochDuration;
        uint32 pendingEpoch; // epoch from which `next` applies, 0 when nothing is pending
        uint32 verifierEpoch; // epoch from which `nextVerifier` applies, 0 when nothing is pending
        bool allowlistEnabled;
        Params current;
        Params next;
        address treasury;
        address market;
        address capacity;
        address verifier;
        address nextVerifier;
        mapping(address provider => bool) approved;
    }

    // keccak256(abi.encode(uint256(keccak256("cloudless.core")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0x6bf609ad6c5b3576b1cc0fcb15a6e4023f72a6a1d540fef6bd9cfaf6bc1c3500;

    function _s() private pure returns (CoreStorage storage s) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            s.slot := STORAGE_SLOT
        }
    }

    constructor() {
        _disableInitializers();
    }

    /// @param owner_ The protocol owner.
    /// @param treasury_ Receives slashed collateral.
    /// @param epochStart_ Timestamp at which epoch 1 begins.
    /// @param epochDuration_ Epoch length in seconds.
    /// @param params_ Initial parameters, checked against the same bounds as `setParam`.
    function initialize(
        address owner_,
        address treasury_,
        uint256 epochStart_,
        uint256 epochDuration_,
        Params calldata params_
    ) external initializer {
        if (owner_ == address(0) || treasury_ == address(0)) revert ZeroAddress();
        if (epochDuration_ == 0 || epochDuration_ > type(uint32).max || epochStart_ > type(uint64).max) {
            revert InvalidEpochClock();
        }
        __Ownable_init(owner_);
        CoreStorage storage s = _s();
        // forge-lint: disable-start(unsafe-typecast) both were range-checked above
        s.epochStart = uint64(epochStart_);
        s.epochDuration = uint32(epochDuration_);
        // forge-lint: disable-end(unsafe-typecast)
        s.treasury = treasury_;
        _checkParams(params_);
        s.current = params_;
        emit TreasuryChanged(treasury_);
    }

    /// @inheritdoc ICore
    function epochStart() external view returns (uint256) {
        return _s().epochStart;
    }

    /// @inheritdoc ICore
    function epochDuration() external view returns (uint256) {
        return _s().epochDuration;
    }

    /// @inheritdoc ICore
    function currentEpoch() public view returns (uint256) {
        CoreStorage storage s = _s();
        return Epochs.current(s.epochStart, s.epochDuration);
    }

    /// @inheritdoc ICore
    function params() external view returns (Params memory) {
        return paramsAt(currentEpoch());
    }

    /// @inheritdoc ICore
    function paramsAt(uint256 epoch) public view returns (Params memory) {
        CoreStorage storage s = _s();
        uint256 pending = s.pendingEpoch;
        return pending != 0 && epoch >= pending ? s.next : s.current;
    }

    /// @inheritdoc ICore
    function setParam(Param param, uint256 value) external onlyOwner {
        CoreStorage storage s = _s();
        uint256 nextEpoch = currentEpoch() + 1;
        if (s.pendingEpoch == 0) {
            s.next = s.current;
        } else if (s.pendingEpoch < nextEpoch) {
            s.current = s.next; // the staged values are in force already
        }
        // forge-lint: disable-next-line(unsafe-typecast) epochs fit 32 bits for 136 years of one-second epochs
        s.pendingEpoch = uint32(nextEpoch);
        Params storage p = s.next;
        _write(p, param, value);
        _checkProofBounds(p, param, value);
        emit ParamScheduled(param, value, nextEpoch);
    }

    /// @dev Each branch checks the bounds before it narrows the value to its field.
    // forge-lint: disable-start(unsafe-typecast)
    function _write(Params storage p, Param param, uint256 value) private {
        if (param == Param.Difficulty) {
            if (value == 0) revert ParamOutOfBounds(param, value);
            p.difficulty = value;
        } else if (param == Param.CollateralPerUnit) {
            if (value == 0 || value > type(uint96).max) revert ParamOutOfBounds(param, value);
            p.collateralPerUnit = uint96(value);
        } else if (param == Param.RewardPerEpoch) {
            if (value > type(uint96).max) revert ParamOutOfBounds(param, value);
            p.rewardPerEpoch = uint96(value);
        } else if (param == Param.MinProofsPerEpoch) {
            if (value == 0 || value > MAX_PROOFS_PER_EPOCH) revert ParamOutOfBounds(param, value);
            p.minProofsPerEpoch = uint16(value);
        } else if (param == Param.MaxProofsPerEpoch) {
            if (value == 0 || value > MAX_PROOFS_PER_EPOCH) revert ParamOutOfBounds(param, value);
            p.maxProofsPerEpoch = uint16(value);
        } else if (param == Param.VestingPeriod) {
            if (value > MAX_VESTING_PERIOD) revert ParamOutOfBounds(param, value);
            p.vestingPeriod = uint32(value);
        } else if (param == Param.SlashingRateBps) {
            if (value > BPS) revert ParamOutOfBounds(param, value);
            p.slashingRateBps = uint16(value);
        } else if (param == Param.MaxFailedRatio) {
            if (value == 0 || value > MAX_FAILED_RATIO) revert ParamOutOfBounds(param, value);
            p.maxFailedRatio = uint16(value);
        } else if (param == Param.MinCommitmentDuration) {
            if (value == 0 || value > MAX_COMMITMENT_DURATION) revert ParamOutOfBounds(param, value);
            p.minCommitmentDuration = uint32(value);
        } else if (param == Param.MinDealDepositEpochs) {
            if (value == 0 || value > MAX_DEAL_DEPOSIT_EPOCHS) revert ParamOutOfBounds(param, value);
            p.minDealDepositEpochs = uint16(value);
        } else {
            if (value > MAX_DEAL_REJOIN_DELAY) revert ParamOutOfBounds(param, value);
            p.dealRejoinDelay = uint16(value);
        }
    }

    // forge-lint: disable-end(unsafe-typecast)

    /// @dev The one bound that spans two fields: min proofs never exceed max proofs.
    function _checkProofBounds(Params storage p, Param param, uint256 value) private view {
        if (p.minProofsPerEpoch > p.maxProofsPerEpoch) revert ParamOutOfBounds(param, value);
    }

    function _checkParams(Params calldata p) private pure {
        if (p.difficulty == 0) revert ParamOutOfBounds(Param.Difficulty, 0);
        if (p.collateralPerUnit == 0) revert ParamOutOfBounds(Param.CollateralPerUnit, 0);
        if (p.minProofsPerEpoch == 0 || p.minProofsPerEpoch > p.maxProofsPerEpoch) {
            revert ParamOutOfBounds(Param.MinProofsPerEpoch, p.minProofsPerEpoch);
        }
        if (p.maxProofsPerEpoch > MAX_PROOFS_PER_EPOCH) {
            revert ParamOutOfBounds(Param.MaxProofsPerEpoch, p.maxProofsPerEpoch);
        }
        if (p.vestingPeriod > MAX_VESTING_PERIOD) revert ParamOutOfBounds(Param.VestingPeriod, p.vestingPeriod);
        if (p.slashingRateBps > BPS) revert ParamOutOfBounds(Param.SlashingRateBps, p.slashingRateBps);
        if (p.maxFailedRatio == 0 || p.maxFailedRatio > MAX_FAILED_RATIO) {
            revert ParamOutOfBounds(Param.MaxFailedRatio, p.maxFailedRatio);
        }
        if (p.minCommitmentDuration == 0 || p.minCommitmentDuration > MAX_COMMITMENT_DURATION) {
            revert ParamOutOfBounds(Param.MinCommitmentDuration, p.minCommitmentDuration);
        }
        if (p.minDealDepositEpochs == 0 || p.minDealDepositEpochs > MAX_DEAL_DEPOSIT_EPOCHS) {
            revert ParamOutOfBounds(Param.MinDealDepositEpochs, p.minDealDepositEpochs);
        }
        if (p.dealRejoinDelay > MAX_DEAL_REJOIN_DELAY) {
            revert ParamOutOfBounds(Param.DealRejoinDelay, p.dealRejoinDelay);
        }
    }

    /// @inheritdoc ICore
    function treasury() external view returns (address) {
        return _s().treasury;
    }

    /// @inheritdoc ICore
    function setTreasury(address treasury_) external onlyOwner {
        if (treasury_ == address(0)) revert ZeroAddress();
        _s().treasury = treasury_;
        emit TreasuryChanged(treasury_);
    }

    /// @inheritdoc ICore
    function allowlistEnabled() external view returns (bool) {
        return _s().allowlistEnabled;
    }

    /// @inheritdoc ICore
    function setAllowlistEnabled(bool enabled) external onlyOwner {
        _s().allowlistEnabled = enabled;
        emit AllowlistEnabled(enabled);
    }

    /// @inheritdoc ICore
    function setProviderApproval(address provider, bool approved) external onlyOwner {
        if (provider == address(0)) revert ZeroAddress();
        _s().approved[provider] = approved;
        emit ProviderApproval(provider, approved);
    }

    /// @inheritdoc ICore
    function isProviderAllowed(address provider) external view returns (bool) {
        CoreStorage storage s = _s();
        return !s.allowlistEnabled || s.approved[provider];
    }

    /// @inheritdoc ICore
    function market() external view returns (address) {
        return _s().market;
    }

    /// @inheritdoc ICore
    function capacity() external view returns (address) {
        return _s().capacity;
    }

    /// @inheritdoc ICore
    function verifier() external view returns (address) {
        CoreStorage storage s = _s();
        uint256 pending = s.verifierEpoch;
        return pending != 0 && currentEpoch() >= pending ? s.nextVerifier : s.verifier;
    }

    /// @inheritdoc ICore
    function setModules(address market_, address capacity_, address verifier_) external onlyOwner {
        CoreStorage storage s = _s();
        if (s.market != address(0)) revert ModulesAlreadySet();
        if (market_ == address(0) || capacity_ == address(0) || verifier_ == address(0)) revert ZeroAddress();
        s.market = market_;
        s.capacity = capacity_;
        s.verifier = verifier_;
        emit ModulesSet(market_, capacity_, verifier_);
    }

    /// @inheritdoc ICore
    function setVerifier(address verifier_) external onlyOwner {
        if (verifier_ == address(0)) revert ZeroAddress();
        CoreStorage storage s = _s();
        uint256 nextEpoch = currentEpoch() + 1;
        if (s.verifierEpoch != 0 && s.verifierEpoch < nextEpoch) s.verifier = s.nextVerifier;
        s.nextVerifier = verifier_;
        // forge-lint: disable-next-line(unsafe-typecast) epochs fit 32 bits for 136 years of one-second epochs
        s.verifierEpoch = uint32(nextEpoch);
        emit VerifierScheduled(verifier_, nextEpoch);
    }

    /// @notice Disabled: see `RenounceDisabled`. Ownership moves with the two-step transfer only.
    function renounceOwnership() public view override onlyOwner {
        revert RenounceDisabled();
    }

    /// @inheritdoc ICore
    function owner() public view override(ICore, OwnableUpgradeable) returns (address) {
        return super.owner();
    }

    function _authorizeUpgrade(address) internal view override onlyOwner {}
}
