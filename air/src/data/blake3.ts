// BLAKE3-256 of short inputs, the size of nearly every value, tetraplet and record a trace hashes: one chunk (at
// most 1024 bytes) compressed block by block with the state in local variables, several times faster than a
// general-purpose implementation on such inputs. Longer inputs, which need BLAKE3's tree of chunks, go to
// @noble/hashes.
import { blake3 as blake3Tree } from "@noble/hashes/blake3.js";

const CHUNK_LEN = 1024;
const CHUNK_START = 1;
const CHUNK_END = 2;
const ROOT = 8;
const IV: readonly number[] = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

// The message word each G of each of the 7 rounds reads: round r uses the permutation applied r times.
const PERMUTATION = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
const SCHEDULE = new Uint8Array(7 * 16);
{
  let order = Array.from({ length: 16 }, (_, i) => i);
  for (let r = 0; r < 7; r++) {
    SCHEDULE.set(order, r * 16);
    order = PERMUTATION.map((p) => order[p]!);
  }
}

const bytes = new Uint8Array(CHUNK_LEN);
const words = new Uint32Array(bytes.buffer);
const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const encoder = new TextEncoder();
const cv = new Uint32Array(8);
const m = new Uint32Array(16);

/** Compresses block `block` of `bytes` (length `len`) into `cv`. */
function compress(block: number, len: number, flags: number) {
  for (let i = 0; i < 16; i++) m[i] = words[block * 16 + i]!;
  let v0 = cv[0]!, v1 = cv[1]!, v2 = cv[2]!, v3 = cv[3]!, v4 = cv[4]!, v5 = cv[5]!, v6 = cv[6]!, v7 = cv[7]!; // prettier-ignore
  let v8 = IV[0]!, v9 = IV[1]!, v10 = IV[2]!, v11 = IV[3]!, v12 = 0, v13 = 0, v14 = len, v15 = flags; // prettier-ignore
  for (let s = 0; s < 7 * 16; s += 16) {
    // columns
    v0 = (v0 + v4 + m[SCHEDULE[s]!]!) | 0;
    v12 ^= v0;
    v12 = (v12 >>> 16) | (v12 << 16);
    v8 = (v8 + v12) | 0;
    v4 ^= v8;
    v4 = (v4 >>> 12) | (v4 << 20); // prettier-ignore
    v0 = (v0 + v4 + m[SCHEDULE[s + 1]!]!) | 0;
    v12 ^= v0;
    v12 = (v12 >>> 8) | (v12 << 24);
    v8 = (v8 + v12) | 0;
    v4 ^= v8;
    v4 = (v4 >>> 7) | (v4 << 25); // prettier-ignore
    v1 = (v1 + v5 + m[SCHEDULE[s + 2]!]!) | 0;
    v13 ^= v1;
    v13 = (v13 >>> 16) | (v13 << 16);
    v9 = (v9 + v13) | 0;
    v5 ^= v9;
    v5 = (v5 >>> 12) | (v5 << 20); // prettier-ignore
    v1 = (v1 + v5 + m[SCHEDULE[s + 3]!]!) | 0;
    v13 ^= v1;
    v13 = (v13 >>> 8) | (v13 << 24);
    v9 = (v9 + v13) | 0;
    v5 ^= v9;
    v5 = (v5 >>> 7) | (v5 << 25); // prettier-ignore
    v2 = (v2 + v6 + m[SCHEDULE[s + 4]!]!) | 0;
    v14 ^= v2;
    v14 = (v14 >>> 16) | (v14 << 16);
    v10 = (v10 + v14) | 0;
    v6 ^= v10;
    v6 = (v6 >>> 12) | (v6 << 20); // prettier-ignore
    v2 = (v2 + v6 + m[SCHEDULE[s + 5]!]!) | 0;
    v14 ^= v2;
    v14 = (v14 >>> 8) | (v14 << 24);
    v10 = (v10 + v14) | 0;
    v6 ^= v10;
    v6 = (v6 >>> 7) | (v6 << 25); // prettier-ignore
    v3 = (v3 + v7 + m[SCHEDULE[s + 6]!]!) | 0;
    v15 ^= v3;
    v15 = (v15 >>> 16) | (v15 << 16);
    v11 = (v11 + v15) | 0;
    v7 ^= v11;
    v7 = (v7 >>> 12) | (v7 << 20); // prettier-ignore
    v3 = (v3 + v7 + m[SCHEDULE[s + 7]!]!) | 0;
    v15 ^= v3;
    v15 = (v15 >>> 8) | (v15 << 24);
    v11 = (v11 + v15) | 0;
    v7 ^= v11;
    v7 = (v7 >>> 7) | (v7 << 25); // prettier-ignore
    // diagonals
    v0 = (v0 + v5 + m[SCHEDULE[s + 8]!]!) | 0;
    v15 ^= v0;
    v15 = (v15 >>> 16) | (v15 << 16);
    v10 = (v10 + v15) | 0;
    v5 ^= v10;
    v5 = (v5 >>> 12) | (v5 << 20); // prettier-ignore
    v0 = (v0 + v5 + m[SCHEDULE[s + 9]!]!) | 0;
    v15 ^= v0;
    v15 = (v15 >>> 8) | (v15 << 24);
    v10 = (v10 + v15) | 0;
    v5 ^= v10;
    v5 = (v5 >>> 7) | (v5 << 25); // prettier-ignore
    v1 = (v1 + v6 + m[SCHEDULE[s + 10]!]!) | 0;
    v12 ^= v1;
    v12 = (v12 >>> 16) | (v12 << 16);
    v11 = (v11 + v12) | 0;
    v6 ^= v11;
    v6 = (v6 >>> 12) | (v6 << 20); // prettier-ignore
    v1 = (v1 + v6 + m[SCHEDULE[s + 11]!]!) | 0;
    v12 ^= v1;
    v12 = (v12 >>> 8) | (v12 << 24);
    v11 = (v11 + v12) | 0;
    v6 ^= v11;
    v6 = (v6 >>> 7) | (v6 << 25); // prettier-ignore
    v2 = (v2 + v7 + m[SCHEDULE[s + 12]!]!) | 0;
    v13 ^= v2;
    v13 = (v13 >>> 16) | (v13 << 16);
    v8 = (v8 + v13) | 0;
    v7 ^= v8;
    v7 = (v7 >>> 12) | (v7 << 20); // prettier-ignore
    v2 = (v2 + v7 + m[SCHEDULE[s + 13]!]!) | 0;
    v13 ^= v2;
    v13 = (v13 >>> 8) | (v13 << 24);
    v8 = (v8 + v13) | 0;
    v7 ^= v8;
    v7 = (v7 >>> 7) | (v7 << 25); // prettier-ignore
    v3 = (v3 + v4 + m[SCHEDULE[s + 14]!]!) | 0;
    v14 ^= v3;
    v14 = (v14 >>> 16) | (v14 << 16);
    v9 = (v9 + v14) | 0;
    v4 ^= v9;
    v4 = (v4 >>> 12) | (v4 << 20); // prettier-ignore
    v3 = (v3 + v4 + m[SCHEDULE[s + 15]!]!) | 0;
    v14 ^= v3;
    v14 = (v14 >>> 8) | (v14 << 24);
    v9 = (v9 + v14) | 0;
    v4 ^= v9;
    v4 = (v4 >>> 7) | (v4 << 25); // prettier-ignore
  }
  cv[0] = v0 ^ v8;
  cv[1] = v1 ^ v9;
  cv[2] = v2 ^ v10;
  cv[3] = v3 ^ v11; // prettier-ignore
  cv[4] = v4 ^ v12;
  cv[5] = v5 ^ v13;
  cv[6] = v6 ^ v14;
  cv[7] = v7 ^ v15; // prettier-ignore
}

/** Writes `text` as UTF-8 into `bytes`; its length, or -1 when it does not fit in one chunk. */
function encodeChunk(text: string): number {
  if (text.length > CHUNK_LEN) return -1;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) break;
    bytes[i] = c;
  }
  if (i === text.length) return i;
  const { read, written } = encoder.encodeInto(text.slice(i), bytes.subarray(i));
  return read === text.length - i ? i + written : -1;
}

/** The 32-byte BLAKE3 hash of `text`'s UTF-8 bytes. */
export function blake3Text(text: string): Uint8Array {
  const len = littleEndian ? encodeChunk(text) : -1;
  if (len < 0) return blake3Tree(encoder.encode(text));
  const blocks = Math.max(1, Math.ceil(len / 64));
  bytes.fill(0, len, blocks * 64);
  cv.set(IV);
  for (let b = 0; b < blocks; b++) {
    const last = b === blocks - 1;
    const flags = (b === 0 ? CHUNK_START : 0) | (last ? CHUNK_END | ROOT : 0);
    compress(b, last ? len - b * 64 : 64, flags);
  }
  return new Uint8Array(cv.buffer.slice(0));
}
