// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ICore, Params} from "../interfaces/ICore.sol";
import {IDeal} from "../interfaces/IDeal.sol";
import {IDealFactory} from "../interfaces/IDealFactory.sol";
import {IDealRegistry} from "../interfaces/IDealRegistry.sol";
import {ProtocolModule} from "../core/ProtocolModule.sol";
import {DealArgs} from "../libraries/DealArgs.sol";

/// @title DealFactory
/// @notice Creates deals as minimal clones of the current Deal implementation, keeps the registry of deals the
/// capacity module trusts, and is the entry point of matching.
contract DealFactory is IDealFactory, ProtocolModule {
    using SafeERC20 for IERC20;

    /// @notice The most workers a deal may target (CU counts are 16-bit in a deal).
    uint256 public constant MAX_WORKERS = 10_000;
    /// @notice The most effectors a deal may require: each one is checked for every candidate.
    uint256 public constant MAX_EFFECTORS = 16;

    /// @custom:storage-location erc7201:cloudless.deals
    struct FactoryStorage {
        address implementation;
        uint32 dealCount;
        address nextImplementation;
        uint32 nextImplementationEpoch; // 0 when no change is pending
        mapping(address deal => bool) deals;
    }

    // keccak256(abi.encode(uint256(keccak256("cloudless.deals")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xb345dc1a48f4b5904105f5296c75983c7dc287d261f42dc048a7697443ed3100;

    function _s() private pure returns (FactoryStorage storage s) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            s.slot := STORAGE_SLOT
        }
    }

    constructor(ICore core_) ProtocolModule(core_) {}

    function initialize() external initializer {}

    /// @inheritdoc IDealFactory
    function createDeal(DealParams calldata p) external returns (address deal) {
        FactoryStorage storage s = _s();
        address implementation = _implementation(s);
        if (implementation == address(0)) revert NoImplementation();
        DealArgs.Fixed memory t = _terms(p);
        uint256 required = t.minDepositEpochs * t.targetWorkers * t.price;
        if (p.deposit < required) revert DepositTooSmall(p.deposit, required);
        if (p.deposit > type(uint96).max) revert DepositTooLarge(p.deposit);
        deal = Clones.cloneWithImmutableArgs(implementation, DealArgs.encode(t, p.effectors));
        IERC20 token = IERC20(t.paymentToken);
        token.safeTransferFrom(msg.sender, deal, p.deposit);
        // What arrived (a token may take a fee), plus anything sent to the address in advance.
        uint256 balance = token.balanceOf(deal);
        if (balance < required) revert DepositTooSmall(balance, required);
        if (balance > type(uint96).max) revert DepositTooLarge(balance);
        IDeal(deal).initialize(msg.sender, p.appCid, p.appCodec, p.accessMode, p.accessList, balance);
        // Registered last: while the token runs the transfer the deal is no deal yet, so nothing it calls back can
        // match a CU into it (matchDeal: UnknownDeal) before it has an owner and its counters.
        s.deals[deal] = true;
        ++s.dealCount;
        emit DealCreated(deal, msg.sender, implementation, p, balance);
    }

    function _terms(DealParams calldata p) private view returns (DealArgs.Fixed memory t) {
        if (p.paymentToken == address(0)) revert ZeroAddress();
        if (p.appCid == 0) revert ZeroId();
        if (
            p.minWorkers == 0 || p.minWorkers > p.targetWorkers || p.targetWorkers > MAX_WORKERS
                || p.maxWorkersPerProvider == 0 || p.maxWorkersPerProvider > p.targetWorkers
        ) revert InvalidWorkers(p.minWorkers, p.targetWorkers, p.maxWorkersPerProvider);
        if (p.pricePerWorkerEpoch == 0 || p.pricePerWorkerEpoch > type(uint96).max) {
            revert InvalidPrice(p.pricePerWorkerEpoch);
        }
        if (p.effectors.length > MAX_EFFECTORS) revert TooManyEffectors(p.effectors.length);
        for (uint256 i; i < p.effectors.length; ++i) {
            if (p.effectors[i] == 0) revert ZeroId();
        }
        Params memory params = core.params();
        t = DealArgs.Fixed({
            paymentToken: p.paymentToken,
            price: p.pricePerWorkerEpoch,
            minWorkers: p.minWorkers,
            targetWorkers: p.targetWorkers,
            maxWorkersPerProvider: p.maxWorkersPerProvider,
            minDepositEpochs: params.minDealDepositEpochs,
            openToSelfMatching: p.openToSelfMatching,
            rejoinDelay: params.dealRejoinDelay
        });
    }

    /// @inheritdoc IDealFactory
    function matchDeal(address deal, bytes32[] calldata unitIds) external returns (uint256) {
        if (!_s().deals[deal]) revert UnknownDeal(deal);
        if (unitIds.length == 0) revert NoUnits();
        return IDeal(deal).matchUnits(msg.sender, unitIds);
    }

    /// @inheritdoc IDealFactory
    function setDealImplementation(address implementation) external onlyProtocolOwner {
        if (implementation.code.length == 0) revert NotAContract(implementation);
        FactoryStorage storage s = _s();
        address current = _implementation(s);
        uint256 effective = _currentEpoch();
        if (current == address(0)) {
            s.implementation = implementation;
            s.nextImplementationEpoch = 0;
        } else {
            ++effective;
            s.implementation = current;
            s.nextImplementation = implementation;
            // forge-lint: disable-next-line(unsafe-typecast) epochs fit 32 bits for millennia
            s.nextImplementationEpoch = uint32(effective);
        }
        emit DealImplementationScheduled(implementation, effective);
    }

    /// @dev The implementation in force in the current epoch (a scheduled one once its epoch has come).
    function _implementation(FactoryStorage storage s) private view returns (address) {
        uint256 next = s.nextImplementationEpoch;
        if (next != 0 && _currentEpoch() >= next) return s.nextImplementation;
        return s.implementation;
    }

    /// @inheritdoc IDealFactory
    function dealImplementation() external view returns (address) {
        return _implementation(_s());
    }

    /// @inheritdoc IDealRegistry
    function isDeal(address account) external view returns (bool) {
        return _s().deals[account];
    }

    /// @inheritdoc IDealFactory
    function dealCount() external view returns (uint256) {
        return _s().dealCount;
    }
}
