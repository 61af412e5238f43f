// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title On-chain ids of peers and CUs, scoped by whom they belong to
/// @notice A peer's id is its provider's address hashed with the peer's public key; a CU's id is its peer's id
/// hashed with a label the provider chose. Ids are therefore no one's to take first: a peer registered by another
/// provider under the same public key gets another id, so no address can block a provider from registering its own
/// peer or CUs (docs/security.md). Both are `keccak256(abi.encode(a, b))`, which clients compute off chain.
library Ids {
    function peerId(address provider, bytes32 publicKey) internal pure returns (bytes32 id) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, provider)
            mstore(0x20, publicKey)
            id := keccak256(0x00, 0x40)
        }
    }

    function unitId(bytes32 peer, bytes32 label) internal pure returns (bytes32 id) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, peer)
            mstore(0x20, label)
            id := keccak256(0x00, 0x40)
        }
    }
}
