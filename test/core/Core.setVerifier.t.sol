// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {CoreTestBase} from "./CoreTestBase.sol";
import {Prover} from "../utils/Prover.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {IProofVerifier} from "../../contracts/interfaces/IProofVerifier.sol";

/// @notice A verifier under which every nonce is a valid proof, whose epoch nonces come from a stand-in beacon.
contract AcceptAllVerifier is IProofVerifier {
    function proofHash(bytes32, bytes32, bytes32) external pure returns (bytes32) {
        return 0;
    }

    function epochNonce(bytes32 previous, uint256 epoch) external pure returns (bytes32) {
        return keccak256(abi.encode("beacon", previous, epoch));
    }
}

contract CoreSetVerifierTest is CoreTestBase {
    address internal v2 = makeAddr("v2");
    address internal v3 = makeAddr("v3");

    function test_setVerifier_appliesFromTheNextEpoch() public {
        vm.expectEmit(address(core));
        emit ICore.VerifierScheduled(v2, 1);
        vm.prank(owner);
        core.setVerifier(v2);
        assertEq(core.verifier(), address(verifier));
        vm.warp(core.epochStart() - 1);
        assertEq(core.verifier(), address(verifier));
        warpToEpoch(1);
        assertEq(core.verifier(), v2);
        warpToEpoch(9);
        assertEq(core.verifier(), v2);
    }

    function test_setVerifier_lastChangeInAnEpochWins() public {
        warpToEpoch(2);
        vm.startPrank(owner);
        core.setVerifier(v2);
        vm.expectEmit(address(core));
        emit ICore.VerifierScheduled(v3, 3);
        core.setVerifier(v3);
        vm.stopPrank();
        assertEq(core.verifier(), address(verifier));
        warpToEpoch(3);
        assertEq(core.verifier(), v3);
    }

    function test_setVerifier_promotesAScheduledVerifierThatTookEffect() public {
        vm.prank(owner);
        core.setVerifier(v2);
        warpToEpoch(3);
        vm.expectEmit(address(core));
        emit ICore.VerifierScheduled(v3, 4);
        vm.prank(owner);
        core.setVerifier(v3);
        assertEq(core.verifier(), v2);
        warpToEpoch(4);
        assertEq(core.verifier(), v3);
    }

    function test_setVerifier_promotesInTheEpochItApplies() public {
        vm.prank(owner);
        core.setVerifier(v2);
        warpToEpoch(1);
        vm.prank(owner);
        core.setVerifier(v3);
        assertEq(core.verifier(), v2);
        warpToEpoch(2);
        assertEq(core.verifier(), v3);
    }

    /// @notice Capacity snapshots the verifier per epoch: the new one is used only once Capacity has advanced into
    /// the epoch it applies from.
    function test_setVerifier_capacityUsesNewVerifierAfterAdvancing() public {
        (,, bytes32[] memory unitIds) = activeCommitment(1, MIN_DURATION);
        bytes32 unitId = unitIds[0];
        uint256 start = epoch();
        AcceptAllVerifier acceptAll = new AcceptAllVerifier();
        vm.prank(owner);
        core.setVerifier(address(acceptAll));

        capacity.advanceEpoch();
        (, bytes32 globalNonce, uint256 difficulty) = capacity.epochChallenge();
        bytes32 invalid = Prover.findInvalid(globalNonce, difficulty, unitId, 0);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.InvalidProof.selector, unitId, invalid));
        vm.prank(operator);
        capacity.submitProofs(oneProof(unitId, invalid));

        warpToEpoch(start + 1);
        assertEq(core.verifier(), address(acceptAll));
        vm.expectRevert(abi.encodeWithSelector(ICapacity.EpochNotAdvanced.selector, start + 1));
        vm.prank(operator);
        capacity.submitProofs(oneProof(unitId, invalid));

        vm.roll(block.number + 1);
        capacity.advanceEpoch();
        bytes32 previous = globalNonce;
        (, globalNonce, difficulty) = capacity.epochChallenge();
        // the challenge comes from the verifier in force: a chain's beacon plugs in there
        assertEq(globalNonce, acceptAll.epochNonce(previous, start + 1));
        invalid = Prover.findInvalid(globalNonce, difficulty, unitId, 0);
        vm.prank(operator);
        capacity.submitProofs(oneProof(unitId, invalid));
        assertEq(capacity.unitState(unitId).proofs, 1);
        assertEq(capacity.unitState(unitId).epoch, start + 1);
    }

    function test_setVerifier_revertsOnZeroAddress() public {
        vm.expectRevert(ICore.ZeroAddress.selector);
        vm.prank(owner);
        core.setVerifier(address(0));
    }

    function test_setVerifier_revertsWhenNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        core.setVerifier(v2);
    }

    function oneProof(bytes32 unitId, bytes32 nonce) internal pure returns (ICapacity.Proof[] memory proofs) {
        proofs = new ICapacity.Proof[](1);
        proofs[0] = ICapacity.Proof(unitId, nonce);
    }
}
