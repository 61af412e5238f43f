import { type Address, type Hex, isAddress, isHex } from "viem";
import { InputError } from "../errors.ts";

export function assertAddress(value: string, what: string): asserts value is Address {
  if (!isAddress(value, { strict: false })) throw new InputError(`${what} "${value}" is not an address`);
}

/** A 32-byte id (peer, CU, worker): 0x followed by 64 hex digits, not zero. */
export function assertId(value: string, what: string): asserts value is Hex {
  if (!isHex(value) || value.length !== 66) throw new InputError(`${what} "${value}" is not a 32-byte hex id`);
  if (/^0x0+$/.test(value)) throw new InputError(`${what} must not be zero`);
}

export function assertPositive(value: bigint, what: string) {
  if (value <= 0n) throw new InputError(`${what} must be greater than zero`);
}
