// Deterministic ids for peers and CUs in tests.
import { type Hex, keccak256, toHex } from "viem";

const id = (label: string): Hex => keccak256(toHex(label));

export const ids = {
  id,
  /** `count` peers with `units` CUs each; `tag` keeps sets from different tests apart. */
  peers(count: number, units: number, tag: string) {
    return Array.from({ length: count }, (_, p) => ({
      peerId: id(`${tag}/peer/${p}`),
      unitIds: Array.from({ length: units }, (_, u) => id(`${tag}/peer/${p}/cu/${u}`)),
    }));
  },
};
