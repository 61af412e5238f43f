// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Market: providers, offers, peers and compute units (CUs)
/// @notice Offers are chosen off chain and checked here; listing and ranking happen in the indexer. Peer and CU
/// ids are derived (`peerIdOf`, `unitIdOf`, library Ids): a peer's from its provider and public key, a CU's from its
/// peer and a label. Effectors are named by the 32-byte sha2-256 digest of their CID (the SDK converts CIDs to
/// digests and back).
interface IMarket {
    /// @notice A peer to add to an offer: its public key (the Ed25519 key of its libp2p and AIR identity), the
    /// operator that submits proofs and registers workers for it, and a label for each of its CUs. The peer's id is
    /// `peerIdOf(provider, publicKey)`, each CU's `unitIdOf(peerId, label)`.
    struct PeerInput {
        bytes32 publicKey;
        address operator;
        bytes32[] unitLabels;
    }

    struct Offer {
        address provider;
        uint96 minPricePerUnit; // payment token per CU per epoch
        address paymentToken;
        uint32 peerCount;
    }

    struct Peer {
        address operator;
        uint32 offerId;
        uint32 unitCount;
        uint32 commitmentId; // the latest commitment, 0 if none; it holds the peer while capacity.locksPeer(id)
    }

    /// @notice Everything a caller needs to know about a CU.
    struct UnitInfo {
        bytes32 peerId;
        uint256 offerId;
        address provider;
        address operator;
        uint256 commitmentId;
    }

    /// @notice What a deal checks before it matches a CU; `peerId` is 0 for an unknown CU.
    struct UnitTerms {
        bytes32 peerId;
        uint256 commitmentId; // the peer's latest commitment, 0 if none
        address provider;
        uint256 minPricePerUnit;
        address paymentToken;
        bool hasEffectors; // the offer supports every effector the deal requires
    }

    event ProviderRegistered(address indexed provider, string name, bytes metadataCid);
    event ProviderUpdated(address indexed provider, string name, bytes metadataCid);
    event OfferRegistered(
        uint256 indexed offerId, address indexed provider, address paymentToken, uint256 minPricePerUnit
    );
    event OfferPriceChanged(uint256 indexed offerId, uint256 minPricePerUnit);
    event OfferTokenChanged(uint256 indexed offerId, address paymentToken);
    event EffectorsAdded(uint256 indexed offerId, bytes32[] effectors);
    event EffectorsRemoved(uint256 indexed offerId, bytes32[] effectors);
    event OfferRemoved(uint256 indexed offerId);
    event PeerAdded(uint256 indexed offerId, bytes32 indexed peerId, bytes32 publicKey, address operator);
    event PeerOperatorChanged(bytes32 indexed peerId, address operator);
    event PeerRemoved(uint256 indexed offerId, bytes32 indexed peerId);
    event UnitsAdded(bytes32 indexed peerId, bytes32[] unitIds);
    event UnitsRemoved(bytes32 indexed peerId, bytes32[] unitIds);
    event PeerCommitmentSet(bytes32 indexed peerId, uint256 commitmentId);
    event CapacitySet(address capacity);

    error ProviderNotAllowed(address provider);
    error ProviderAlreadyRegistered(address provider);
    error ProviderNotRegistered(address provider);
    error EmptyName();
    error UnknownOffer(uint256 offerId);
    error NotOfferOwner(uint256 offerId, address caller);
    error OfferHasPeers(uint256 offerId, uint256 peerCount);
    error ZeroAddress();
    error ZeroId();
    error PriceTooHigh(uint256 price);
    error EffectorAlreadyAdded(bytes32 effector);
    error UnknownEffector(bytes32 effector);
    error PeerExists(bytes32 peerId);
    error UnknownPeer(bytes32 peerId);
    error PeerHasUnits(bytes32 peerId, uint256 unitCount);
    error PeerCommitted(bytes32 peerId, uint256 commitmentId);
    error UnitExists(bytes32 unitId);
    error UnknownUnit(bytes32 unitId);
    error UnitNotOfPeer(bytes32 unitId, bytes32 peerId);
    error UnitInDeal(bytes32 unitId);
    error NoUnits();
    error NotCapacity(address caller);
    error CapacityAlreadySet();

