// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProofVerifier} from "../interfaces/IProofVerifier.sol";

/// @title Default Proof of Capacity verifier, entirely in the EVM
/// @notice `K = keccak256(globalNonce, unitId)` and `hash = keccak256(K, localNonce)`; each epoch's global nonce
/// mixes the previous one with `block.prevrandao` and the previous block's hash (see docs/proof-of-capacity.md for
/// what a block proposer can do with that, and how a chain with a beacon replaces it).
contract KeccakVerifier is IProofVerifier {
    /// @inheritdoc IProofVerifier
    function proofHash(bytes32 globalNonce, bytes32 unitId, bytes32 localNonce) external pure returns (bytes32) {
        return keccak256(abi.encodePacked(keccak256(abi.encodePacked(globalNonce, unitId)), localNonce));
    }

    /// @inheritdoc IProofVerifier
    function epochNonce(bytes32 previous, uint256 epoch) external view returns (bytes32) {
        return keccak256(abi.encode(previous, epoch, block.prevrandao, blockhash(block.number - 1)));
    }
}
