// A JSON interface manifest, for modules built by toolchains that do not write Marine's interface-types section:
// records and functions with types in Marine's notation, from which the same adapters Marine's generator writes
// are made. The AssemblyScript SDK's build step embeds the section made from its manifest.
//
//   { "records": [{ "name": "Entry", "fields": [{ "name": "key", "type": "string" }] }],
//     "functions": [{ "name": "get", "arguments": [{ "name": "key", "type": "string" }], "output": "[]u8" }],
//     "imports": [{ "module": "storage", "name": "get", "arguments": [...], "output": "[]u8" }] }
//
// Types: bool, s8 s16 s32 s64, u8 u16 u32 u64, f32 f64, string, []T (array; []u8 is a byte array), a record name.
import { RuntimeError } from "../errors.ts";
import { convert } from "./decode.ts";
import type {
  Adapter,
  Conversion,
  Export,
  Field,
  FunctionType,
  Implementation,
  Import,
  Instruction,
  Interfaces,
  IType,
  ScalarType,
  TypeEntry,
} from "./types.ts";
import { MAX_TYPE_DEPTH } from "./types.ts";

export interface ManifestField {
  readonly name: string;
  readonly type: string;
}

export interface ManifestFunction {
  readonly name: string;
  readonly arguments: readonly ManifestField[];
  readonly output?: string;
}

export interface Manifest {
  readonly records?: readonly { readonly name: string; readonly fields: readonly ManifestField[] }[];
  readonly functions: readonly ManifestFunction[];
  readonly imports?: readonly (ManifestFunction & { readonly module: string })[];
  /** Effectors (host binaries) the module calls, by name: for the AssemblyScript build step's glue. */
  readonly effectors?: readonly string[];
}

export const MANIFEST_VERSION = "0.27.0";

/** Marine's default exports, in call-core order: allocate, release_objects, get/set result size and pointer. */
const API: readonly [string, FunctionType][] = [
  [
    "allocate",
    {
      kind: "function",
      arguments: [
        { name: "size", type: "i32" },
        { name: "type_tag", type: "i32" },
      ],
      outputs: ["i32"],
    },
  ],
  ["release_objects", { kind: "function", arguments: [], outputs: [] }],
  ["get_result_size", { kind: "function", arguments: [], outputs: ["i32"] }],
  ["get_result_ptr", { kind: "function", arguments: [], outputs: ["i32"] }],
  ["set_result_size", { kind: "function", arguments: [{ name: "result_size", type: "i32" }], outputs: [] }],
  ["set_result_ptr", { kind: "function", arguments: [{ name: "result_ptr", type: "i32" }], outputs: [] }],
];
const ALLOCATE = 0;
const RELEASE_OBJECTS = 1;
const GET_RESULT_SIZE = 2;
const GET_RESULT_PTR = 3;
const SET_RESULT_SIZE = 4;
const SET_RESULT_PTR = 5;

const SCALARS = new Set(["s8", "s16", "s32", "s64", "u8", "u16", "u32", "u64", "f32", "f64"]);
const fail = (message: string) => new RuntimeError("INTERFACE", `Bad manifest: ${message}`);

// Manifests come from JSON files: every part is checked before it is used.
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function listOf(value: unknown, what: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw fail(`${what} must be a list`);
  return value;
}

/** A name as the section carries it: a string of at most 255 UTF-8 bytes. */
function nameOf(value: unknown, what: string): string {
  if (typeof value !== "string") throw fail(`${what} needs a name`);
  if (Buffer.byteLength(value) > 255) throw fail(`${what}: the name ${value.slice(0, 40)}... is over 255 bytes`);
  return value;
}

function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (!isObject(value)) throw fail(`${what} must be an object`);
  return value;
}

