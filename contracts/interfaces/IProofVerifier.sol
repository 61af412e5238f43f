// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Proof of Capacity verifier
/// @notice Decides whether a local nonce found by a CU is a valid proof for an epoch. The default verifier
/// hashes with keccak256 in the EVM; a chain with a memory-hard hash precompile plugs in its own.
interface IProofVerifier {
    /// @notice The hash of a proof: what is compared with the difficulty target.
    /// @param globalNonce The epoch's global nonce.
    /// @param unitId The CU the proof is for.
    /// @param localNonce The nonce the CU found.
    function proofHash(bytes32 globalNonce, bytes32 unitId, bytes32 localNonce) external view returns (bytes32);

    /// @notice The global nonce of `epoch`, from the previous one and the chain's randomness: the challenge provers
    /// cannot search before the epoch begins. A chain with a randomness beacon or a VRF answers from it here.
    /// @param previous The global nonce of the last epoch the capacity module advanced.
    function epochNonce(bytes32 previous, uint256 epoch) external view returns (bytes32);
}
