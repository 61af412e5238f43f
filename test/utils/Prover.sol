// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @title Reference prover for tests: searches local nonces upwards, as a peer's prover does
library Prover {
    /// @notice Finds `count` valid proofs for `unitId` with nonces from `fromNonce` on, in increasing order.
    function find(bytes32 globalNonce, uint256 difficulty, bytes32 unitId, uint256 count, uint256 fromNonce)
        internal
        pure
        returns (ICapacity.Proof[] memory proofs, uint256 nextNonce)
    {
        proofs = new ICapacity.Proof[](count);
        bytes32 k = keccak256(abi.encodePacked(globalNonce, unitId));
        nextNonce = fromNonce;
        for (uint256 found; found < count; ++nextNonce) {
            bytes32 nonce = bytes32(nextNonce);
            if (uint256(keccak256(abi.encodePacked(k, nonce))) <= difficulty) {
                proofs[found++] = ICapacity.Proof(unitId, nonce);
            }
        }
    }

    /// @notice A nonce whose proof is invalid at `difficulty`, from `fromNonce` on.
    function findInvalid(bytes32 globalNonce, uint256 difficulty, bytes32 unitId, uint256 fromNonce)
        internal
        pure
        returns (bytes32)
    {
        bytes32 k = keccak256(abi.encodePacked(globalNonce, unitId));
        for (uint256 n = fromNonce;; ++n) {
            if (uint256(keccak256(abi.encodePacked(k, bytes32(n)))) > difficulty) return bytes32(n);
        }
    }
}
