// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICore} from "../interfaces/ICore.sol";
import {IMarket} from "../interfaces/IMarket.sol";
import {ICapacity} from "../interfaces/ICapacity.sol";
import {ProtocolModule} from "../core/ProtocolModule.sol";
import {Ids} from "../libraries/Ids.sol";

/// @title Market
/// @notice Providers, their offers, peers and CUs. A CU costs one storage slot (its peer) and a peer one slot
/// (operator, offer, CU count, commitment), so registering capacity stays cheap; listing is left to the indexer.
contract Market is IMarket, ProtocolModule {
    struct ProviderRecord {
        bool registered;
        string name;
        bytes metadataCid;
    }

    /// @custom:storage-location erc7201:cloudless.market
    struct MarketStorage {
        uint32 offerCount;
        ICapacity capacity;
        mapping(address provider => ProviderRecord) providers;
        mapping(uint256 offerId => Offer) offers;
        mapping(uint256 offerId => mapping(bytes32 effector => bool)) effectors;
        mapping(bytes32 peerId => Peer) peers;
        mapping(bytes32 unitId => bytes32 peerId) unitPeers;
    }

    // keccak256(abi.encode(uint256(keccak256("cloudless.market")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_SLOT = 0xc0314ace193e36e58cae39cafe97ee18c7d1b4dbcbaa34505d9d9a17c346ed00;

    function _s() private pure returns (MarketStorage storage s) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            s.slot := STORAGE_SLOT
        }
    }

    constructor(ICore core_) ProtocolModule(core_) {}

    function initialize() external initializer {}

    // ---------------------------------------------------------------- providers

    /// @inheritdoc IMarket
    function registerProvider(string calldata name, bytes calldata metadataCid) external {
        _checkAllowed();
        ProviderRecord storage p = _s().providers[msg.sender];
        if (p.registered) revert ProviderAlreadyRegistered(msg.sender);
        if (bytes(name).length == 0) revert EmptyName();
        p.registered = true;
        p.name = name;
        p.metadataCid = metadataCid;
        emit ProviderRegistered(msg.sender, name, metadataCid);
    }

    /// @inheritdoc IMarket
    function updateProvider(string calldata name, bytes calldata metadataCid) external {
        ProviderRecord storage p = _s().providers[msg.sender];
        if (!p.registered) revert ProviderNotRegistered(msg.sender);
        if (bytes(name).length == 0) revert EmptyName();
        p.name = name;
        p.metadataCid = metadataCid;
        emit ProviderUpdated(msg.sender, name, metadataCid);
    }

    /// @inheritdoc IMarket
    function provider(address account) external view returns (bool, string memory, bytes memory) {
        ProviderRecord storage p = _s().providers[account];
        return (p.registered, p.name, p.metadataCid);
    }

    // ---------------------------------------------------------------- offers

    /// @inheritdoc IMarket
    function registerOffer(
        uint256 minPricePerUnit,
        address paymentToken,
        bytes32[] calldata effectors,
        PeerInput[] calldata peers
    ) external returns (uint256 offerId) {
        MarketStorage storage s = _s();
        if (!s.providers[msg.sender].registered) revert ProviderNotRegistered(msg.sender);
        _checkAllowed();
        if (paymentToken == address(0)) revert ZeroAddress();
        offerId = ++s.offerCount;
        s.offers[offerId] = Offer({
            provider: msg.sender,
            minPricePerUnit: _price(minPricePerUnit),
            paymentToken: paymentToken,
            peerCount: uint32(peers.length)
        });
        emit OfferRegistered(offerId, msg.sender, paymentToken, minPricePerUnit);
        if (effectors.length != 0) _addEffectors(s, offerId, effectors);
        for (uint256 i; i < peers.length; ++i) {
            _addPeer(s, offerId, peers[i]);
        }
    }

    /// @inheritdoc IMarket
    function setOfferPrice(uint256 offerId, uint256 minPricePerUnit) external {
        _ownedOffer(offerId).minPricePerUnit = _price(minPricePerUnit);
        emit OfferPriceChanged(offerId, minPricePerUnit);
    }

    /// @inheritdoc IMarket
    function setOfferToken(uint256 offerId, address paymentToken) external {
        if (paymentToken == address(0)) revert ZeroAddress();
        _ownedOffer(offerId).paymentToken = paymentToken;
        emit OfferTokenChanged(offerId, paymentToken);
    }

    /// @inheritdoc IMarket
    function addEffectors(uint256 offerId, bytes32[] calldata effectors) external {
        _ownedOffer(offerId);
        _addEffectors(_s(), offerId, effectors);
    }

    /// @inheritdoc IMarket
    function removeEffectors(uint256 offerId, bytes32[] calldata effectors) external {
        _ownedOffer(offerId);
        mapping(bytes32 => bool) storage set = _s().effectors[offerId];
        for (uint256 i; i < effectors.length; ++i) {
            if (!set[effectors[i]]) revert UnknownEffector(effectors[i]);
            set[effectors[i]] = false;
        }
        emit EffectorsRemoved(offerId, effectors);
    }

    /// @inheritdoc IMarket
    function removeOffer(uint256 offerId) external {
        Offer storage o = _ownedOffer(offerId);
        if (o.peerCount != 0) revert OfferHasPeers(offerId, o.peerCount);
        delete _s().offers[offerId];
        emit OfferRemoved(offerId);
    }

    // ---------------------------------------------------------------- peers and CUs

    /// @inheritdoc IMarket
    function addPeers(uint256 offerId, PeerInput[] calldata peers) external {
        Offer storage o = _ownedOffer(offerId);
        _checkAllowed();
        o.peerCount += uint32(peers.length);
        MarketStorage storage s = _s();
        for (uint256 i; i < peers.length; ++i) {
            _addPeer(s, offerId, peers[i]);
        }
    }

    /// @inheritdoc IMarket
    function removePeer(bytes32 peerId) external {
        Peer storage p = _ownedPeer(peerId);
        _checkNotCommitted(peerId, p);
        if (p.unitCount != 0) revert PeerHasUnits(peerId, p.unitCount);
        uint256 offerId = p.offerId;
        MarketStorage storage s = _s();
        --s.offers[offerId].peerCount;
        delete s.peers[peerId];
        emit PeerRemoved(offerId, peerId);
    }

    /// @inheritdoc IMarket
    function setPeerOperator(bytes32 peerId, address operator) external {
        if (operator == address(0)) revert ZeroAddress();
        _ownedPeer(peerId).operator = operator;
        emit PeerOperatorChanged(peerId, operator);
    }

    /// @inheritdoc IMarket
    function addUnits(bytes32 peerId, bytes32[] calldata unitLabels) external {
        Peer storage p = _ownedPeer(peerId);
        _checkAllowed();
        _checkNotCommitted(peerId, p);
        if (unitLabels.length == 0) revert NoUnits();
        p.unitCount += uint32(unitLabels.length);
        _addUnits(_s(), peerId, unitLabels);
    }

    /// @inheritdoc IMarket
    function peerIdOf(address provider_, bytes32 publicKey) external pure returns (bytes32) {
        return Ids.peerId(provider_, publicKey);
    }

    /// @inheritdoc IMarket
    function unitIdOf(bytes32 peerId, bytes32 label) external pure returns (bytes32) {
        return Ids.unitId(peerId, label);
    }

    /// @inheritdoc IMarket
    function removeUnits(bytes32 peerId, bytes32[] calldata unitIds) external {
        Peer storage p = _ownedPeer(peerId);
        _checkNotCommitted(peerId, p);
        if (unitIds.length == 0) revert NoUnits();
        MarketStorage storage s = _s();
        ICapacity capacity_ = s.capacity;
        for (uint256 i; i < unitIds.length; ++i) {
            bytes32 unitId = unitIds[i];
            if (s.unitPeers[unitId] != peerId) revert UnitNotOfPeer(unitId, peerId);
            if (capacity_.isInDeal(unitId)) revert UnitInDeal(unitId);
            delete s.unitPeers[unitId];
        }
        p.unitCount -= uint32(unitIds.length);
        emit UnitsRemoved(peerId, unitIds);
    }

    /// @inheritdoc IMarket
    function setCapacity(address capacity_) external onlyProtocolOwner {
        MarketStorage storage s = _s();
        if (address(s.capacity) != address(0)) revert CapacityAlreadySet();
        if (capacity_ == address(0)) revert ZeroAddress();
        s.capacity = ICapacity(capacity_);
        emit CapacitySet(capacity_);
    }

    /// @inheritdoc IMarket
    function capacity() external view returns (address) {
        return address(_s().capacity);
    }

    /// @inheritdoc IMarket
    function setPeerCommitment(bytes32 peerId, uint256 commitmentId) external {
        MarketStorage storage s = _s();
        if (msg.sender != address(s.capacity)) revert NotCapacity(msg.sender);
        Peer storage p = s.peers[peerId];
        if (p.operator == address(0)) revert UnknownPeer(peerId);
        // forge-lint: disable-next-line(unsafe-typecast) commitment ids are 32-bit counters in the capacity module
        p.commitmentId = uint32(commitmentId);
        emit PeerCommitmentSet(peerId, commitmentId);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IMarket
    function offer(uint256 offerId) external view returns (Offer memory) {
        Offer memory o = _s().offers[offerId];
        if (o.provider == address(0)) revert UnknownOffer(offerId);
        return o;
    }

    /// @inheritdoc IMarket
    function offerCount() external view returns (uint256) {
        return _s().offerCount;
    }

    /// @inheritdoc IMarket
    function hasEffectors(uint256 offerId, bytes32[] calldata effectors) external view returns (bool) {
        return _hasEffectors(_s(), offerId, effectors);
    }

    /// @inheritdoc IMarket
    function hasEffector(uint256 offerId, bytes32 effector) external view returns (bool) {
        return _s().effectors[offerId][effector];
    }

    /// @inheritdoc IMarket
    function peer(bytes32 peerId) external view returns (Peer memory p) {
        p = _s().peers[peerId];
        if (p.operator == address(0)) revert UnknownPeer(peerId);
    }

    /// @inheritdoc IMarket
    function peerWithProvider(bytes32 peerId) external view returns (Peer memory p, address owner) {
        MarketStorage storage s = _s();
        p = s.peers[peerId];
        if (p.operator == address(0)) revert UnknownPeer(peerId);
        owner = s.offers[p.offerId].provider;
    }

    /// @inheritdoc IMarket
    function unit(bytes32 unitId) external view returns (UnitInfo memory info) {
        (bytes32 peerId, Peer memory p) = unitPeer(unitId);
        info = UnitInfo({
            peerId: peerId,
            offerId: p.offerId,
            provider: _s().offers[p.offerId].provider,
            operator: p.operator,
            commitmentId: p.commitmentId
        });
    }

    /// @inheritdoc IMarket
    function unitTerms(bytes32 unitId, bytes32[] calldata effectors) external view returns (UnitTerms memory t) {
        MarketStorage storage s = _s();
        bytes32 peerId = s.unitPeers[unitId];
        if (peerId == 0) return t;
        Peer storage p = s.peers[peerId];
        uint256 offerId = p.offerId;
        Offer storage o = s.offers[offerId];
        t.peerId = peerId;
        t.commitmentId = p.commitmentId;
        t.provider = o.provider;
        t.minPricePerUnit = o.minPricePerUnit;
        t.paymentToken = o.paymentToken;
        t.hasEffectors = _hasEffectors(s, offerId, effectors);
    }

    /// @inheritdoc IMarket
    function unitPeer(bytes32 unitId) public view returns (bytes32 peerId, Peer memory p) {
        MarketStorage storage s = _s();
        peerId = s.unitPeers[unitId];
        if (peerId == 0) revert UnknownUnit(unitId);
        p = s.peers[peerId];
    }

    // ---------------------------------------------------------------- internals

    function _ownedOffer(uint256 offerId) private view returns (Offer storage o) {
        o = _s().offers[offerId];
        if (o.provider != msg.sender) {
            if (o.provider == address(0)) revert UnknownOffer(offerId);
            revert NotOfferOwner(offerId, msg.sender);
        }
    }

    /// @dev With the allowlist on, only approved providers register and bring new capacity (offers, peers, CUs);
    /// a provider whose approval is withdrawn keeps what it has but cannot grow it.
    function _checkAllowed() private view {
        if (!core.isProviderAllowed(msg.sender)) revert ProviderNotAllowed(msg.sender);
    }

    /// @dev A peer keeps the id of its latest commitment, which holds it until it is finished or removed.
    function _checkNotCommitted(bytes32 peerId, Peer storage p) private view {
        uint256 id = p.commitmentId;
        if (id != 0 && _s().capacity.locksPeer(id)) revert PeerCommitted(peerId, id);
    }

    function _ownedPeer(bytes32 peerId) private view returns (Peer storage p) {
        MarketStorage storage s = _s();
        p = s.peers[peerId];
        if (p.operator == address(0)) revert UnknownPeer(peerId);
        uint256 offerId = p.offerId;
        if (s.offers[offerId].provider != msg.sender) revert NotOfferOwner(offerId, msg.sender);
    }

    /// @dev The peer's id is scoped by the caller, so no other provider's registration can take it.
    function _addPeer(MarketStorage storage s, uint256 offerId, PeerInput calldata input) private {
        bytes32 publicKey = input.publicKey;
        if (publicKey == 0) revert ZeroId();
        if (input.operator == address(0)) revert ZeroAddress();
        bytes32 peerId = Ids.peerId(msg.sender, publicKey);
        Peer storage p = s.peers[peerId];
        if (p.operator != address(0)) revert PeerExists(peerId);
        p.operator = input.operator;
        // forge-lint: disable-next-line(unsafe-typecast) offer ids come from the 32-bit, checked offerCount
        p.offerId = uint32(offerId);
        p.unitCount = uint32(input.unitLabels.length);
        emit PeerAdded(offerId, peerId, publicKey, input.operator);
        if (input.unitLabels.length != 0) _addUnits(s, peerId, input.unitLabels);
    }

    /// @dev CU ids are hashes of their peer's id (itself scoped by the provider) and a label: no other provider's
    /// registration can take them, and none is ever below 2^32, which deals rely on (they keep an epoch where
    /// they keep a CU id).
    function _addUnits(MarketStorage storage s, bytes32 peerId, bytes32[] calldata labels) private {
        bytes32[] memory unitIds = new bytes32[](labels.length);
        for (uint256 i; i < labels.length; ++i) {
            bytes32 unitId = Ids.unitId(peerId, labels[i]);
            if (s.unitPeers[unitId] != 0) revert UnitExists(unitId);
            s.unitPeers[unitId] = peerId;
            unitIds[i] = unitId;
        }
        emit UnitsAdded(peerId, unitIds);
    }

    function _addEffectors(MarketStorage storage s, uint256 offerId, bytes32[] calldata effectors) private {
        mapping(bytes32 => bool) storage set = s.effectors[offerId];
        for (uint256 i; i < effectors.length; ++i) {
            bytes32 effector = effectors[i];
            if (effector == 0) revert ZeroId();
            if (set[effector]) revert EffectorAlreadyAdded(effector);
            set[effector] = true;
        }
        emit EffectorsAdded(offerId, effectors);
    }

    function _hasEffectors(MarketStorage storage s, uint256 offerId, bytes32[] calldata effectors)
        private
        view
        returns (bool)
    {
        mapping(bytes32 => bool) storage set = s.effectors[offerId];
        for (uint256 i; i < effectors.length; ++i) {
            if (!set[effectors[i]]) return false;
        }
        return true;
    }

    function _price(uint256 price) private pure returns (uint96) {
        if (price > type(uint96).max) revert PriceTooHigh(price);
        // forge-lint: disable-next-line(unsafe-typecast) checked on the line above
        return uint96(price);
    }
}
