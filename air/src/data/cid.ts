// Content addresses of trace values, as AquaVM computes them: CIDv1 of the value's compact JSON text, codec json
// (0x0200), multihash blake3-256, written in multibase base32 ("bagaaihra..."). A trace hashes the same few texts
// run after run (every replayed result checks its tetraplet and arguments), so recent texts keep their CIDs.
import { TextCache } from "../text-cache.ts";
import { blake3Text } from "./blake3.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Compact JSON as serde_json writes it, the form AquaVM hashes: object keys in the order of their UTF-8 bytes (its
 * objects are ordered maps), numbers as serde_json writes them.
 */
export function canonicalJson(value: Json): string {
  if (typeof value === "number") return jsonNumber(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = sortedKeys(value);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * An object's keys in the order of their UTF-8 bytes, which is their code points' order. UTF-16's order differs only
 * between a surrogate (a character past U+FFFF) and U+E000 to U+FFFF: keys without those sort as JavaScript sorts.
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value).sort();
  return keys.some((k) => /[\ud800-\uffff]/.test(k)) ? keys.sort(byCodePoints) : keys;
}

function byCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * A number as serde_json writes it: a whole number that fits 64 bits as an integer, any other as its shortest
 * digits laid out as Rust's ryu does (`1e21`, `1.5e-7`, `0.001`, `100.0`).
 */
function jsonNumber(n: number): string {
  // (above 2^53, the digits JavaScript writes: a value read from JSON text is as exact as they are)
  if (Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 64) return String(n);
  const [mantissa, exp] = Math.abs(n).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  // the value is 0.digits × 10^point
  const point = Number(exp) + 1;
  const sign = n < 0 ? "-" : "";
  const k = point - digits.length;
  if (k >= 0 && point <= 16) return `${sign}${digits}${"0".repeat(k)}.0`;
  if (point > 0 && point <= 16) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  if (point > -5 && point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  const rest = digits.length > 1 ? `.${digits.slice(1)}` : "";
  return `${sign}${digits[0]}${rest}e${point - 1}`;
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
