// The market's ids, computed off chain as the contract computes them (contracts/libraries/Ids.sol): a peer's id is
// scoped by its provider, a CU's by its peer, so nobody can register another provider's ids first.
import { type Address, encodeAbiParameters, type Hex, keccak256 } from "viem";

/** The on-chain id of the peer with `publicKey` (its Ed25519 key, 32 bytes) registered by `provider`. */
export function peerIdOf(provider: Address, publicKey: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [provider, publicKey]));
}

/** The on-chain id of the CU labelled `label` on the peer `peerId`. */
export function unitIdOf(peerId: Hex, label: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }], [peerId, label]));
}
