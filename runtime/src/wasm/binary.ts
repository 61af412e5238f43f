// A small reader and writer of the WebAssembly binary format: enough to list a module's sections, function
// signatures, imports, exports and memory, and to put a rewritten module back together.
import { RuntimeError } from "../errors.ts";

export const SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

/** Where the non-custom sections go, by id: the order the binary format requires. */
export const SECTION_ORDER: Record<number, number> = {
  1: 1,
  2: 2,
  3: 3,
  4: 4,
  5: 5,
  13: 6,
  6: 7,
  7: 8,
  8: 9,
  9: 10,
  12: 11,
  10: 12,
  11: 13,
};

export const invalid = (message: string, details?: string, cause?: unknown): RuntimeError =>
  new RuntimeError("INVALID_MODULE", message, { details, cause });

export class ByteReader {
  constructor(
    readonly bytes: Uint8Array,
    public at = 0,
    readonly end = bytes.length,
  ) {
    if (end > bytes.length) throw invalid("Truncated WebAssembly module", `a part of ${end - at} bytes at byte ${at}`);
  }

  get done(): boolean {
    return this.at >= this.end;
  }

  byte(): number {
    if (this.at >= this.end) throw invalid("Truncated WebAssembly module", `at byte ${this.at}`);
    return this.bytes[this.at++] as number;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 28) {
        const last = this.byte();
        if ((last & 0x80) !== 0 || last > 0x0f) throw invalid("Malformed LEB128 number", `at byte ${this.at}`);
        return (result | (last << 28)) >>> 0;
      }
    }
  }

  /** A count of items that each take at least one byte: never more than the bytes left can hold. */
  count(): number {
    const count = this.u32();
    if (count > this.end - this.at) {
      throw invalid(
        "Truncated WebAssembly module",
        `${count} items at byte ${this.at}, ${this.end - this.at} bytes left`,
      );
    }
    return count;
  }

  /** Skips a signed LEB128 number of any width. */
  skipLeb(): void {
    while ((this.byte() & 0x80) !== 0);
  }

  skip(count: number): void {
    if (this.at + count > this.end) throw invalid("Truncated WebAssembly module", `at byte ${this.at}`);
    this.at += count;
  }

  name(): string {
    const length = this.u32();
    const start = this.at;
    this.skip(length);
    return new TextDecoder().decode(this.bytes.subarray(start, start + length));
  }
}

export function uleb(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

export function sleb(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const nameBytes = (name: string): number[] => {
  const encoded = new TextEncoder().encode(name);
  return [...uleb(encoded.length), ...encoded];
};

export interface Section {
  readonly id: number;
  /** The section's payload (without id and size). */
  readonly payload: Uint8Array;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function readSections(bytes: Uint8Array): Section[] {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw invalid("Not a WebAssembly module", "the bytes do not start with the magic number and version 1");
  }
  const reader = new ByteReader(bytes, 8);
  const sections: Section[] = [];
  while (!reader.done) {
    const id = reader.byte();
    const size = reader.u32();
    const start = reader.at;
    reader.skip(size);
    sections.push({ id, payload: bytes.subarray(start, start + size) });
  }
  return sections;
}

export function writeSections(sections: readonly Section[]): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.from(MAGIC)];
  for (const s of sections) parts.push(Uint8Array.from([s.id, ...uleb(s.payload.length)]), s.payload);
  return Buffer.concat(parts);
}

/** Reads a vector whose items the callback consumes; answers their count. */
export function forEachItem(payload: Uint8Array, item: (reader: ByteReader, index: number) => void): number {
  const reader = new ByteReader(payload);
  const count = reader.count();
  for (let i = 0; i < count; i++) item(reader, i);
  return count;
}

export type ValueType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref";
const VALUE_TYPES: Record<number, ValueType> = {
  0x7f: "i32",
  0x7e: "i64",
  0x7d: "f32",
  0x7c: "f64",
  0x7b: "v128",
  0x70: "funcref",
  0x6f: "externref",
};

export function valueType(reader: ByteReader): ValueType {
  const code = reader.byte();
  const type = VALUE_TYPES[code];
  if (type === undefined) throw invalid("Unsupported value type", `0x${code.toString(16)} at byte ${reader.at - 1}`);
  return type;
}

export interface Signature {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

export interface Limits {
  readonly min: number;
  readonly max: number | undefined;
}

export function limits(reader: ByteReader): Limits {
  const flags = reader.byte();
  if (flags > 1) throw invalid("Unsupported memory or table limits", `flags 0x${flags.toString(16)}: shared or 64-bit`);
  const min = reader.u32();
  return { min, max: flags === 1 ? reader.u32() : undefined };
}
