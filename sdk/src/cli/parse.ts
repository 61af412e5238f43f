// Parsers for command-line values. Each throws an InputError naming the flag, before anything is sent.
import { type Address, getAddress, type Hex, parseUnits } from "viem";
import { InputError } from "../errors.ts";
import { assertAddress, assertId } from "../contracts/validate.ts";

export function parseAddress(text: string, what: string): Address {
  assertAddress(text, what);
  return getAddress(text);
}

export function parseId(text: string, what: string): Hex {
  assertId(text, what);
  return text.toLowerCase() as Hex;
}

/** A whole number >= `min` (offer and commitment ids, worker counts, epochs, basis points). */
export function parseInteger(text: string, what: string, min = 1n): bigint {
  if (!/^\d+$/.test(text.trim())) throw new InputError(`${what} "${text}" is not a whole number`);
  const value = BigInt(text.trim());
  if (value < min) throw new InputError(`${what} must be at least ${min}, got ${value}`);
  return value;
}

export const RAW_PREFIX = "raw:";

/**
 * A token amount: decimal token units ("1.5" is 1500000 of a 6-decimal token), or the smallest unit with the raw:
 * prefix ("raw:1500000"). More fraction digits than the token has is an error, not a rounding.
 */
export function parseAmount(text: string, decimals: number, what: string): bigint {
  const value = text.trim();
  if (value.startsWith(RAW_PREFIX)) {
    const raw = value.slice(RAW_PREFIX.length);
    if (!/^\d+$/.test(raw))
      throw new InputError(`${what} "${text}" is not a whole number of the token's smallest unit`);
    return BigInt(raw);
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) {
    throw new InputError(`${what} "${text}" is not an amount`, {
      details: `write token units like 1.5, or ${RAW_PREFIX}<integer> for the token's smallest unit`,
    });
  }
  if ((match[2]?.length ?? 0) > decimals) {
    throw new InputError(`${what} "${text}" has more than the token's ${decimals} decimals`);
  }
  return parseUnits(value, decimals);
}

/** Peer flags: `<publicKey>:<count>` (that many new random CU labels) or `<publicKey>:<label>,<label>...`. */
export interface PeerFlag {
  publicKey: Hex;
  units: number | Hex[];
}

const MAX_UNITS_PER_PEER = 10_000n;

export function parsePeerFlag(text: string): PeerFlag {
  const colon = text.indexOf(":");
  if (colon < 0)
    throw new InputError(`--peer "${text}" is not <publicKey>:<unitCount> or <publicKey>:<label>,<label>...`);
  const publicKey = parseId(text.slice(0, colon), "peer public key");
  const rest = text.slice(colon + 1);
  if (/^\d+$/.test(rest)) {
    const count = parseInteger(rest, `CU count of peer ${publicKey}`);
    if (count > MAX_UNITS_PER_PEER)
      throw new InputError(`peer ${publicKey}: ${count} CUs is more than ${MAX_UNITS_PER_PEER}`);
    return { publicKey, units: Number(count) };
  }
  return { publicKey, units: rest.split(",").map((u) => parseId(u, "CU label")) };
}
