// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Fixture} from "../utils/Fixture.sol";
import {Core} from "../../contracts/core/Core.sol";
import {Market} from "../../contracts/market/Market.sol";
import {Capacity} from "../../contracts/capacity/Capacity.sol";
import {KeccakVerifier} from "../../contracts/verifier/KeccakVerifier.sol";
import {ProtocolModule} from "../../contracts/core/ProtocolModule.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {IDealRegistry} from "../../contracts/interfaces/IDealRegistry.sol";

contract CoreV2 is Core {
    function version() external pure returns (uint256) {
        return 2;
    }
}

contract MarketV2 is Market {
    event Migrated();

    constructor(ICore core_) Market(core_) {}

    function initializeV2() external reinitializer(2) {
        emit Migrated();
    }

    function version() external pure returns (uint256) {
        return 2;
    }
}

contract CapacityV2 is Capacity {
    constructor(ICore core_, IMarket market_, IERC20 token_, IDealRegistry dealModule_)
        Capacity(core_, market_, token_, dealModule_)
    {}

    function version() external pure returns (uint256) {
        return 2;
    }
}

/// @notice Claims to be UUPS but names another slot.
contract WrongSlotImplementation {
    function proxiableUUID() external pure returns (bytes32) {
        return bytes32(uint256(1));
    }
}

