// Modules are named by the CID of their bytes: CIDv1, raw codec, sha2-256, base32 (bafkrei...).
import { createHash } from "node:crypto";
import { CID } from "multiformats/cid";
import { create as createDigest } from "multiformats/hashes/digest";

const RAW_CODEC = 0x55;
const SHA2_256 = 0x12;

export function moduleCid(bytes: Uint8Array): string {
  const hash = createHash("sha256").update(bytes).digest();
  return CID.createV1(RAW_CODEC, createDigest(SHA2_256, hash)).toString();
}

/** True for a string that parses as a CID. */
export function isCid(text: string): boolean {
  try {
    CID.parse(text);
    return true;
  } catch {
    return false;
  }
}
