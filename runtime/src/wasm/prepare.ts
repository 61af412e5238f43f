// Reads what the runtime needs from a module's binary (its imports and exports with their signatures, its memory)
// and rewrites it for limits: a fuel counter (a mutable i64 global, exported) that every function entry and every
// loop iteration decrements, trapping once it drops below zero; a memory maximum no larger than the cap; and a flag
// raised when memory.grow fails, so that the trap that usually follows is reported as running out of memory.
import {
  ByteReader,
  forEachItem,
  invalid,
  type Limits,
  limits,
  nameBytes,
  readSections,
  SECTION,
  SECTION_ORDER,
  type Section,
  type Signature,
  sleb,
  uleb,
  valueType,
  type ValueType,
  writeSections,
} from "./binary.ts";
import { RuntimeError } from "../errors.ts";
import { OP_LOOP, OP_MEMORY_GROW, skipBlockType, skipImmediates } from "./instructions.ts";

export const FUEL_EXPORT = "__cloudless_fuel";
export const OOM_EXPORT = "__cloudless_out_of_memory";
export const PAGE_SIZE = 65536;

export interface ModuleImport {
  readonly module: string;
  readonly name: string;
  readonly kind: "function" | "table" | "memory" | "global" | "tag";
  /** A function import's signature. */
  readonly signature?: Signature;
}

export interface ModuleInfo {
  readonly imports: readonly ModuleImport[];
  /** Exported functions by name, with their signatures. */
  readonly functions: ReadonlyMap<string, Signature>;
  /** The module's own memory (undefined when it has none or imports it). */
  readonly memory: Limits | undefined;
  readonly customSections: ReadonlyMap<string, Uint8Array>;
}

export interface PrepareOptions {
  /** Instrument for fuel metering. */
  readonly fuel: boolean;
  /** The largest memory the module may have, in pages. */
  readonly maxMemoryPages?: number;
}

export interface PreparedModule {
  readonly info: ModuleInfo;
  readonly bytes: Uint8Array;
}

const IMPORT_KINDS = ["function", "table", "memory", "global", "tag"] as const;

export function prepareModule(bytes: Uint8Array, options: PrepareOptions): PreparedModule {
  const sections = readSections(bytes);
  const types: Signature[] = [];
  const imports: ModuleImport[] = [];
  const functionTypes: number[] = [];
  const customSections = new Map<string, Uint8Array>();
  const exports: { name: string; kind: number; index: number }[] = [];
  let importedFunctions = 0;
  let importedGlobals = 0;
  let definedGlobals = 0;
  let memory: Limits | undefined;

  for (const section of sections) {
    switch (section.id) {
      case SECTION.custom: {
        const reader = new ByteReader(section.payload);
        const name = reader.name();
        customSections.set(name, section.payload.subarray(reader.at));
        break;
      }
      case SECTION.type:
        forEachItem(section.payload, (reader) => {
          const form = reader.byte();
          if (form !== 0x60) throw invalid("Unsupported type in the type section", `form 0x${form.toString(16)}`);
          const params = vector(reader, valueType);
          types.push({ params, results: vector(reader, valueType) });
        });
        break;
      case SECTION.import:
        forEachItem(section.payload, (reader) => {
          const module = reader.name();
          const name = reader.name();
          const kindCode = reader.byte();
          const kind = IMPORT_KINDS[kindCode];
          if (kind === undefined) throw invalid("Unknown import kind", `${module}.${name}: ${kindCode}`);
          if (kind === "function") {
            importedFunctions++;
            imports.push({ module, name, kind, signature: signatureOf(types, reader.u32()) });
            return;
          }
          if (kind === "table") {
            reader.byte();
            limits(reader);
          } else if (kind === "memory") limits(reader);
          else if (kind === "global") {
            importedGlobals++;
            valueType(reader);
            reader.byte();
          } else {
            reader.byte();
            reader.u32();
          }
          imports.push({ module, name, kind });
        });
        break;
      case SECTION.function:
        forEachItem(section.payload, (reader) => functionTypes.push(reader.u32()));
        break;
      case SECTION.memory:
        forEachItem(section.payload, (reader, i) => {
          if (i > 0) throw invalid("More than one memory", "multi-memory modules are not supported");
          memory = limits(reader);
        });
        break;
      case SECTION.global:
        definedGlobals = new ByteReader(section.payload).u32();
        break;
      case SECTION.export:
        forEachItem(section.payload, (reader) => {
          exports.push({ name: reader.name(), kind: reader.byte(), index: reader.u32() });
        });
        break;
    }
  }

  const functions = new Map<string, Signature>();
  for (const e of exports) {
    if (e.kind !== 0) continue;
    const local = e.index - importedFunctions;
    const typeIndex = local < 0 ? undefined : functionTypes[local];
    if (local < 0) {
      const imported = imports.filter((i) => i.kind === "function")[e.index];
      if (imported?.signature) functions.set(e.name, imported.signature);
    } else functions.set(e.name, signatureOf(types, typeIndex));
  }
  const reserved = exports.find((e) => e.name === FUEL_EXPORT || e.name === OOM_EXPORT);
  if (reserved) throw invalid(`A module may not export ${reserved.name}`);

  const info: ModuleInfo = { imports, functions, memory, customSections };
  let rewritten: Section[] = sections;
  if (options.maxMemoryPages !== undefined && memory) {
    rewritten = capMemory(rewritten, memory, options.maxMemoryPages);
  }
  if (options.fuel || options.maxMemoryPages !== undefined) {
    rewritten = instrument(rewritten, importedGlobals + definedGlobals, options.fuel);
  }
  return { info, bytes: rewritten === sections ? bytes : writeSections(rewritten) };
}

