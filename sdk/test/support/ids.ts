// Deterministic ids for peers and CUs in tests.
import { type Address, type Hex, keccak256, toHex } from "viem";
import { peerIdOf, unitIdOf } from "../../src/contracts/ids.ts";

const id = (label: string): Hex => keccak256(toHex(label));

export const ids = {
  id,
  /** `count` peers with `units` CUs each (public keys and CU labels); `tag` keeps sets from different tests apart. */
  peers(count: number, units: number, tag: string) {
    return Array.from({ length: count }, (_, p) => ({
      publicKey: id(`${tag}/peer/${p}`),
      unitLabels: Array.from({ length: units }, (_, u) => id(`${tag}/peer/${p}/cu/${u}`)),
    }));
  },
  /** As `peers`, with the ids the market gives them when `provider` registers them. */
  placed(count: number, units: number, tag: string, provider: Address) {
    return ids.peers(count, units, tag).map((spec) => {
      const peerId = peerIdOf(provider, spec.publicKey);
      return { ...spec, peerId, unitIds: spec.unitLabels.map((label) => unitIdOf(peerId, label)) };
    });
  },
};
