// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @notice Regression (review of d7aa968, fault 4): peer and CU ids were global and first-come, so anyone could
/// register another provider's peer id (its public key) or CU ids first, for good. A provider now registers its own
/// peer and CUs whatever anybody registered before, and can commit them. Written against the interfaces of d7aa968
/// (the peer input is built positionally, the peer's id read from the market's event): it compiles on both.
contract SquattedIdsTest is Fixture {
    address internal squatter = makeAddr("squatter");

    function setUp() public override {
        super.setUp();
        vm.prank(squatter);
        market.registerProvider("squatter", hex"03");
    }

    function register(address who, bytes32 key, bytes32[] memory units) internal returns (bool ok, bytes32 peerId) {
        IMarket.PeerInput[] memory peers = new IMarket.PeerInput[](1);
        peers[0] = IMarket.PeerInput(key, who == provider ? operator : who, units);
        vm.recordLogs();
        vm.prank(who);
        (ok,) =
            address(market).call(abi.encodeCall(IMarket.registerOffer, (PRICE, address(usd), new bytes32[](0), peers)));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            bytes32 topic = logs[i].topics[0];
            bool peerAdded = topic == keccak256("PeerAdded(uint256,bytes32,bytes32,address)")
                || topic == keccak256("PeerAdded(uint256,bytes32,address)");
            if (logs[i].emitter == address(market) && peerAdded) peerId = logs[i].topics[2];
        }
    }

    /// @notice The provider's peer can be registered and committed after someone registered its public key.
    function test_squattedPublicKey_doesNotBlockItsProvider() public {
        bytes32 key = newId();
        (bool squatted,) = register(squatter, key, newIds(1));
        assertTrue(squatted, "anyone may register any key");
        (bool ok, bytes32 peerId) = register(provider, key, newIds(2));
        assertTrue(ok, "the key's provider registers its peer");
        vm.prank(provider);
        uint256 id = capacity.createCommitment(peerId, MIN_DURATION, delegator, 0);
        ICapacity.Commitment memory c = capacity.commitment(id);
        assertEq(c.provider, provider);
        assertEq(c.unitCount, 2);
    }

    /// @notice The CUs a provider names can be registered after someone registered the same names.
    function test_squattedUnitIds_doNotBlockTheirProvider() public {
        bytes32[] memory units = newIds(2);
        (bool squatted,) = register(squatter, newId(), units);
        assertTrue(squatted);
        (bool ok, bytes32 peerId) = register(provider, newId(), units);
        assertTrue(ok, "the provider registers its CUs");
        assertEq(market.peer(peerId).unitCount, 2);
    }
}
