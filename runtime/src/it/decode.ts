// Decodes Marine's interface-types custom section: a sequence of (kind byte, payload) entries for the version,
// types, imports, adapters, exports and implementations. Counts of entries are LEB128; strings and lists inside an
// entry carry their length the way Marine writes them (one byte for names, LEB128 for lists).
import { RuntimeError } from "../errors.ts";
import type {
  Adapter,
  Conversion,
  CoreType,
  Export,
  Field,
  Implementation,
  Import,
  Instruction,
  Interfaces,
  IType,
  ScalarType,
  TypeEntry,
} from "./types.ts";
import { MAX_TYPE_DEPTH } from "./types.ts";

export const INTERFACE_TYPES_SECTION = "interface-types";

const SCALAR_BY_CODE: Record<number, IType> = {
  0x0b: "boolean",
  0x00: "s8",
  0x01: "s16",
  0x02: "s32",
  0x03: "s64",
  0x04: "u8",
  0x05: "u16",
  0x06: "u32",
  0x07: "u64",
  0x08: "f32",
  0x09: "f64",
  0x0a: "string",
  0x3c: "byte_array",
  0x0c: "i32",
  0x0d: "i64",
};
export const TYPE_CODES: ReadonlyMap<IType, number> = new Map(
  Object.entries(SCALAR_BY_CODE).map(([code, type]) => [type, Number(code)]),
);
export const ARRAY_CODE = 0x36;
export const RECORD_CODE = 0x0e;

/** Opcodes 0x02..0x21: the numeric conversions, in Marine's order. */
const CONVERSIONS: readonly [ScalarType | CoreType, ScalarType | CoreType][] = (() => {
  const list: [ScalarType | CoreType, ScalarType | CoreType][] = [];
  const widths = ["8", "16", "32", "64"] as const;
  for (const sign of ["s", "u"] as const) {
    for (const w of widths) for (const core of ["i32", "i64"] as const) list.push([`${sign}${w}`, core]);
    for (const core of ["i32", "i64"] as const) for (const w of widths) list.push([core, `${sign}${w}`]);
  }
  return list;
})();
export const CONVERSION_CODES: ReadonlyMap<Conversion, number> = new Map(
  CONVERSIONS.map(([to, from], i) => [`${to}.from_${from}` as Conversion, 0x02 + i]),
);

export const OPCODES = {
  "argument.get": 0x00,
  "call-core": 0x01,
  "string.lift_memory": 0x22,
  "string.lower_memory": 0x23,
  "string.size": 0x24,
  "byte_array.lift_memory": 0x43,
  "byte_array.lower_memory": 0x44,
  "byte_array.size": 0x45,
  "array.lift_memory": 0x37,
  "array.lower_memory": 0x38,
  "record.lift_memory": 0x3a,
  "record.lower_memory": 0x3b,
  dup: 0x34,
  swap2: 0x35,
  "bool.from_i32": 0x3e,
  "i32.from_bool": 0x3f,
  "push.i32": 0x40,
  "push.i64": 0x41,
} as const;

class Reader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  byte(): number {
    const value = this.bytes[this.at];
    if (value === undefined) throw this.fail("unexpected end of the section");
    this.at++;
    return value;
  }

  uleb(): number {
    return Number(this.ulebBig());
  }

  ulebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.byte();
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw this.fail("a LEB128 number longer than 64 bits");
    }
  }

  name(): string {
    const length = this.byte();
    if (this.at + length > this.bytes.length) throw this.fail("a name runs past the end of the section");
    const slice = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(slice);
    } catch (cause) {
      throw this.fail("a name that is not UTF-8", cause);
    }
  }

  list<T>(item: () => T): T[] {
    const count = this.uleb();
    if (count > this.bytes.length - this.at) throw this.fail(`a list of ${count} items longer than the section`);
    return Array.from({ length: count }, item);
  }

  fail(message: string, cause?: unknown): RuntimeError {
    return new RuntimeError("INTERFACE", `Malformed interface-types section: ${message}`, {
      details: `at byte ${this.at}`,
      cause,
    });
  }
}

