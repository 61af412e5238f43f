// CIDs for apps and effectors. The contracts store a CID as its multicodec and sha2-256 digest (bytes32); these
// helpers convert CIDv1 (base32, "b...") and CIDv0 ("Qm...", dag-pb) strings to and from that form.
import { bytesToHex, type Hex, hexToBytes, isHex } from "viem";
import { InputError } from "./errors.ts";

export const CODEC = { raw: 0x55n, dagPb: 0x70n, dagCbor: 0x71n, dagJson: 0x0129n } as const;
const SHA2_256 = 0x12;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

export interface Cid {
  codec: bigint;
  digest: Hex;
}

function base32Decode(text: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new InputError(`invalid base32 character "${ch}" in CID`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function base58Decode(text: string): Uint8Array {
  let n = 0n;
  for (const ch of text) {
    const v = BASE58.indexOf(ch);
    if (v < 0) throw new InputError(`invalid base58 character "${ch}" in CID`);
    n = n * 58n + BigInt(v);
  }
  const hex = n.toString(16);
  const body = hexToBytes(`0x${hex.length % 2 ? "0" : ""}${hex}`);
  const zeros = text.length - text.replace(/^1+/, "").length;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
}

function readVarint(bytes: Uint8Array, offset: number): [bigint, number] {
  let value = 0n;
  for (let shift = 0n, i = offset; i < bytes.length && shift < 64n; i++, shift += 7n) {
    const b = bytes[i]!;
    value |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  throw new InputError("truncated varint in CID");
}

function writeVarint(value: bigint): number[] {
  const out: number[] = [];
  do {
    let b = Number(value & 0x7fn);
    value >>= 7n;
    if (value > 0n) b |= 0x80;
    out.push(b);
  } while (value > 0n);
  return out;
}

/** Parses a CIDv1 base32 string, a CIDv0 string, or a bare 32-byte hex digest (taken as a raw-codec CID). */
export function parseCid(text: string): Cid {
  const trimmed = text.trim();
  if (isHex(trimmed) && trimmed.length === 66) return { codec: CODEC.raw, digest: trimmed.toLowerCase() as Hex };
  if (/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/.test(trimmed)) {
    const bytes = base58Decode(trimmed);
    if (bytes[0] !== SHA2_256 || bytes[1] !== 32 || bytes.length !== 34)
      throw new InputError(`not a sha2-256 CIDv0: ${text}`);
    return { codec: CODEC.dagPb, digest: bytesToHex(bytes.slice(2)) };
  }
  if (!trimmed.startsWith("b") || trimmed.length < 10) {
    throw new InputError(`unsupported CID "${text}"`, {
      details: "expected a base32 CIDv1 (b...), a CIDv0 (Qm...) or a 0x-prefixed 32-byte sha2-256 digest",
    });
  }
  const bytes = base32Decode(trimmed.slice(1).toLowerCase());
  const [version, afterVersion] = readVarint(bytes, 0);
  if (version !== 1n) throw new InputError(`unsupported CID version ${version}`);
  const [codec, afterCodec] = readVarint(bytes, afterVersion);
  const [hashFn, afterHash] = readVarint(bytes, afterCodec);
  const [length, start] = readVarint(bytes, afterHash);
  if (hashFn !== BigInt(SHA2_256) || length !== 32n || bytes.length !== start + 32) {
    throw new InputError(`CID ${text} is not a sha2-256 CID`, { details: "the contracts store sha2-256 digests" });
  }
  return { codec, digest: bytesToHex(bytes.slice(start)) };
}

/** Formats a codec and sha2-256 digest as a base32 CIDv1 string. */
export function formatCid(cid: Cid): string {
  const digest = hexToBytes(cid.digest);
  if (digest.length !== 32) throw new InputError(`digest must be 32 bytes, got ${digest.length}`);
  return `b${base32Encode(Uint8Array.from([1, ...writeVarint(cid.codec), SHA2_256, 32, ...digest]))}`;
}

/** The on-chain id of an effector: the sha2-256 digest of its CID. */
export function effectorId(cid: string): Hex {
  return parseCid(cid).digest;
}
