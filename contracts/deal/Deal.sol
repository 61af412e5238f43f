// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ICore} from "../interfaces/ICore.sol";
import {IMarket} from "../interfaces/IMarket.sol";
import {ICapacity} from "../interfaces/ICapacity.sol";
import {IDeal} from "../interfaces/IDeal.sol";
import {Billing, DealBilling, ProviderAccount} from "../libraries/DealBilling.sol";
import {DealArgs} from "../libraries/DealArgs.sol";
import {Epochs} from "../libraries/Epochs.sol";

/// @title Deal
/// @notice The implementation every deal is a minimal clone of. The clone's immutable arguments hold its terms
/// (`DealArgs`); its storage holds the owner, app CID, access list, billing state, the CU serving it on each
/// peer, workers and provider accounts. A new version of this contract is used by deals created after the factory
/// switched to it; an existing deal keeps the code it was created with (see docs/deals.md).
contract Deal is IDeal, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using DealBilling for Billing;
    using DealBilling for ProviderAccount;

    address public immutable factory;
    IMarket public immutable market;
    ICapacity public immutable capacity;
    uint256 internal immutable EPOCH_START;
    uint256 internal immutable EPOCH_DURATION;

    /// @dev Who may match and return CUs, in one slot; whether the deal ended and how many CUs it has are in the
    /// billing slot, which the same calls write.
    struct Header {
        address owner;
        AccessMode accessMode;
        uint64 appCodec;
    }

    Header internal _header;
    bytes32 internal _appCid;
    Billing internal _billing;
    address internal _pendingOwner;
    /// @dev The CU of the peer serving the deal; once it left, the epoch from which a CU of the peer may join
    /// again. One slot holds either: CU ids are hashes (Ids.unitId), never below 2^32, and epochs are 32-bit.
    mapping(bytes32 peerId => bytes32 unitOrRejoinEpoch) internal _units;
    mapping(bytes32 peerId => bytes32 workerId) internal _workers;
    mapping(address provider => ProviderAccount) internal _accounts;
    mapping(address provider => bool) internal _listed;

    constructor(address factory_, ICore core_) {
        factory = factory_;
        market = IMarket(core_.market());
        capacity = ICapacity(core_.capacity());
        EPOCH_START = core_.epochStart();
        EPOCH_DURATION = core_.epochDuration();
    }

    modifier onlyOwner() {
        if (msg.sender != _header.owner) revert NotOwner(msg.sender);
        _;
    }

    /// @inheritdoc IDeal
    function initialize(
        address owner_,
        bytes32 appCid_,
        uint64 appCodec_,
        AccessMode accessMode_,
        address[] calldata accessList,
        uint256 balance
    ) external {
        if (msg.sender != factory) revert NotFactory(msg.sender);
        if (_header.owner != address(0)) revert AlreadyInitialized();
        _header = Header({owner: owner_, accessMode: accessMode_, appCodec: appCodec_});
        _appCid = appCid_;
        for (uint256 i; i < accessList.length; ++i) {
            _listed[accessList[i]] = true;
        }
        uint32 epoch = SafeCast.toUint32(_currentEpoch());
        _billing = Billing({
            balance: SafeCast.toUint96(balance),
            paidEpochs: 0,
            billedThrough: epoch,
            paidThrough: epoch,
            endEpoch: 0,
            workers: 0,
            units: 0
        });
    }

    // ---------------------------------------------------------------- matching

    /// @dev What every candidate of one `matchUnits` call is checked against.
    struct Matching {
        address caller;
        bool byOwner;
        AccessMode accessMode;
        uint256 epoch;
        bytes32[] effectors;
        DealArgs.Fixed terms;
    }

    /// @inheritdoc IDeal
    /// @dev Not behind the reentrancy guard: it moves no token and calls only the market and the capacity module,
    /// and a call made from a token's hook sees consistent books (every function that transfers writes its state
    /// before the transfer, and deposit reads it after), so the ~440 gas the guard costs stay in matching's budget.
    function matchUnits(address caller, bytes32[] calldata unitIds) external returns (uint256 matched) {
        if (msg.sender != factory) revert NotFactory(msg.sender);
        Header memory h = _header;
        Billing memory b = _billing;
        if (b.endEpoch != 0) revert DealEnded();
        Matching memory m;
        m.terms = DealArgs.load();
        m.caller = caller;
        m.byOwner = caller == h.owner;
        if (!m.byOwner && !m.terms.openToSelfMatching) revert NotMatcher(caller);
        m.accessMode = h.accessMode;
        m.epoch = _currentEpoch();
        bool billed = _settle(b, m.terms.price);
        _checkCanPay(b, m.terms);
        m.effectors = DealArgs.effectors();
        for (uint256 i; i < unitIds.length; ++i) {
            MatchResult result = _matchUnit(m, b, unitIds[i]);
            if (result == MatchResult.Matched) {
                ++matched;
            } else {
                emit UnitSkipped(unitIds[i], result);
            }
        }
        if (billed || matched != 0) _billing = b;
    }

    /// @dev Counts a matched CU in `b.units`, which the caller stores.
    function _matchUnit(Matching memory m, Billing memory b, bytes32 unitId) private returns (MatchResult) {
        if (b.units >= m.terms.targetWorkers) return MatchResult.TargetReached;
        IMarket.UnitTerms memory u = market.unitTerms(unitId, m.effectors);
        if (u.peerId == 0) return MatchResult.UnknownUnit;
        if (!m.byOwner && u.provider != m.caller) return MatchResult.NotCallersUnit;
        if (u.minPricePerUnit > m.terms.price) return MatchResult.PriceTooHigh;
        if (u.paymentToken != m.terms.paymentToken) return MatchResult.WrongToken;
        if (!u.hasEffectors) return MatchResult.MissingEffectors;
        if (!_allowed(m.accessMode, u.provider)) return MatchResult.ProviderNotAllowed;
        uint256 peerSlot = uint256(_units[u.peerId]);
        if (peerSlot > type(uint32).max) return MatchResult.PeerInDeal;
        if (m.epoch < peerSlot) return MatchResult.RejoinTooSoon;
        ProviderAccount memory a = _accounts[u.provider];
        if (a.units >= m.terms.maxWorkersPerProvider) return MatchResult.ProviderCapReached;
        ICapacity.JoinResult joined = capacity.onUnitJoinedDeal(unitId, u.commitmentId);
        if (joined == ICapacity.JoinResult.UnitInDeal) return MatchResult.UnitInDeal;
        if (joined == ICapacity.JoinResult.CommitmentNotActive) return MatchResult.CommitmentNotActive;
        _units[u.peerId] = unitId;
        ++a.units;
        _accounts[u.provider] = a;
        ++b.units;
        emit UnitMatched(unitId, u.peerId, u.provider, m.caller);
        return MatchResult.Matched;
    }

    /// @dev A deal that could not pay its CUs must not take them out of proving: billed up to now, it must owe nothing
    /// unpaid and hold at least its floor.
    function _checkCanPay(Billing memory b, DealArgs.Fixed memory t) private pure {
        if (b.workers != 0 && b.paidThrough < b.billedThrough) revert DealCannotPay(Status.InsufficientFunds);
        if (b.balance < _floor(t)) revert DealCannotPay(Status.SmallBalance);
    }

    function _allowed(AccessMode mode, address provider) private view returns (bool) {
        if (mode == AccessMode.None) return true;
        return _listed[provider] == (mode == AccessMode.Allowlist);
    }

    // ---------------------------------------------------------------- workers

    /// @inheritdoc IDeal
    function setWorker(bytes32 unitId, bytes32 workerId) external nonReentrant {
        if (workerId == 0) revert ZeroId();
        Billing memory b = _billing;
        if (b.endEpoch != 0) revert DealEnded();
        IMarket.UnitInfo memory info = _member(unitId);
        if (msg.sender != info.provider && msg.sender != info.operator) revert NotUnitController(unitId, msg.sender);
        bytes32 previous = _workers[info.peerId];
        _workers[info.peerId] = workerId;
        if (previous == 0) {
            uint256 price = DealArgs.price();
            _settle(b, price);
            ProviderAccount memory a = _accounts[info.provider];
            a.accrue(b.paidEpochs, price);
            ++a.workers;
            _accounts[info.provider] = a;
            ++b.workers;
            _billing = b;
        }
        emit WorkerSet(unitId, info.peerId, workerId, previous);
    }

    /// @inheritdoc IDeal
    function returnUnit(bytes32 unitId) external nonReentrant {
        IMarket.UnitInfo memory info = _member(unitId);
        Billing memory b = _billing;
        if (
            msg.sender != info.provider && msg.sender != info.operator && b.endEpoch == 0 && msg.sender != _header.owner
        ) revert NotUnitController(unitId, msg.sender);
        uint256 price = DealArgs.price();
        _settle(b, price);
        ProviderAccount memory a = _accounts[info.provider];
        if (_workers[info.peerId] != 0) {
            a.accrue(b.paidEpochs, price);
            --a.workers;
            --b.workers;
            delete _workers[info.peerId];
        }
        --a.units;
        --b.units;
        // forge-lint: disable-next-line(unsafe-typecast) an epoch plus a 16-bit delay fits 32 bits for millennia
        _units[info.peerId] = bytes32(uint256(uint32(_currentEpoch() + DealArgs.rejoinDelay())));
        _accounts[info.provider] = a;
        _billing = b;
        capacity.onUnitLeftDeal(unitId, info.commitmentId);
        emit UnitReturned(unitId, info.peerId, info.provider, msg.sender);
    }

    /// @dev The CU's market record; reverts unless it serves this deal.
    function _member(bytes32 unitId) private view returns (IMarket.UnitInfo memory info) {
        info = market.unit(unitId);
        if (_units[info.peerId] != unitId) revert UnitNotInDeal(unitId);
    }

    // ---------------------------------------------------------------- pay

    /// @inheritdoc IDeal
    function claimPay(bytes32 unitId) external returns (uint256) {
        IMarket.UnitInfo memory info = market.unit(unitId);
        if (msg.sender != info.provider && msg.sender != info.operator) revert NotUnitController(unitId, msg.sender);
        return _claim(info.provider, info.provider);
    }

    /// @inheritdoc IDeal
    function claimProviderPay() external returns (uint256) {
        return _claim(msg.sender, msg.sender);
    }

    /// @inheritdoc IDeal
    function claimProviderPayTo(address to) external returns (uint256) {
        return _claim(msg.sender, to);
    }

    function _claim(address provider, address to) private nonReentrant returns (uint256 amount) {
        Billing memory b = _billing;
        uint256 price = DealArgs.price();
        if (_settle(b, price)) _billing = b;
        ProviderAccount memory a = _accounts[provider];
        a.accrue(b.paidEpochs, price);
        amount = a.owed;
        if (amount == 0) revert NothingToClaim(provider);
        a.owed = 0;
        _accounts[provider] = a;
        IERC20(DealArgs.paymentToken()).safeTransfer(to, amount);
        emit PayClaimed(provider, amount);
    }

    // ---------------------------------------------------------------- balance

    /// @inheritdoc IDeal
    function deposit(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (_billing.endEpoch != 0) revert DealEnded();
        IERC20 token = IERC20(DealArgs.paymentToken());
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        // What arrived, so that a token taking a fee on transfer cannot leave the deal owing more than it holds.
        uint256 received = token.balanceOf(address(this)) - before;
        // Read after the transfer, so that what is written back is the state as the token left it.
        Billing memory b = _billing;
        _settle(b, DealArgs.price());
        uint256 balance = b.balance + received;
        if (balance > type(uint96).max) revert AmountTooLarge(amount);
        // forge-lint: disable-next-line(unsafe-typecast) checked on the line above
        b.balance = uint96(balance);
        _billing = b;
        emit Deposited(msg.sender, received, balance);
    }

    /// @inheritdoc IDeal
    function withdraw(uint256 amount) external {
        withdrawTo(amount, msg.sender);
    }

    /// @inheritdoc IDeal
    function withdrawTo(uint256 amount, address to) public onlyOwner nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Billing memory b = _billing;
        DealArgs.Fixed memory t = DealArgs.load();
        _settle(b, t.price);
        uint256 available = _withdrawable(b, t);
        if (amount > available) revert WithdrawalTooLarge(amount, available);
        // forge-lint: disable-next-line(unsafe-typecast) amount <= balance, checked above
        b.balance -= uint96(amount);
        _billing = b;
        IERC20(t.paymentToken).safeTransfer(to, amount);
        emit Withdrawn(to, amount, b.balance);
    }

    /// @inheritdoc IDeal
    function stop() external onlyOwner nonReentrant {
        Billing memory b = _billing;
        if (b.endEpoch != 0) revert DealEnded();
        _settle(b, DealArgs.price());
        uint256 epoch = _currentEpoch();
        b.endEpoch = SafeCast.toUint32(epoch + 1);
        _billing = b;
        emit Stopped(epoch, b.balance);
    }

    function _withdrawable(Billing memory b, DealArgs.Fixed memory t) private pure returns (uint256) {
        if (b.endEpoch != 0) return b.balance;
        uint256 floor = _floor(t);
        return b.balance > floor ? b.balance - floor : 0;
    }

    function _floor(DealArgs.Fixed memory t) private pure returns (uint256) {
        return t.minDepositEpochs * t.targetWorkers * t.price;
    }

    /// @dev Bills the epochs up to the current one into `b` (not stored); returns whether anything was billed.
    function _settle(Billing memory b, uint256 price) private returns (bool) {
        uint256 from = b.billedThrough + 1;
        uint256 balance = b.balance;
        (uint256 paid, bool billed) = b.settle(_currentEpoch(), price);
        if (billed && b.workers != 0) emit EpochsBilled(from, b.billedThrough, paid, balance - b.balance, b.balance);
        return billed;
    }

    function _settled() private view returns (Billing memory b, DealArgs.Fixed memory t) {
        b = _billing;
        t = DealArgs.load();
        b.settle(_currentEpoch(), t.price);
    }

    function _currentEpoch() private view returns (uint256) {
        return Epochs.current(EPOCH_START, EPOCH_DURATION);
    }

    // ---------------------------------------------------------------- owner's settings

    /// @inheritdoc IDeal
    function setAppCid(uint64 codec, bytes32 digest) external onlyOwner {
        if (digest == 0) revert ZeroId();
        _header.appCodec = codec;
        _appCid = digest;
        emit AppCidChanged(codec, digest);
    }

    /// @inheritdoc IDeal
    function setAccessMode(AccessMode mode) external onlyOwner {
        _header.accessMode = mode;
        emit AccessModeChanged(mode);
    }

    /// @inheritdoc IDeal
    function setAccessList(address[] calldata providers, bool listed) external onlyOwner {
        for (uint256 i; i < providers.length; ++i) {
            _listed[providers[i]] = listed;
        }
        emit AccessListChanged(providers, listed);
    }

    /// @inheritdoc IDeal
    function transferOwnership(address newOwner) external onlyOwner {
        _pendingOwner = newOwner;
        emit OwnershipTransferStarted(msg.sender, newOwner);
    }

    /// @inheritdoc IDeal
    function acceptOwnership() external {
        address pending = _pendingOwner;
        if (msg.sender != pending || pending == address(0)) revert NotPendingOwner(msg.sender);
        emit OwnershipTransferred(_header.owner, pending);
        _header.owner = pending;
        _pendingOwner = address(0);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IDeal
    function owner() external view returns (address) {
        return _header.owner;
    }

    /// @inheritdoc IDeal
    function pendingOwner() external view returns (address) {
        return _pendingOwner;
    }

    /// @inheritdoc IDeal
    function terms() external view returns (Terms memory) {
        DealArgs.Fixed memory t = DealArgs.load();
        return Terms({
            paymentToken: t.paymentToken,
            pricePerWorkerEpoch: t.price,
            minWorkers: t.minWorkers,
            targetWorkers: t.targetWorkers,
            maxWorkersPerProvider: t.maxWorkersPerProvider,
            minDepositEpochs: t.minDepositEpochs,
            openToSelfMatching: t.openToSelfMatching,
            rejoinDelay: t.rejoinDelay
        });
    }

    /// @inheritdoc IDeal
    function effectors() external view returns (bytes32[] memory) {
        return DealArgs.effectors();
    }

    /// @inheritdoc IDeal
    function appCid() external view returns (uint64 codec, bytes32 digest) {
        return (_header.appCodec, _appCid);
    }

    /// @inheritdoc IDeal
    function accessMode() external view returns (AccessMode) {
        return _header.accessMode;
    }

    /// @inheritdoc IDeal
    function isListed(address provider) external view returns (bool) {
        return _listed[provider];
    }

    /// @inheritdoc IDeal
    function billing() external view returns (Billing memory b) {
        (b,) = _settled();
    }

    /// @inheritdoc IDeal
    function status() external view returns (Status) {
        (Billing memory b, DealArgs.Fixed memory t) = _settled();
        if (b.endEpoch != 0) return Status.Ended;
        if (b.workers != 0 && b.paidThrough < b.billedThrough) return Status.InsufficientFunds;
        if (b.units < t.minWorkers) return Status.NotEnoughWorkers;
        if (b.balance < _floor(t)) return Status.SmallBalance;
        return Status.Active;
    }

    /// @inheritdoc IDeal
    function runway() external view returns (uint256) {
        (Billing memory b, DealArgs.Fixed memory t) = _settled();
        if (b.endEpoch != 0) return 0;
        uint256 workers = b.workers == 0 ? t.targetWorkers : b.workers;
        return b.balance / (workers * t.price);
    }

    /// @inheritdoc IDeal
    function unitCount() external view returns (uint256) {
        return _billing.units;
    }

    /// @inheritdoc IDeal
    function minBalance() external view returns (uint256) {
        return _floor(DealArgs.load());
    }

    /// @inheritdoc IDeal
    function providerPay(address provider) external view returns (ProviderPay memory) {
        (Billing memory b, DealArgs.Fixed memory t) = _settled();
        ProviderAccount memory a = _accounts[provider];
        return ProviderPay({units: a.units, workers: a.workers, due: a.due(b.paidEpochs, t.price)});
    }

    /// @inheritdoc IDeal
    function unitOfPeer(bytes32 peerId) external view returns (bytes32 unitId) {
        unitId = _units[peerId];
        if (uint256(unitId) <= type(uint32).max) return 0;
    }

    /// @inheritdoc IDeal
    function workerOfPeer(bytes32 peerId) external view returns (bytes32) {
        return _workers[peerId];
    }
}