    /// @notice Registers the caller as a provider.
    function registerProvider(string calldata name, bytes calldata metadataCid) external;
    /// @notice Changes the caller's name and metadata CID.
    function updateProvider(string calldata name, bytes calldata metadataCid) external;
    /// @notice Whether `provider` is registered, and its name and metadata CID.
    function provider(address provider) external view returns (bool registered, string memory name, bytes memory cid);

    /// @notice Publishes an offer with its effectors, peers and CUs. With the provider allowlist on, this and
    /// `addPeers` / `addUnits` require the provider to be approved.
    function registerOffer(
        uint256 minPricePerUnit,
        address paymentToken,
        bytes32[] calldata effectors,
        PeerInput[] calldata peers
    ) external returns (uint256 offerId);
    function setOfferPrice(uint256 offerId, uint256 minPricePerUnit) external;
    function setOfferToken(uint256 offerId, address paymentToken) external;
    function addEffectors(uint256 offerId, bytes32[] calldata effectors) external;
    function removeEffectors(uint256 offerId, bytes32[] calldata effectors) external;
    /// @notice Removes an offer that has no peers left.
    function removeOffer(uint256 offerId) external;

    function addPeers(uint256 offerId, PeerInput[] calldata peers) external;
    /// @notice The id of the peer with `publicKey` registered by `provider`.
    function peerIdOf(address provider, bytes32 publicKey) external pure returns (bytes32);
    /// @notice The id of the CU labelled `label` on the peer `peerId`.
    function unitIdOf(bytes32 peerId, bytes32 label) external pure returns (bytes32);
    /// @notice Removes a peer that has no CUs and no commitment.
    function removePeer(bytes32 peerId) external;
    function setPeerOperator(bytes32 peerId, address operator) external;
    /// @notice Adds CUs to a peer of the caller, one per label (their ids are `unitIdOf(peerId, label)`).
    function addUnits(bytes32 peerId, bytes32[] calldata unitLabels) external;
    /// @notice Removes CUs of a peer that is not committed; none of them may be in a deal.
    function removeUnits(bytes32 peerId, bytes32[] calldata unitIds) external;

    /// @notice Wires the capacity module, once, after it is deployed (protocol owner only).
    function setCapacity(address capacity) external;
    function capacity() external view returns (address);
    /// @notice Called by the capacity module when a commitment is created for the peer.
    function setPeerCommitment(bytes32 peerId, uint256 commitmentId) external;

    function offer(uint256 offerId) external view returns (Offer memory);
    function offerCount() external view returns (uint256);
    /// @notice Whether the offer supports every effector in `effectors`.
    function hasEffectors(uint256 offerId, bytes32[] calldata effectors) external view returns (bool);
    function hasEffector(uint256 offerId, bytes32 effector) external view returns (bool);
    function peer(bytes32 peerId) external view returns (Peer memory);
    /// @notice The peer and the provider that owns it; reverts for an unknown peer.
    function peerWithProvider(bytes32 peerId) external view returns (Peer memory, address provider);
    /// @notice The CU's peer, offer, provider, operator and commitment; reverts for an unknown CU.
    function unit(bytes32 unitId) external view returns (UnitInfo memory);
    /// @notice The CU's peer, provider and offer terms, and whether the offer has every effector in `effectors`:
    /// the lookup matching needs. Does not revert for an unknown CU (`peerId` is 0).
    function unitTerms(bytes32 unitId, bytes32[] calldata effectors) external view returns (UnitTerms memory);
    /// @notice The CU's peer, its operator and commitment: the lookup proof submission needs.
    function unitPeer(bytes32 unitId) external view returns (bytes32 peerId, Peer memory);
}