function type(reader: Reader, depth = 0): IType {
  const code = reader.byte();
  const scalar = SCALAR_BY_CODE[code];
  if (scalar !== undefined) return scalar;
  if (code === ARRAY_CODE) {
    if (depth >= MAX_TYPE_DEPTH) throw reader.fail(`arrays nested more than ${MAX_TYPE_DEPTH} deep`);
    return { array: type(reader, depth + 1) };
  }
  if (code === RECORD_CODE) return { record: reader.uleb() };
  throw reader.fail(`unknown type code 0x${code.toString(16)}`);
}

const field = (reader: Reader): Field => ({ name: reader.name(), type: type(reader) });

function typeEntry(reader: Reader): TypeEntry {
  const kind = reader.byte();
  if (kind === 0x00) {
    const args = reader.list(() => field(reader));
    return { kind: "function", arguments: args, outputs: reader.list(() => type(reader)) };
  }
  if (kind === 0x01) {
    const name = reader.name();
    const fields = reader.list(() => field(reader));
    if (fields.length === 0) throw reader.fail(`record ${name} has no fields`);
    return { kind: "record", name, fields };
  }
  throw reader.fail(`unknown type kind 0x${kind.toString(16)}`);
}

const OPS_BY_CODE = new Map<number, keyof typeof OPCODES>(
  Object.entries(OPCODES).map(([op, code]) => [code, op as keyof typeof OPCODES]),
);
const CONVERSIONS_BY_CODE = new Map([...CONVERSION_CODES].map(([conversion, code]) => [code, conversion]));

function instruction(reader: Reader): Instruction {
  const code = reader.byte();
  const conversion = CONVERSIONS_BY_CODE.get(code);
  if (conversion !== undefined) return convert(conversion);
  const op = OPS_BY_CODE.get(code);
  switch (op) {
    case "argument.get":
    case "call-core":
      return { op, index: reader.uleb() };
    case "array.lift_memory":
    case "array.lower_memory":
      return { op, type: type(reader) };
    case "record.lift_memory":
    case "record.lower_memory":
      return { op, record: reader.uleb() };
    case "push.i32":
      return { op, value: reader.uleb() | 0 };
    case "push.i64":
      return { op, value: BigInt.asIntN(64, reader.ulebBig()) };
    case "bool.from_i32":
      return convert("boolean.from_i32");
    case "i32.from_bool":
      return convert("i32.from_boolean");
    case undefined:
      throw reader.fail(`unknown instruction 0x${code.toString(16)}`);
    default:
      return { op };
  }
}

export function convert(conversion: Conversion): Instruction {
  return { op: "convert", conversion, to: conversion.slice(0, conversion.indexOf(".")) as ScalarType | CoreType };
}

/** Decodes the bytes of an interface-types section. */
export function decodeInterfaces(bytes: Uint8Array): Interfaces {
  const reader = new Reader(bytes);
  const versions: string[] = [];
  const types: TypeEntry[] = [];
  const imports: Import[] = [];
  const adapters: Adapter[] = [];
  const exports: Export[] = [];
  const implementations: Implementation[] = [];
  while (!reader.done) {
    const kind = reader.byte();
    const count = kind === 0x05 ? 1 : reader.uleb();
    for (let i = 0; i < count; i++) {
      switch (kind) {
        case 0x00:
          types.push(typeEntry(reader));
          break;
        case 0x01:
          imports.push({ namespace: reader.name(), name: reader.name(), functionType: reader.uleb() });
          break;
        case 0x02:
          adapters.push({ functionType: reader.uleb(), instructions: reader.list(() => instruction(reader)) });
          break;
        case 0x03:
          exports.push({ name: reader.name(), functionType: reader.uleb() });
          break;
        case 0x04:
          implementations.push({ coreFunctionType: reader.uleb(), adapterFunctionType: reader.uleb() });
          break;
        case 0x05:
          versions.push(reader.name());
          break;
        default:
          throw reader.fail(`unknown entry kind 0x${kind.toString(16)}`);
      }
    }
  }
  if (versions.length !== 1) throw reader.fail(`expected one version entry, found ${versions.length}`);
  return { version: versions[0] as string, types, imports, adapters, exports, implementations };
}
