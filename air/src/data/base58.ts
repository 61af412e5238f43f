// base58btc without its multibase prefix "z", as peer ids and signatures are written: the same text and bytes as
// multiformats' base58btc, several times faster on a signature's 64 bytes. multiformats converts a byte (or a
// character) at a time through every digit; this converts two bytes (or five characters) at a time through limbs
// of several digits, in doubles that stay exact (below 2^53). Text with a character outside the alphabet goes to
// multiformats, which refuses it (or reads it) as it always did.
import { base58btc } from "multiformats/bases/base58";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 58; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const ONE = 0x31; // "1", the digit 0, which leading zero bytes are written as

// Encoding: the number in little-endian limbs of 5 digits (58^5 < 2^30), fed 16 bits at a time (< 2^46 each step).
const DIGITS_5 = 58 ** 5;
// Decoding: the number in little-endian limbs of 16 bits, fed 5 digits at a time (58^5 * 2^16 < 2^46).
const POWERS = [1, 58, 58 ** 2, 58 ** 3, 58 ** 4, 58 ** 5];

/** limbs = limbs * mul + add, in base `base`. */
function mulAdd(limbs: number[], base: number, mul: number, add: number) {
  let carry = add;
  for (let j = 0; j < limbs.length; j++) {
    const x = limbs[j]! * mul + carry;
    carry = Math.floor(x / base);
    limbs[j] = x - carry * base;
  }
  while (carry > 0) {
    const next = Math.floor(carry / base);
    limbs.push(carry - next * base);
    carry = next;
  }
}

/** Where base58Encode writes its digits (a signature's 88 fit), before they become text. */
let scratch = Buffer.allocUnsafeSlow(128);

/** `bytes` in base58btc, without a multibase prefix. */
export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const limbs: number[] = [];
  let i = zeros;
  if ((bytes.length - zeros) % 2 === 1) mulAdd(limbs, DIGITS_5, 256, bytes[i++]!);
  for (; i < bytes.length; i += 2) mulAdd(limbs, DIGITS_5, 65536, (bytes[i]! << 8) | bytes[i + 1]!);
  // the digits from the last: every limb's five, then the most significant limb's leading zeros dropped
  const size = zeros + 5 * limbs.length;
  if (size > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(size, 2 * scratch.length));
  const codes = scratch;
  let at = size;
  for (let j = 0; j < limbs.length; j++) {
    let limb = limbs[j]!;
    for (let k = 0; k < 5; k++) {
      const next = Math.floor(limb / 58);
      codes[--at] = CODES[limb - next * 58]!;
      limb = next;
    }
  }
  while (at < size && codes[at] === ONE) at++;
  codes.fill(ONE, at - zeros, at);
  return codes.toString("latin1", at - zeros, size);
}

/** The bytes base58btc text (without a multibase prefix) stands for; throws as multiformats does. */
export function base58Decode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === ONE) zeros++;
  const limbs: number[] = [];
  let i = zeros;
  let group = (text.length - zeros) % 5 || 5;
  while (i < text.length) {
    let value = 0;
    for (const end = i + group; i < end; i++) {
      const c = text.charCodeAt(i);
      const d = c < 128 ? DIGIT[c]! : -1;
      if (d < 0) return base58btc.decode(`z${text}`);
      value = value * 58 + d;
    }
    mulAdd(limbs, 65536, POWERS[group]!, value);
    group = 5;
  }
  const top = limbs.length > 0 && limbs[limbs.length - 1]! < 256 ? 1 : 0;
  const out = new Uint8Array(zeros + 2 * limbs.length - top);
  let at = out.length;
  for (let j = 0; j < limbs.length; j++) {
    out[--at] = limbs[j]! & 0xff;
    if (at > zeros) out[--at] = limbs[j]! >>> 8;
  }
  return out;
}
