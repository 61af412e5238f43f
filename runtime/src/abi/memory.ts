// Values moved in and out of a module's linear memory the way Marine lays them out: strings and byte arrays as
// bytes the module allocated; arrays as packed elements (strings, byte arrays and nested arrays as an
// (offset u32, length u32) pair, records as an offset u32); records as their fields packed without padding.
// Every read is bounds-checked, so a module that answers a bad pointer fails its call, not the host.
import { RuntimeError } from "../errors.ts";
import { MAX_VALUE_DEPTH, setField } from "./values.ts";
import { type IType, isArrayType, type RecordType, type TypeEntry } from "../it/types.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Bytes a value takes inside an array or a record. */
export function serializedSize(type: IType): number {
  if (typeof type !== "string") return isArrayType(type) ? 8 : 4;
  switch (type) {
    case "boolean":
    case "s8":
    case "u8":
      return 1;
    case "s16":
    case "u16":
      return 2;
    case "s64":
    case "u64":
    case "i64":
    case "f64":
      return 8;
    case "string":
    case "byte_array":
      return 8;
    default:
      return 4;
  }
}

/** The type tag Marine's allocate(size, tag) takes for the elements of an allocation. */
export function allocationTag(type: IType): number {
  switch (type) {
    case "boolean":
      return 0;
    case "u8":
      return 1;
    case "u16":
      return 2;
    case "u32":
      return 3;
    case "u64":
      return 4;
    case "s8":
      return 5;
    case "s16":
      return 6;
    case "s32":
    case "i32":
      return 7;
    case "s64":
    case "i64":
      return 8;
    case "f32":
      return 9;
    case "f64":
      return 10;
    default:
      return 3;
  }
}

/** One module's memory and allocator, as lifting and lowering see them. */
export class ModuleMemory {
  private buffer: ArrayBuffer | undefined;
  private bytesView: Buffer = Buffer.alloc(0);
  private dataView = new DataView(new ArrayBuffer(0));
  /** Bytes the lifting of one value may still read. */
  private liftBudget = 0;

  constructor(
    readonly memory: WebAssembly.Memory,
    private readonly allocator: (size: number, tag: number) => number,
    readonly types: readonly TypeEntry[],
    readonly moduleName: string,
  ) {}

  /** The current views (the buffer changes when the memory grows). */
  bytes(): Buffer {
    if (this.memory.buffer !== this.buffer) this.refresh();
    return this.bytesView;
  }

  view(): DataView {
    if (this.memory.buffer !== this.buffer) this.refresh();
    return this.dataView;
  }

  private refresh() {
    this.buffer = this.memory.buffer;
    this.bytesView = Buffer.from(this.buffer);
    this.dataView = new DataView(this.buffer);
  }

