// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Deployer} from "../utils/Deployer.sol";
import {KeccakVerifier} from "../../contracts/verifier/KeccakVerifier.sol";
import {Prover} from "../utils/Prover.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract KeccakVerifierTest is Deployer {
    KeccakVerifier internal verifier;

    function setUp() public {
        verifier = deployVerifier();
    }

    /// @notice DESIGN: K = keccak256(globalNonce, unitId), hash = keccak256(K, localNonce), over 32-byte words.
    function testFuzz_proofHash_matchesDocumentedFormula(bytes32 globalNonce, bytes32 unitId, bytes32 localNonce)
        public
        view
    {
        bytes32 k = keccak256(bytes.concat(globalNonce, unitId));
        assertEq(verifier.proofHash(globalNonce, unitId, localNonce), keccak256(bytes.concat(k, localNonce)));
    }

    /// @notice An epoch's nonce mixes the previous one, the epoch, prevrandao and the previous block's hash.
    function testFuzz_epochNonce_mixesChainRandomness(bytes32 previous, uint256 epoch, uint256 randao) public {
        vm.roll(100);
        vm.prevrandao(randao);
        bytes32 expected = keccak256(abi.encode(previous, epoch, randao, blockhash(99)));
        assertEq(verifier.epochNonce(previous, epoch), expected);
        vm.prevrandao(randao ^ 1);
        assertNotEq(verifier.epochNonce(previous, epoch), expected, "prevrandao matters");
    }

    /// @notice Vectors computed off chain (js-sha3) from the formula.
    function test_proofHash_knownVectors() public view {
        assertEq(
            verifier.proofHash(bytes32(uint256(1)), bytes32(uint256(2)), bytes32(uint256(3))),
            0x5b462f578537e091d2e07e7a9ce57dd98b869843ef18fbcf05a78900cbd9841b
        );
        assertEq(verifier.proofHash(0, 0, 0), 0x97c92adf8a3a4d220916a89b87a4e05eb2114733ecdcebc33348042b58dc1c3d);
    }

    /// @notice Each input matters: changing any one of them changes the hash.
    function testFuzz_proofHash_dependsOnEveryInput(bytes32 g, bytes32 u, bytes32 l, bytes32 other) public view {
        bytes32 h = verifier.proofHash(g, u, l);
        if (other != g) assertNotEq(verifier.proofHash(other, u, l), h);
        if (other != u) assertNotEq(verifier.proofHash(g, other, l), h);
        if (other != l) assertNotEq(verifier.proofHash(g, u, other), h);
    }

    /// @notice Nonces the reference prover finds meet the difficulty under the verifier, and invalid ones do not.
    function testFuzz_proofHash_agreesWithProver(bytes32 globalNonce, bytes32 unitId) public view {
        uint256 difficulty = type(uint256).max >> 4;
        (ICapacity.Proof[] memory proofs,) = Prover.find(globalNonce, difficulty, unitId, 3, 0);
        for (uint256 i; i < proofs.length; ++i) {
            assertEq(proofs[i].unitId, unitId);
            assertLe(uint256(verifier.proofHash(globalNonce, unitId, proofs[i].localNonce)), difficulty);
        }
        bytes32 invalid = Prover.findInvalid(globalNonce, difficulty, unitId, 0);
        assertGt(uint256(verifier.proofHash(globalNonce, unitId, invalid)), difficulty);
    }
}
