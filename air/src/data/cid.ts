// Content addresses of trace values, as AquaVM computes them: CIDv1 of the value's compact JSON text, codec json
// (0x0200), multihash blake3-256, written in multibase base32 ("bagaaihra..."). A trace hashes the same few texts
// run after run (every replayed result checks its tetraplet and arguments), so recent texts keep their CIDs.
import { TextCache } from "../text-cache.ts";
import { blake3Text } from "./blake3.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Compact JSON with object keys sorted, the form AquaVM hashes (its JSON objects are ordered maps). */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// CIDv1 (0x01), codec json (varint 0x0200), multihash blake3 (0x1e) of 32 bytes (0x20), then the digest
const PREFIX = [0x01, 0x80, 0x04, 0x1e, 0x20];
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const cidBytes = new Uint8Array(PREFIX.length + 32);
cidBytes.set(PREFIX);

function base32(data: Uint8Array): string {
  let out = "b"; // multibase prefix of lowercase base32 without padding
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < data.length; i++) {
    buffer = ((buffer << 8) | data[i]!) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

// at most 32,768 texts of up to 4 KiB, 8 MiB of them together
const memo = new TextCache<string>({ entries: 1 << 15, chars: 8 << 20, entryChars: 4096 });

/** The CID of JSON text exactly as given. */
export function cidOfText(text: string): string {
  let cid = memo.get(text);
  if (cid !== undefined) return cid;
  cidBytes.set(blake3Text(text), PREFIX.length);
  cid = base32(cidBytes);
  memo.set(text, cid);
  return cid;
}

/** What the memo of CIDs holds (for tests). */
export const cidMemoStats = () => memo.stats();

/** The CID of a JSON value (its canonical text). */
export const cidOf = (value: Json): string => cidOfText(canonicalJson(value));