function vector<T>(reader: ByteReader, item: (reader: ByteReader) => T): T[] {
  const count = reader.count();
  return Array.from({ length: count }, () => item(reader));
}

function signatureOf(types: readonly Signature[], index: number | undefined): Signature {
  const signature = index === undefined ? undefined : types[index];
  if (!signature) throw invalid("A function refers to a type the module does not define", `type ${index}`);
  return signature;
}

function capMemory(sections: Section[], memory: Limits, maxPages: number): Section[] {
  if (memory.min > maxPages) {
    throw new RuntimeError("MEMORY", "The module's initial memory is over the memory limit", {
      details: `${memory.min} pages initially, ${maxPages} allowed`,
    });
  }
  const max = memory.max === undefined ? maxPages : Math.min(memory.max, maxPages);
  const payload = Uint8Array.from([1, 1, ...uleb(memory.min), ...uleb(max)]);
  return sections.map((s) => (s.id === SECTION.memory ? { id: s.id, payload } : s));
}

/** The check inserted at each function entry and loop header. */
function fuelCheck(global: number): number[] {
  const g = uleb(global);
  return [
    ...[0x23, ...g], // global.get
    ...[0x42, 0x01], // i64.const 1
    0x7d, // i64.sub
    ...[0x24, ...g], // global.set
    ...[0x23, ...g], // global.get
    ...[0x42, 0x00], // i64.const 0
    0x53, // i64.lt_s
    ...[0x04, 0x40, 0x00, 0x0b], // if unreachable end
  ];
}

/**
 * After each memory.grow, a failed grow (-1) is recorded in the out-of-memory global, so that a trap that follows
 * can be reported as running out of memory. The grow's result passes through a scratch global.
 */
function growCheck(scratch: number, oom: number): number[] {
  const s = uleb(scratch);
  return [
    ...[0x24, ...s], // global.set scratch
    ...[0x23, ...s], // global.get scratch
    ...[0x41, 0x7f], // i32.const -1
    0x46, // i32.eq
    ...[0x04, 0x40, 0x41, 0x01, 0x24, ...uleb(oom), 0x0b], // if (global.set oom 1) end
    ...[0x23, ...s], // global.get scratch
  ];
}