export function interfacesFromManifest(manifest: Manifest): Interfaces {
  if (!isObject(manifest) || !Array.isArray(manifest.functions)) {
    throw fail("it needs a list of functions");
  }
  const types: TypeEntry[] = API.map(([, type]) => type);
  const exports: Export[] = API.map(([name], i) => ({ name, functionType: i }));
  const records = new Map<string, number>();
  const recordList = listOf(manifest.records, "records").map((r, i) => objectOf(r, `record ${i}`));
  for (const record of recordList) {
    const name = nameOf(record.name, "a record");
    if (records.has(name)) throw fail(`two records are named ${name}`);
    records.set(name, types.length + records.size);
  }
  const parse = (text: unknown, where: string, depth = 0): IType => {
    if (typeof text !== "string") throw fail(`${where}: the type is not a string`);
    if (text === "bool" || text === "boolean") return "boolean";
    if (text === "string") return "string";
    if (SCALARS.has(text)) return text as ScalarType;
    if (text.startsWith("[]")) {
      if (depth >= MAX_TYPE_DEPTH) throw fail(`${where}: arrays nested more than ${MAX_TYPE_DEPTH} deep`);
      const item = parse(text.slice(2), where, depth + 1);
      return item === "u8" ? "byte_array" : { array: item };
    }
    const id = records.get(text);
    if (id === undefined) throw fail(`${where}: unknown type ${text.slice(0, 40)}`);
    return { record: id };
  };
  const fieldsOf = (list: unknown, where: string): Field[] =>
    listOf(list, `${where}'s fields`).map((f, i) => {
      const field = objectOf(f, `${where}'s field ${i}`);
      const name = nameOf(field.name, `${where}'s field ${i}`);
      return { name, type: parse(field.type, `${where}(${name})`) };
    });
  for (const record of recordList) {
    const name = record.name as string;
    if (!Array.isArray(record.fields) || record.fields.length === 0) throw fail(`record ${name} has no fields`);
    types.push({ kind: "record", name, fields: fieldsOf(record.fields, `record ${name}`) });
  }
  const signature = (f: Record<string, unknown>): FunctionType => {
    if (typeof f.name !== "string" || !Array.isArray(f.arguments)) throw fail("a function needs a name and arguments");
    return {
      kind: "function",
      arguments: fieldsOf(f.arguments, f.name),
      outputs: f.output === undefined ? [] : [parse(f.output, `${f.name} output`)],
    };
  };
  const adapters: Adapter[] = [];
  const implementations: Implementation[] = [];
  const names = new Set(API.map(([name]) => name));
  const exportAdapters: { adapter: number; type: FunctionType }[] = [];
  for (const [i, value] of manifest.functions.entries()) {
    const f = objectOf(value, `function ${i}`);
    const name = nameOf(f.name, `function ${i}`);
    if (names.has(name)) throw fail(`function ${name} is declared twice or is reserved`);
    names.add(name);
    const type = signature(f);
    const adapter = types.length;
    types.push(type, type);
    exports.push({ name, functionType: adapter + 1 });
    implementations.push({ coreFunctionType: adapter + 1, adapterFunctionType: adapter });
    exportAdapters.push({ adapter, type });
  }
  exportAdapters.forEach(({ adapter, type }, i) =>
    adapters.push({ functionType: adapter, instructions: exportInstructions(type, API.length + i) }),
  );

  const imports: Import[] = [];
  listOf(manifest.imports, "imports").forEach((value, i) => {
    const f = objectOf(value, `import ${i}`);
    const module = nameOf(f.module, `import ${i}'s module`);
    const name = nameOf(f.name, `import ${i}`);
    const type = signature(f);
    const at = types.length;
    const raw: FunctionType = { kind: "function", arguments: [], outputs: [] };
    types.push(type, raw, raw);
    imports.push({ namespace: module, name, functionType: at });
    imports.push({ namespace: module, name, functionType: at + 2 });
    adapters.push({ functionType: at + 1, instructions: importInstructions(type, exports.length + i) });
    implementations.push({ coreFunctionType: at + 2, adapterFunctionType: at + 1 });
  });
  return { version: MANIFEST_VERSION, types, imports, adapters, exports, implementations };
}

const coreOf = (type: ScalarType): "i32" | "i64" => (type === "s64" || type === "u64" ? "i64" : "i32");