  check(offset: number, length: number): void {
    const size = this.bytes().length;
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new RuntimeError("MEMORY", `Module ${this.moduleName} pointed outside its memory`, {
        details: `${length} bytes at offset ${offset}, memory of ${size} bytes`,
      });
    }
  }

  allocate(size: number, tag: number): number {
    const ptr = this.allocator(size, tag) >>> 0;
    this.check(ptr, size);
    return ptr;
  }

  record(id: number): RecordType {
    const type = this.types[id];
    if (type?.kind !== "record")
      throw new RuntimeError("INTERFACE", `Type ${id} of ${this.moduleName} is not a record`);
    return type;
  }

  // lowering: host values into the module's memory

  writeString(ptr: number, value: string): number {
    const length = Buffer.byteLength(value);
    this.check(ptr, length);
    if (length > 0) this.bytesView.write(value, ptr, length, "utf8");
    return length;
  }

  writeBytes(ptr: number, bytes: Uint8Array): number {
    this.check(ptr, bytes.length);
    this.bytes().set(bytes, ptr);
    return bytes.length;
  }

  lowerBytes(bytes: Uint8Array): number {
    const ptr = this.allocate(bytes.length, 1);
    this.bytes().set(bytes, ptr);
    return ptr;
  }

  lowerString(value: string): [number, number] {
    const ptr = this.allocate(Buffer.byteLength(value), 1);
    return [ptr, this.writeString(ptr, value)];
  }

  /** An array's elements; answers (offset, element count), (0, 0) for an empty one. */
  lowerArray(values: unknown, item: IType): [number, number] {
    if (values instanceof Uint8Array) {
      return values.length === 0 ? [0, 0] : [this.lowerBytes(values), values.length];
    }
    const list = values as unknown[];
    if (list.length === 0) return [0, 0];
    const size = serializedSize(item);
    const encoded = new Uint8Array(size * list.length);
    const view = new DataView(encoded.buffer);
    list.forEach((value, i) => this.encodeField(view, i * size, value, item));
    const ptr = this.allocate(encoded.length, allocationTag(item));
    this.bytes().set(encoded, ptr);
    return [ptr, list.length];
  }

  lowerRecord(value: unknown, id: number): number {
    const record = this.record(id);
    const fields = value as Record<string, unknown>;
    let size = 0;
    for (const f of record.fields) size += serializedSize(f.type);
    const encoded = new Uint8Array(size);
    const view = new DataView(encoded.buffer);
    let at = 0;
    for (const f of record.fields) {
      this.encodeField(view, at, fields[f.name], f.type);
      at += serializedSize(f.type);
    }
    return this.lowerBytes(encoded);
  }

  /** Writes one element into a buffer being built (nested strings, arrays and records are allocated first). */
  private encodeField(view: DataView, at: number, value: unknown, type: IType): void {
    if (typeof type === "object") {
      if (isArrayType(type)) {
        const [ptr, count] = this.lowerArray(value, type.array);
        view.setUint32(at, ptr, true);
        view.setUint32(at + 4, count, true);
      } else view.setUint32(at, this.lowerRecord(value, type.record), true);
      return;
    }
    switch (type) {
      case "boolean":
        view.setUint8(at, value ? 1 : 0);
        break;
      case "s8":
      case "u8":
        view.setUint8(at, (value as number) & 0xff);
        break;
      case "s16":
      case "u16":
        view.setUint16(at, (value as number) & 0xffff, true);
        break;
      case "s32":
      case "u32":
      case "i32":
        view.setUint32(at, (value as number) >>> 0, true);
        break;
      case "s64":
      case "u64":
      case "i64":
        view.setBigUint64(at, BigInt.asUintN(64, value as bigint), true);
        break;
      case "f32":
        view.setFloat32(at, value as number, true);
        break;
      case "f64":
        view.setFloat64(at, value as number, true);
        break;
      case "string": {
        const [ptr, length] = this.lowerString(value as string);
        view.setUint32(at, ptr, true);
        view.setUint32(at + 4, length, true);
        break;
      }
      case "byte_array": {
        const bytes = value as Uint8Array;
        view.setUint32(at, this.lowerBytes(bytes), true);
        view.setUint32(at + 4, bytes.length, true);
        break;
      }
    }
  }

  // lifting: values out of the module's memory

  liftString(ptr: number, length: number): string {
    if (length === 0) return "";
    this.check(ptr, length);
    const text = this.bytesView.toString("utf8", ptr, ptr + length);
    // toString replaces bytes that are not UTF-8 with U+FFFD: only then is the strict decoder needed
    if (text.includes("\uFFFD")) {
      try {
        decoder.decode(this.bytesView.subarray(ptr, ptr + length));
      } catch (cause) {
        throw new RuntimeError("TYPE_MISMATCH", `Module ${this.moduleName} answered a string that is not UTF-8`, {
          cause,
        });
      }
    }
    return text;
  }

  liftBytes(ptr: number, length: number): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    this.check(ptr, length);
    const out = new Uint8Array(length); // a plain copy: a Buffer's slice would be a Buffer
    out.set(this.bytesView.subarray(ptr, ptr + length));
    return out;
  }

  /**
   * An array or a record and everything it points to. An honest value's parts do not overlap, so lifting it reads
   * no more bytes than the memory has; parts that point at each other (a record whose four fields name one record
   * whose four fields name one record...) would otherwise make the host build an exponential value from a page.
   */
  liftArray(ptr: number, count: number, item: IType): unknown {
    this.liftBudget = this.bytes().length;
    return this.arrayAt(ptr, count, item, 0);
  }

  liftRecord(ptr: number, id: number): Record<string, unknown> {
    this.liftBudget = this.bytes().length;
    return this.recordAt(ptr, id, 0);
  }

  /** A value nested deeper than an argument may be (a record that points at itself, most likely) is refused. */
  private nest(depth: number): number {
    if (depth >= MAX_VALUE_DEPTH) {
      throw new RuntimeError(
        "TYPE_MISMATCH",
        `Module ${this.moduleName} answered a value nested more than ${MAX_VALUE_DEPTH} deep`,
        {
          details: "a record or array in it points at itself or at one that contains it",
        },
      );
    }
    return depth + 1;
  }

  private charge(length: number): void {
    this.liftBudget -= length;
    if (this.liftBudget < 0) {
      throw new RuntimeError("MEMORY", `Module ${this.moduleName} answered a value larger than its memory`, {
        details: "parts of the value point at the same bytes",
      });
    }
  }

  private arrayAt(ptr: number, count: number, item: IType, depth: number): unknown {
    if (item === "u8") {
      this.charge(count);
      return this.liftBytes(ptr, count);
    }
    if (count === 0) return [];
    const size = serializedSize(item);
    this.check(ptr, size * count);
    this.charge(size * count);
    const out = new Array<unknown>(count);
    const inner = this.nest(depth);
    for (let i = 0; i < count; i++) out[i] = this.decodeField(ptr + i * size, item, inner);
    return out;
  }

  private recordAt(ptr: number, id: number, depth: number): Record<string, unknown> {
    const record = this.record(id);
    let size = 0;
    for (const f of record.fields) size += serializedSize(f.type);
    this.check(ptr, size);
    this.charge(size);
    const out: Record<string, unknown> = {};
    let at = ptr;
    const inner = this.nest(depth);
    for (const f of record.fields) {
      setField(out, f.name, this.decodeField(at, f.type, inner));
      at += serializedSize(f.type);
    }
    return out;
  }

  private decodeField(at: number, type: IType, depth: number): unknown {
    const view = this.view();
    if (typeof type === "object") {
      const ptr = view.getUint32(at, true);
      return isArrayType(type)
        ? this.arrayAt(ptr, view.getUint32(at + 4, true), type.array, depth)
        : this.recordAt(ptr, type.record, depth);
    }
    switch (type) {
      case "boolean":
        return view.getUint8(at) !== 0;
      case "s8":
        return view.getInt8(at);
      case "u8":
        return view.getUint8(at);
      case "s16":
        return view.getInt16(at, true);
      case "u16":
        return view.getUint16(at, true);
      case "s32":
      case "i32":
        return view.getInt32(at, true);
      case "u32":
        return view.getUint32(at, true);
      case "s64":
      case "i64":
        return view.getBigInt64(at, true);
      case "u64":
        return view.getBigUint64(at, true);
      case "f32":
        return view.getFloat32(at, true);
      case "f64":
        return view.getFloat64(at, true);
      case "string":
      case "byte_array": {
        const length = view.getUint32(at + 4, true);
        this.charge(length);
        const ptr = view.getUint32(at, true);
        return type === "string" ? this.liftString(ptr, length) : this.liftBytes(ptr, length);
      }
    }
  }
}