function instrument(sections: Section[], firstGlobal: number, fuel: boolean): Section[] {
  const [fuelGlobal, scratchGlobal, oomGlobal] = [firstGlobal, firstGlobal + 1, firstGlobal + 2];
  const globals = [
    [0x7e, 0x01, 0x42, ...sleb(0), 0x0b], // fuel: mut i64 = 0, the host sets it before each call
    [0x7f, 0x01, 0x41, 0x00, 0x0b], // scratch: mut i32
    [0x7f, 0x01, 0x41, 0x00, 0x0b], // out of memory: mut i32
  ];
  const exported = [
    [...nameBytes(FUEL_EXPORT), 0x03, ...uleb(fuelGlobal)],
    [...nameBytes(OOM_EXPORT), 0x03, ...uleb(oomGlobal)],
  ];
  const checks = {
    entry: fuel ? Uint8Array.from(fuelCheck(fuelGlobal)) : new Uint8Array(0),
    grow: Uint8Array.from(growCheck(scratchGlobal, oomGlobal)),
  };
  let out = sections.map((s) => {
    if (s.id === SECTION.code) return { id: s.id, payload: instrumentCode(s.payload, checks) };
    if (s.id === SECTION.global) return { id: s.id, payload: appendItems(s.payload, globals) };
    if (s.id === SECTION.export) return { id: s.id, payload: appendItems(s.payload, exported) };
    return s;
  });
  if (!out.some((s) => s.id === SECTION.global)) out = insertSection(out, SECTION.global, [3, ...globals.flat()]);
  if (!out.some((s) => s.id === SECTION.export)) out = insertSection(out, SECTION.export, [2, ...exported.flat()]);
  return out;
}

function appendItems(payload: Uint8Array, items: number[][]): Uint8Array {
  const reader = new ByteReader(payload);
  const count = reader.u32();
  return Buffer.concat([
    Uint8Array.from(uleb(count + items.length)),
    payload.subarray(reader.at),
    Uint8Array.from(items.flat()),
  ]);
}

function insertSection(sections: Section[], id: number, payload: number[]): Section[] {
  const order = SECTION_ORDER[id] as number;
  const at = sections.findIndex((s) => s.id !== SECTION.custom && (SECTION_ORDER[s.id] as number) > order);
  const section = { id, payload: Uint8Array.from(payload) };
  return at < 0 ? [...sections, section] : [...sections.slice(0, at), section, ...sections.slice(at)];
}

function instrumentCode(payload: Uint8Array, checks: { entry: Uint8Array; grow: Uint8Array }): Uint8Array {
  const reader = new ByteReader(payload);
  const count = reader.count();
  const parts: Uint8Array[] = [Uint8Array.from(uleb(count))];
  for (let f = 0; f < count; f++) {
    const size = reader.u32();
    const end = reader.at + size;
    const body = new ByteReader(payload, reader.at, end);
    const localGroups = body.count();
    for (let i = 0; i < localGroups; i++) {
      body.u32();
      valueType(body);
    }
    const pieces: Uint8Array[] = [payload.subarray(reader.at, body.at), checks.entry];
    let copied = body.at;
    while (!body.done) {
      const opcode = body.byte();
      if (opcode === OP_LOOP) {
        skipBlockType(body);
        pieces.push(payload.subarray(copied, body.at), checks.entry);
        copied = body.at;
      } else {
        skipImmediates(body, opcode);
        if (opcode === OP_MEMORY_GROW) {
          pieces.push(payload.subarray(copied, body.at), checks.grow);
          copied = body.at;
        }
      }
    }
    pieces.push(payload.subarray(copied, end));
    const newBody = Buffer.concat(pieces);
    parts.push(Uint8Array.from(uleb(newBody.length)), newBody);
    reader.at = end;
  }
  return Buffer.concat(parts);
}

export type { Signature, ValueType };
