// Values at the edge of the runtime. Callers pass JSON (plus bigint for 64-bit integers and Uint8Array for bytes);
// inside, every value is checked against its interface type once and kept in one shape: integers up to 32 bits and
// floats as number, 64-bit integers as bigint, byte arrays as Uint8Array, records as objects by field name.
import { RuntimeError, valueText } from "../errors.ts";
import { type IType, isArrayType, type TypeEntry, typeName } from "../it/types.ts";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** What a call takes and returns: JSON, with bigint where a 64-bit integer does not fit a number. */
export type Value = null | boolean | number | bigint | string | Uint8Array | Value[] | { [key: string]: Value };

const INT_RANGES: Record<string, [number, number]> = {
  s8: [-128, 127],
  s16: [-32768, 32767],
  s32: [-2147483648, 2147483647],
  i32: [-2147483648, 4294967295],
  u8: [0, 255],
  u16: [0, 65535],
  u32: [0, 4294967295],
};
const BIG_RANGES: Record<string, [bigint, bigint]> = {
  s64: [-(2n ** 63n), 2n ** 63n - 1n],
  i64: [-(2n ** 63n), 2n ** 64n - 1n],
  u64: [0n, 2n ** 64n - 1n],
};

/** How deeply a caller's value may nest: recursive records or a value that contains itself stop here. */
export const MAX_VALUE_DEPTH = 256;

/** A lone surrogate (half of a UTF-16 pair) has no UTF-8 form: a string with one is refused, not mangled. */
const hasLoneSurrogate = (text: string) => !(text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Sets a field on a plain object handed to callers, as an own field even when it is named __proto__ (an assignment
 * would set the object's prototype instead).
 */
export function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true });
  else out[key] = value;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const describeValue = (value: unknown): string => {
  if (value instanceof Uint8Array) return `bytes(${value.length})`;
  return valueText(value);
};

/** Checks a caller's value against its type and brings it to the runtime's shape; `path` names it in errors. */
const mismatchError = (value: unknown, type: IType, types: readonly TypeEntry[], path: string) =>
  new RuntimeError("TYPE_MISMATCH", `${path} must be ${typeName(type, types)}, got ${describeValue(value)}`);

// No closures are made here on the way of a call that succeeds: this runs for every argument of every call.
export function fromCaller(value: unknown, type: IType, types: readonly TypeEntry[], path: string, depth = 0): unknown {
  if (depth > MAX_VALUE_DEPTH) {
    throw new RuntimeError("TYPE_MISMATCH", `${path.slice(0, 200)}...: nested more than ${MAX_VALUE_DEPTH} deep`);
  }
  if (typeof type === "string") {
    switch (type) {
      case "boolean":
        if (typeof value !== "boolean") throw mismatchError(value, type, types, path);
        return value;
      case "string":
        if (typeof value !== "string") throw mismatchError(value, type, types, path);
        if (hasLoneSurrogate(value)) {
          throw new RuntimeError("TYPE_MISMATCH", `${path} holds a lone surrogate, which UTF-8 cannot carry`);
        }
        return value;
      case "f32":
      case "f64":
        if (typeof value !== "number") throw mismatchError(value, type, types, path);
        return value;
      case "byte_array":
        return bytesFromCaller(value, type, types, path);
      case "s64":
      case "u64":
      case "i64": {
        const range = BIG_RANGES[type] as [bigint, bigint];
        let big: bigint;
        if (typeof value === "bigint") big = value;
        else if (typeof value === "number" && Number.isSafeInteger(value)) big = BigInt(value);
        else if (typeof value === "string" && value.length <= 20 && /^-?\d+$/.test(value)) big = BigInt(value);
        else throw mismatchError(value, type, types, path);
        if (big < range[0] || big > range[1]) throw mismatchError(value, type, types, path);
        return big;
      }
      default: {
        const range = INT_RANGES[type] as [number, number];
        if (typeof value !== "number" || !Number.isInteger(value) || value < range[0] || value > range[1])
          throw mismatchError(value, type, types, path);
        return value;
      }
    }
  }
  if (isArrayType(type)) {
    if (type.array === "u8") return bytesFromCaller(value, type, types, path);
    if (!Array.isArray(value)) throw mismatchError(value, type, types, path);
    return value.map((item, i) => fromCaller(item, type.array, types, `${path}[${i}]`, depth + 1));
  }
  const record = types[type.record];
  if (record?.kind !== "record") throw new RuntimeError("INTERFACE", `${path}: type ${type.record} is not a record`);
  if (Array.isArray(value)) {
    if (value.length !== record.fields.length) throw mismatchError(value, type, types, path);
    const out: Record<string, unknown> = Object.create(null); // a field may be named __proto__
    record.fields.forEach(
      (f, i) => (out[f.name] = fromCaller(value[i], f.type, types, `${path}.${f.name}`, depth + 1)),
    );
    return out;
  }
  if (!isPlainObject(value)) throw mismatchError(value, type, types, path);
  const out: Record<string, unknown> = Object.create(null);
  for (const f of record.fields) {
    if (!Object.hasOwn(value, f.name)) {
      throw new RuntimeError("TYPE_MISMATCH", `${path} (${record.name}) lacks field ${f.name}`);
    }
    out[f.name] = fromCaller(value[f.name], f.type, types, `${path}.${f.name}`, depth + 1);
  }
  for (const key of Object.keys(value)) {
    if (!record.fields.some((f) => f.name === key))
      throw new RuntimeError("TYPE_MISMATCH", `${path} (${record.name}) has no field ${key}`);
  }
  return out;
}

function bytesFromCaller(value: unknown, type: IType, types: readonly TypeEntry[], path: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (!Array.isArray(value)) throw mismatchError(value, type, types, path);
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const byte: unknown = value[i];
    if (typeof byte !== "number" || !Number.isInteger(byte) || byte < 0 || byte > 255)
      throw mismatchError(value, type, types, path);
    bytes[i] = byte;
  }
  return bytes;
}

export interface OutputOptions {
  /** Byte arrays as Uint8Array instead of JSON arrays of numbers. */
  readonly bytes?: "array" | "uint8array";
}

/** A value of the runtime's shape as the caller gets it: bytes as arrays, 64-bit integers as numbers when safe. */
export function toCaller(value: unknown, options: OutputOptions): Value {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (value instanceof Uint8Array) return options.bytes === "uint8array" ? value : Array.from(value);
  if (Array.isArray(value)) return value.map((item) => toCaller(item, options));
  if (isPlainObject(value)) {
    const out: Record<string, Value> = {};
    for (const key of Object.keys(value)) setField(out, key, toCaller(value[key], options));
    return out;
  }
  return value as Value;
}
