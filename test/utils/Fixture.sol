// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Deployer} from "./Deployer.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Core} from "../../contracts/core/Core.sol";
import {Market} from "../../contracts/market/Market.sol";
import {Capacity} from "../../contracts/capacity/Capacity.sol";
import {KeccakVerifier} from "../../contracts/verifier/KeccakVerifier.sol";
import {DealFactory} from "../../contracts/deal/DealFactory.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {TestToken} from "../../contracts/dev/TestToken.sol";
import {ICore, Params} from "../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {Prover} from "./Prover.sol";
import {Ids} from "../../contracts/libraries/Ids.sol";

/// @notice Deploys the protocol behind ERC-1967 proxies and offers the steps most tests share.
abstract contract Fixture is Deployer {
    uint256 internal constant EPOCH_DURATION = 1 days;
    uint256 internal constant COLLATERAL_PER_UNIT = 100 ether;
    uint256 internal constant REWARD_PER_EPOCH = 1000 ether;
    uint256 internal constant MIN_PROOFS = 3;
    uint256 internal constant MAX_PROOFS = 10;
    uint256 internal constant DIFFICULTY = type(uint256).max >> 4; // one hash in 16 is a proof
    uint256 internal constant MIN_DURATION = 5;
    uint256 internal constant SLASHING_BPS = 500;
    uint256 internal constant MAX_FAILED_RATIO = 3;
    uint256 internal constant VESTING = 2;
    uint256 internal constant PRICE = 1e6;
    uint256 internal constant REJOIN_DELAY = 2;

    Core internal core;
    Market internal market;
    Capacity internal capacity;
    KeccakVerifier internal verifier;
    DealFactory internal dealFactory;
    Deal internal dealImpl;
    TestToken internal stake;
    TestToken internal usd;

    address internal owner = makeAddr("owner");
    address internal treasury = makeAddr("treasury");
    address internal provider = makeAddr("provider");
    address internal operator = makeAddr("operator");
    address internal delegator = makeAddr("delegator");
    address internal stranger = makeAddr("stranger");

    mapping(bytes32 unitId => uint256) internal nextNonce;
    uint256 private idSeed;

    function setUp() public virtual {
        vm.warp(1_000_000);
        stake = deployToken("Stake", "STK", 18);
        usd = deployToken("USD", "USD", 6);
        (core, market, capacity, verifier, dealFactory) =
            deployProtocol(owner, treasury, block.timestamp + 1, defaultParams(), stake);
        dealImpl = deployDealImpl(address(dealFactory), core);
        vm.prank(owner);
        dealFactory.setDealImplementation(address(dealImpl));
        stake.mint(owner, 1_000_000 ether);
        vm.startPrank(owner);
        stake.approve(address(capacity), type(uint256).max);
        capacity.fundRewards(100_000 ether);
        vm.stopPrank();
        stake.mint(delegator, 1_000_000 ether);
        vm.prank(delegator);
        stake.approve(address(capacity), type(uint256).max);
        vm.prank(provider);
        market.registerProvider("provider", hex"01551220");
    }

    // forge-lint: disable-start(unsafe-typecast) the constants above fit their fields
    function defaultParams() internal pure returns (Params memory) {
        return Params({
            collateralPerUnit: uint96(COLLATERAL_PER_UNIT),
            rewardPerEpoch: uint96(REWARD_PER_EPOCH),
            minProofsPerEpoch: uint16(MIN_PROOFS),
            maxProofsPerEpoch: uint16(MAX_PROOFS),
            vestingPeriod: uint32(VESTING),
            slashingRateBps: uint16(SLASHING_BPS),
            maxFailedRatio: uint16(MAX_FAILED_RATIO),
            minCommitmentDuration: uint32(MIN_DURATION),
            minDealDepositEpochs: 2,
            dealRejoinDelay: uint16(REJOIN_DELAY),
            difficulty: DIFFICULTY
        });
    }

    // forge-lint: disable-end(unsafe-typecast)

    /// @notice The protocol's modules in deployment order: the deal factory before the capacity module, whose
    /// implementation names it as its deal module. The Deal implementation comes last (it reads the modules).
    function deployProtocol(address owner_, address treasury_, uint256 start, Params memory p, IERC20 token)
        internal
        returns (Core core_, Market market_, Capacity capacity_, KeccakVerifier verifier_, DealFactory factory)
    {
        core_ =
            Core(
                deployProxy(
                    address(deployCoreImpl()),
                    abi.encodeCall(Core.initialize, (owner_, treasury_, start, EPOCH_DURATION, p))
                )
            );
        market_ = Market(deployProxy(address(deployMarketImpl(core_)), abi.encodeCall(Market.initialize, ())));
        factory =
            DealFactory(deployProxy(address(deployDealFactoryImpl(core_)), abi.encodeCall(DealFactory.initialize, ())));
        capacity_ = Capacity(
            deployProxy(
                address(deployCapacityImpl(core_, market_, token, address(factory))),
                abi.encodeCall(Capacity.initialize, ())
            )
        );
        verifier_ = deployVerifier();
        vm.prank(owner_);
        core_.setModules(address(market_), address(capacity_), address(verifier_));
        vm.prank(owner_);
        market_.setCapacity(address(capacity_));
    }

    /// @notice For tests that call the deal hooks themselves: upgrades the capacity module to an implementation
    /// whose deal module is `registry`, which must answer `isDeal` (the test contract does, for itself).
    function setDealModule(address registry) internal {
        Capacity implementation = deployCapacityImpl(core, market, IERC20(address(stake)), registry);
        vm.prank(owner);
        capacity.upgradeToAndCall(address(implementation), "");
    }

    /// @notice The latest commitment of the CU's peer (0 for an unknown CU), which deals hand the capacity hooks.
    function commitmentOfUnit(bytes32 unitId) internal view returns (uint256) {
        return market.unitTerms(unitId, new bytes32[](0)).commitmentId;
    }

    function becomeDealModule() internal {
        setDealModule(address(this));
    }

    /// @notice The test contract as the deal module says it is the only deal.
    function isDeal(address account) external view returns (bool) {
        return account == address(this);
    }

    // ------------------------------------------------------------------ ids and market set-up

    function newId() internal returns (bytes32) {
        return keccak256(abi.encode("id", ++idSeed));
    }

    function newIds(uint256 n) internal returns (bytes32[] memory ids) {
        ids = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            ids[i] = newId();
        }
    }

    /// @notice A peer with a fresh public key and `units` CU labels.
    function peerInput(address operator_, uint256 units) internal returns (IMarket.PeerInput memory) {
        return IMarket.PeerInput({publicKey: newId(), operator: operator_, unitLabels: newIds(units)});
    }

    /// @notice The ids the market gives the peer `input` describes, registered by `provider_`, and its CUs.
    function idsOf(address provider_, IMarket.PeerInput memory input)
        internal
        pure
        returns (bytes32 peerId, bytes32[] memory unitIds)
    {
        peerId = Ids.peerId(provider_, input.publicKey);
        unitIds = unitIdsOf(peerId, input.unitLabels);
    }

    /// @notice The ids of the CUs labelled `labels` on the peer `peerId`.
    function unitIdsOf(bytes32 peerId, bytes32[] memory labels) internal pure returns (bytes32[] memory unitIds) {
        unitIds = new bytes32[](labels.length);
        for (uint256 i; i < labels.length; ++i) {
            unitIds[i] = Ids.unitId(peerId, labels[i]);
        }
    }

    /// @notice Registers an offer of `provider` with one peer operated by `operator` holding `units` CUs.
    function registerPeer(uint256 units) internal returns (uint256 offerId, bytes32 peerId, bytes32[] memory unitIds) {
        IMarket.PeerInput[] memory peers = new IMarket.PeerInput[](1);
        peers[0] = peerInput(operator, units);
        vm.prank(provider);
        offerId = market.registerOffer(PRICE, address(usd), new bytes32[](0), peers);
        (peerId, unitIds) = idsOf(provider, peers[0]);
    }

    // ------------------------------------------------------------------ commitments

    function createCommitment(bytes32 peerId, uint256 duration) internal returns (uint256 id) {
        vm.prank(provider);
        id = capacity.createCommitment(peerId, duration, delegator, 2000);
    }

    /// @notice A peer with `units` CUs committed for `duration` epochs, active from the next epoch, which the
    /// clock is moved to (and advanced).
    function activeCommitment(uint256 units, uint256 duration)
        internal
        returns (uint256 id, bytes32 peerId, bytes32[] memory unitIds)
    {
        (, peerId, unitIds) = registerPeer(units);
        id = createCommitment(peerId, duration);
        vm.prank(delegator);
        capacity.depositCollateral(id);
        goToEpoch(capacity.commitment(id).startEpoch);
    }

    // ------------------------------------------------------------------ epochs and proofs

    function epoch() internal view returns (uint256) {
        return core.currentEpoch();
    }

    /// @notice Moves the clock to the start of `target` and advances the epoch challenge.
    function goToEpoch(uint256 target) internal {
        vm.warp(core.epochStart() + (target - 1) * EPOCH_DURATION);
        vm.roll(block.number + 1);
        capacity.advanceEpoch();
    }

    function nextEpoch() internal {
        goToEpoch(epoch() + 1);
    }

    function proofsFor(bytes32 unitId, uint256 count) internal returns (ICapacity.Proof[] memory proofs) {
        (uint256 e, bytes32 globalNonce, uint256 difficulty) = capacity.epochChallenge();
        uint256 from = capacity.unitState(unitId).epoch == e ? nextNonce[unitId] : 0;
        (proofs, nextNonce[unitId]) = Prover.find(globalNonce, difficulty, unitId, count, from);
    }

    function submit(bytes32 unitId, uint256 count) internal {
        ICapacity.Proof[] memory proofs = proofsFor(unitId, count);
        vm.prank(operator);
        capacity.submitProofs(proofs);
    }

    /// @notice Every CU of `unitIds` submits `count` proofs in one batch.
    function submitAll(bytes32[] memory unitIds, uint256 count) internal {
        ICapacity.Proof[] memory all = new ICapacity.Proof[](unitIds.length * count);
        for (uint256 i; i < unitIds.length; ++i) {
            ICapacity.Proof[] memory proofs = proofsFor(unitIds[i], count);
            for (uint256 j; j < count; ++j) {
                all[i * count + j] = proofs[j];
            }
        }
        vm.prank(operator);
        capacity.submitProofs(all);
    }
}
