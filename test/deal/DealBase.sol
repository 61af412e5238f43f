// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

/// @notice Deals over the protocol fixture: a developer holding the payment token, offers whose CUs are committed
/// and active, and shortcuts to create, match and staff deals.
abstract contract DealBase is Fixture {
    uint256 internal constant DEAL_PRICE = 2 * PRICE; // the fixture's offers ask PRICE
    uint64 internal constant APP_CODEC = 0x70; // dag-pb
    bytes32 internal constant APP_CID = keccak256("app");
    uint256 internal constant FLOOR_EPOCHS = 2; // the fixture's minDealDepositEpochs

    address internal developer = makeAddr("developer");

    function setUp() public virtual override {
        super.setUp();
        usd.mint(developer, 1e30);
        vm.prank(developer);
        usd.approve(address(dealFactory), type(uint256).max);
    }

    /// @notice A deal for `target` workers, at most `cap` per provider, with no effector and no access list,
    /// funded with exactly its floor.
    function dealParams(uint256 target, uint256 cap) internal pure returns (IDealFactory.DealParams memory p) {
        p.appCid = APP_CID;
        p.appCodec = APP_CODEC;
        p.minWorkers = 1;
        p.targetWorkers = target;
        p.maxWorkersPerProvider = cap;
        p.pricePerWorkerEpoch = DEAL_PRICE;
        p.deposit = FLOOR_EPOCHS * target * DEAL_PRICE;
    }

    function createDeal(IDealFactory.DealParams memory p) internal returns (Deal deal) {
        if (p.paymentToken == address(0)) p.paymentToken = address(usd);
        vm.prank(developer);
        deal = Deal(dealFactory.createDeal(p));
    }

    function createDeal(uint256 target, uint256 cap) internal returns (Deal) {
        return createDeal(dealParams(target, cap));
    }

    function matchDeal(Deal deal, bytes32[] memory unitIds) internal returns (uint256) {
        vm.prank(developer);
        return dealFactory.matchDeal(address(deal), unitIds);
    }

    function one(bytes32 id) internal pure returns (bytes32[] memory ids) {
        ids = new bytes32[](1);
        ids[0] = id;
    }

    /// @notice Registers an offer of `provider_` with `peers` peers of one CU each, operated by `operator_`, and
    /// commits them; the commitments become active once the clock passes the current epoch.
    function committedPeers(address provider_, address operator_, uint256 peers, bytes32[] memory effectors)
        internal
        returns (bytes32[] memory unitIds, bytes32[] memory peerIds)
    {
        (unitIds, peerIds,) = committedPeers(provider_, operator_, peers, 1, effectors);
    }

    /// @notice As above with `unitsPerPeer` CUs on each peer: `unitIds` holds the first CU of each peer, `others`
    /// the rest, peer after peer.
    function committedPeers(
        address provider_,
        address operator_,
        uint256 peers,
        uint256 unitsPerPeer,
        bytes32[] memory effectors
    ) internal returns (bytes32[] memory unitIds, bytes32[] memory peerIds, bytes32[] memory others) {
        (bool registered,,) = market.provider(provider_);
        if (!registered) {
            vm.prank(provider_);
            market.registerProvider("provider", hex"01");
        }
        IMarket.PeerInput[] memory inputs = new IMarket.PeerInput[](peers);
        unitIds = new bytes32[](peers);
        peerIds = new bytes32[](peers);
        others = new bytes32[](peers * (unitsPerPeer - 1));
        for (uint256 i; i < peers; ++i) {
            inputs[i] = peerInput(operator_, unitsPerPeer);
            bytes32[] memory ids;
            (peerIds[i], ids) = idsOf(provider_, inputs[i]);
            unitIds[i] = ids[0];
            for (uint256 j = 1; j < unitsPerPeer; ++j) {
                others[i * (unitsPerPeer - 1) + j - 1] = ids[j];
            }
        }
        vm.prank(provider_);
        market.registerOffer(PRICE, address(usd), effectors, inputs);
        for (uint256 i; i < peers; ++i) {
            vm.prank(provider_);
            uint256 id = capacity.createCommitment(peerIds[i], MIN_DURATION * 4, delegator, 2000);
            vm.prank(delegator);
            capacity.depositCollateral(id);
        }
    }

    /// @notice `peers` one-CU peers of the fixture's provider, active from the next epoch, which the clock moves to.
    function activeUnits(uint256 peers) internal returns (bytes32[] memory unitIds) {
        (unitIds,) = committedPeers(provider, operator, peers, new bytes32[](0));
        nextEpoch();
    }

    function setWorker(Deal deal, bytes32 unitId) internal {
        vm.prank(operator);
        deal.setWorker(unitId, workerOf(unitId));
    }

    /// @notice The worker id `setWorker` registers for `unitId`.
    function workerOf(bytes32 unitId) internal pure returns (bytes32) {
        return keccak256(abi.encode("worker", unitId));
    }

    /// @notice As `activeUnits`, with the peers of the CUs.
    function activePeers(uint256 peers) internal returns (bytes32[] memory unitIds, bytes32[] memory peerIds) {
        (unitIds, peerIds) = committedPeers(provider, operator, peers, new bytes32[](0));
        nextEpoch();
    }

    /// @notice The developer lets `deal` pull the payment token (for deposits).
    function approveDeal(Deal deal) internal {
        vm.prank(developer);
        usd.approve(address(deal), type(uint256).max);
    }

    /// @notice The implementation an EIP-1167 clone delegates to: the 20 bytes after its 10-byte prefix.
    function implementationOf(address deal) internal view returns (address) {
        bytes memory code = deal.code;
        bytes20 target;
        for (uint256 i; i < 20; ++i) {
            target |= bytes20(code[10 + i]) >> (8 * i);
        }
        return address(target);
    }
}