/// @notice Upgrades keep every piece of state of the Core and the modules, and only the protocol owner can upgrade.
contract UpgradeTest is Fixture {
    event Upgraded(address indexed implementation);
    event Initialized(uint64 version);

    uint256 internal commitmentId;
    bytes32 internal peerId;
    bytes32[] internal unitIds;
    bytes32 internal effector;
    bytes32 internal idlePeer;
    bytes32 internal dealUnit;

    function setUp() public override {
        super.setUp();
        vm.startPrank(owner);
        core.setAllowlistEnabled(true);
        core.setProviderApproval(provider, true);
        vm.stopPrank();
        becomeDealModule();

        (commitmentId, peerId, unitIds) = activeCommitment(2, MIN_DURATION);
        effector = newId();
        vm.prank(provider);
        market.addEffectors(1, one(effector));
        IMarket.PeerInput[] memory peers = new IMarket.PeerInput[](1);
        peers[0] = peerInput(stranger, 2);
        bytes32[] memory idleUnits;
        (idlePeer, idleUnits) = idsOf(provider, peers[0]);
        dealUnit = idleUnits[1];
        vm.prank(provider);
        market.registerOffer(7, address(stake), new bytes32[](0), peers);
        // the idle peer's commitment starts in epoch 2, when one of its CUs joins a deal; the other never proves
        uint256 idleCommitment = createCommitment(idlePeer, MIN_DURATION);
        vm.prank(delegator);
        capacity.depositCollateral(idleCommitment);

        submit(unitIds[0], 5);
        submit(unitIds[1], 1);
        nextEpoch();
        assertEq(
            uint8(capacity.onUnitJoinedDeal(dealUnit, commitmentOfUnit(dealUnit))), uint8(ICapacity.JoinResult.Joined)
        );
        submit(unitIds[0], 4);
        submit(unitIds[1], 2);

        vm.startPrank(owner);
        core.setParam(ICore.Param.RewardPerEpoch, 500 ether);
        core.setVerifier(address(deployVerifier()));
        vm.stopPrank();
    }

    function one(bytes32 a) internal pure returns (bytes32[] memory ids) {
        ids = new bytes32[](1);
        ids[0] = a;
    }

    function implementation(address proxy) internal view returns (address) {
        return address(uint160(uint256(vm.load(proxy, ERC1967Utils.IMPLEMENTATION_SLOT))));
    }

    function coreState() internal view returns (bytes memory) {
        uint256 e = core.currentEpoch();
        return bytes.concat(
            abi.encode(core.owner(), core.pendingOwner(), core.treasury(), core.epochStart(), core.epochDuration(), e),
            abi.encode(core.params(), core.paramsAt(e + 1), core.allowlistEnabled()),
            abi.encode(core.isProviderAllowed(provider), core.isProviderAllowed(stranger)),
            abi.encode(core.market(), core.capacity(), core.verifier())
        );
    }

    function marketState() internal view returns (bytes memory out) {
        (bool registered, string memory name, bytes memory cid) = market.provider(provider);
        out = bytes.concat(
            abi.encode(market.offerCount(), market.offer(1), market.offer(2), market.hasEffector(1, effector)),
            abi.encode(market.peer(peerId), market.peer(idlePeer), market.unit(unitIds[0]), market.unit(unitIds[1])),
            abi.encode(market.unit(dealUnit), registered, name, cid, market.capacity())
        );
    }

    function capacityState() internal view returns (bytes memory) {
        (uint256 e, bytes32 globalNonce, uint256 difficulty) = capacity.epochChallenge();
        (uint256 pool1, uint256 proofs1) = capacity.epochRewards(1);
        (uint256 pool2, uint256 proofs2) = capacity.epochRewards(2);
        return bytes.concat(
            abi.encode(
                capacity.commitmentCount(), capacity.commitment(commitmentId), capacity.accounting(commitmentId)
            ),
            abi.encode(capacity.status(commitmentId), capacity.unitState(unitIds[0]), capacity.unitState(unitIds[1])),
            abi.encode(capacity.unitState(dealUnit), capacity.isInDeal(dealUnit), pool1, proofs1, pool2, proofs2),
            abi.encode(capacity.rewardReserve(), e, globalNonce, difficulty, capacity.dealModule()),
            abi.encode(capacity.stakingToken(), address(capacity.market()), stake.balanceOf(address(capacity)))
        );
    }

    function state() internal view returns (bytes memory) {
        return bytes.concat(coreState(), marketState(), capacityState());
    }

    function upgradeAll() internal {
        vm.startPrank(owner);
        core.upgradeToAndCall(vm.deployCode("Upgrade.t.sol:CoreV2"), "");
        market.upgradeToAndCall(vm.deployCode("Upgrade.t.sol:MarketV2", abi.encode(core)), "");
        capacity.upgradeToAndCall(
            vm.deployCode("Upgrade.t.sol:CapacityV2", abi.encode(core, market, stake, capacity.dealModule())), ""
        );
        vm.stopPrank();
    }

    /// @notice The rest of the commitment's life: proofs every epoch, then finish and withdraw.
    function runToEnd() internal returns (bytes memory) {
        uint256 end = capacity.commitment(commitmentId).endEpoch;
        while (epoch() < end) {
            nextEpoch();
            if (epoch() < end) submitAll(unitIds, MIN_PROOFS + 1);
        }
        capacity.finishCommitment(commitmentId);
        vm.prank(provider);
        capacity.withdrawRewards(commitmentId);
        vm.prank(delegator);
        capacity.withdrawRewards(commitmentId);
        return bytes.concat(
            state(), abi.encode(stake.balanceOf(provider), stake.balanceOf(delegator), stake.balanceOf(treasury))
        );
    }

    function test_upgradeCore_keepsState() public {
        bytes memory before = state();
        address impl = vm.deployCode("Upgrade.t.sol:CoreV2");
        vm.expectEmit(address(core));
        emit Upgraded(impl);
        vm.prank(owner);
        core.upgradeToAndCall(impl, "");
        assertEq(implementation(address(core)), impl);
        assertEq(CoreV2(address(core)).version(), 2);
        assertEq(state(), before);
    }

    function test_upgradeMarket_keepsState() public {
        bytes memory before = state();
        address impl = vm.deployCode("Upgrade.t.sol:MarketV2", abi.encode(core));
        vm.expectEmit(address(market));
        emit Upgraded(impl);
        vm.prank(owner);
        market.upgradeToAndCall(impl, "");
        assertEq(implementation(address(market)), impl);
        assertEq(MarketV2(address(market)).version(), 2);
        assertEq(state(), before);
    }

    function test_upgradeCapacity_keepsState() public {
        bytes memory before = state();
        address impl = vm.deployCode("Upgrade.t.sol:CapacityV2", abi.encode(core, market, stake, capacity.dealModule()));
        vm.expectEmit(address(capacity));
        emit Upgraded(impl);
        vm.prank(owner);
        capacity.upgradeToAndCall(impl, "");
        assertEq(implementation(address(capacity)), impl);
        assertEq(CapacityV2(address(capacity)).version(), 2);
        assertEq(state(), before);
    }

    /// @notice After upgrading everything mid-commitment, the protocol goes on exactly as it would have.
    function test_upgradeAll_protocolContinuesIdentically() public {
        uint256 snapshot = vm.snapshotState();
        bytes memory expected = runToEnd();
        vm.revertToState(snapshot);
        upgradeAll();
        bytes memory actual = runToEnd();
        assertEq(actual, expected);
        assertEq(uint8(capacity.status(commitmentId)), uint8(ICapacity.Status.Finished));
        assertGt(stake.balanceOf(provider), 0, "the provider earned rewards");
    }

    function test_upgradeMarket_withMigrationCall() public {
        address impl = vm.deployCode("Upgrade.t.sol:MarketV2", abi.encode(core));
        vm.expectEmit(address(market));
        emit MarketV2.Migrated();
        vm.expectEmit(address(market));
        emit Initialized(2);
        vm.prank(owner);
        market.upgradeToAndCall(impl, abi.encodeCall(MarketV2.initializeV2, ()));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        MarketV2(address(market)).initializeV2();
    }

    function test_upgrade_revertsWhenNotOwner() public {
        address coreImpl = vm.deployCode("Upgrade.t.sol:CoreV2");
        address marketImpl = vm.deployCode("Upgrade.t.sol:MarketV2", abi.encode(core));
        address capacityImpl =
            vm.deployCode("Upgrade.t.sol:CapacityV2", abi.encode(core, market, stake, capacity.dealModule()));
        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        core.upgradeToAndCall(coreImpl, "");
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, stranger));
        market.upgradeToAndCall(marketImpl, "");
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, stranger));
        capacity.upgradeToAndCall(capacityImpl, "");
        vm.stopPrank();
    }

    function test_upgrade_revertsToNonUupsImplementation() public {
        address notUups = address(stake);
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(ERC1967Utils.ERC1967InvalidImplementation.selector, notUups));
        core.upgradeToAndCall(notUups, "");
        vm.expectRevert(abi.encodeWithSelector(ERC1967Utils.ERC1967InvalidImplementation.selector, notUups));
        market.upgradeToAndCall(notUups, "");
        vm.expectRevert(abi.encodeWithSelector(ERC1967Utils.ERC1967InvalidImplementation.selector, notUups));
        capacity.upgradeToAndCall(notUups, "");
        vm.stopPrank();
    }

    function test_upgrade_revertsToWrongProxiableSlot() public {
        address wrong = address(new WrongSlotImplementation());
        bytes memory err =
            abi.encodeWithSelector(UUPSUpgradeable.UUPSUnsupportedProxiableUUID.selector, bytes32(uint256(1)));
        vm.startPrank(owner);
        vm.expectRevert(err);
        core.upgradeToAndCall(wrong, "");
        vm.expectRevert(err);
        market.upgradeToAndCall(wrong, "");
        vm.expectRevert(err);
        capacity.upgradeToAndCall(wrong, "");
        vm.stopPrank();
    }

    function test_upgrade_revertsOnImplementationItself() public {
        address newImpl = vm.deployCode("Upgrade.t.sol:CoreV2");
        vm.startPrank(owner);
        vm.expectRevert(UUPSUpgradeable.UUPSUnauthorizedCallContext.selector);
        Core(implementation(address(core))).upgradeToAndCall(newImpl, "");
        vm.expectRevert(UUPSUpgradeable.UUPSUnauthorizedCallContext.selector);
        Market(implementation(address(market))).upgradeToAndCall(newImpl, "");
        vm.expectRevert(UUPSUpgradeable.UUPSUnauthorizedCallContext.selector);
        Capacity(implementation(address(capacity))).upgradeToAndCall(newImpl, "");
        vm.stopPrank();
    }
}
