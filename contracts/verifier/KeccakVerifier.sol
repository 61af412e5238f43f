// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProofVerifier} from "../interfaces/IProofVerifier.sol";

/// @title Default Proof of Capacity verifier, entirely in the EVM
/// @notice `K = keccak256(globalNonce, unitId)` and `hash = keccak256(K, localNonce)`.
contract KeccakVerifier is IProofVerifier {
    /// @inheritdoc IProofVerifier
    function proofHash(bytes32 globalNonce, bytes32 unitId, bytes32 localNonce) external pure returns (bytes32) {
        return keccak256(abi.encodePacked(keccak256(abi.encodePacked(globalNonce, unitId)), localNonce));
    }
}