/** An export: lower each argument into the module, call it, lift the result, release it. */
function exportInstructions(type: FunctionType, callIndex: number): Instruction[] {
  const out: Instruction[] = [];
  type.arguments.forEach((arg, index) => {
    const t = arg.type;
    if (t === "string") {
      out.push(
        { op: "argument.get", index },
        { op: "string.size" },
        { op: "push.i32", value: 1 },
        { op: "call-core", index: ALLOCATE },
        { op: "argument.get", index },
        { op: "string.lower_memory" },
      );
    } else if (t === "byte_array") out.push({ op: "argument.get", index }, { op: "array.lower_memory", type: "u8" });
    else if (typeof t === "object") {
      out.push(
        { op: "argument.get", index },
        "array" in t ? { op: "array.lower_memory", type: t.array } : { op: "record.lower_memory", record: t.record },
      );
    } else {
      out.push({ op: "argument.get", index });
      if (t !== "f32" && t !== "f64" && t !== "i32" && t !== "i64") {
        out.push(convert(`${coreOf(t)}.from_${t}` as Conversion));
      }
    }
  });
  out.push({ op: "call-core", index: callIndex });
  const output = type.outputs[0];
  if (output === undefined) return out;
  if (output === "string" || output === "byte_array") {
    out.push(
      { op: "call-core", index: GET_RESULT_PTR },
      { op: "call-core", index: GET_RESULT_SIZE },
      output === "string" ? { op: "string.lift_memory" } : { op: "byte_array.lift_memory" },
      { op: "call-core", index: RELEASE_OBJECTS },
    );
  } else if (typeof output === "object") {
    if ("array" in output) {
      out.push(
        { op: "call-core", index: GET_RESULT_PTR },
        { op: "call-core", index: GET_RESULT_SIZE },
        { op: "array.lift_memory", type: output.array },
      );
    } else out.push({ op: "call-core", index: GET_RESULT_PTR }, { op: "record.lift_memory", record: output.record });
    out.push({ op: "call-core", index: RELEASE_OBJECTS });
  } else if (output !== "f32" && output !== "f64" && output !== "i32" && output !== "i64") {
    out.push(convert(`${output}.from_${coreOf(output)}` as Conversion));
  }
  return out;
}

/** An import from another module: lift the arguments out of the caller, call, lower the result into the caller. */
function importInstructions(type: FunctionType, callIndex: number): Instruction[] {
  const out: Instruction[] = [];
  let raw = 0;
  let complex = false;
  for (const arg of type.arguments) {
    const t = arg.type;
    if (t === "string" || t === "byte_array" || (typeof t === "object" && "array" in t)) {
      complex = true;
      out.push({ op: "argument.get", index: raw }, { op: "argument.get", index: raw + 1 });
      if (t === "string") out.push({ op: "string.lift_memory" });
      else if (t === "byte_array") out.push({ op: "byte_array.lift_memory" });
      else out.push({ op: "array.lift_memory", type: (t as { array: IType }).array });
      raw += 2;
    } else if (typeof t === "object") {
      complex = true;
      out.push({ op: "argument.get", index: raw++ }, { op: "record.lift_memory", record: t.record });
    } else {
      out.push({ op: "argument.get", index: raw++ });
      if (t !== "f32" && t !== "f64" && t !== "i32" && t !== "i64") {
        out.push(convert(`${t}.from_${coreOf(t)}` as Conversion));
      }
    }
  }
  if (complex) out.push({ op: "call-core", index: RELEASE_OBJECTS });
  out.push({ op: "call-core", index: callIndex });
  const output = type.outputs[0];
  if (output === undefined) return out;
  if (output === "string") {
    out.push(
      { op: "dup" },
      { op: "string.size" },
      { op: "push.i32", value: 1 },
      { op: "call-core", index: ALLOCATE },
      { op: "swap2" },
      { op: "string.lower_memory" },
      { op: "call-core", index: SET_RESULT_SIZE },
      { op: "call-core", index: SET_RESULT_PTR },
    );
  } else if (output === "byte_array" || (typeof output === "object" && "array" in output)) {
    const item = output === "byte_array" ? "u8" : (output as { array: IType }).array;
    out.push(
      { op: "array.lower_memory", type: item },
      { op: "call-core", index: SET_RESULT_SIZE },
      { op: "call-core", index: SET_RESULT_PTR },
    );
  } else if (typeof output === "object") {
    out.push({ op: "record.lower_memory", record: output.record }, { op: "call-core", index: SET_RESULT_PTR });
  } else if (output !== "f32" && output !== "f64" && output !== "i32" && output !== "i64") {
    out.push(convert(`${coreOf(output)}.from_${output}` as Conversion));
  }
  return out;
}
