// Generates the AssemblyScript glue between Marine's ABI and a developer's typed functions, from the module's
// manifest: `marine.generated.ts` (a class per record, and each imported module's functions as typed functions in a
// namespace of its name) and the entry file (each function of the manifest exported in its lowered form: arguments
// lifted out of memory, the developer's function called, the result lowered for the host).
import { interfacesFromManifest, type Manifest } from "../it/manifest.ts";
import type { FunctionType, Interfaces, IType, RecordType } from "../it/types.ts";
import { isArrayType } from "../it/types.ts";
import { serializedSize } from "../abi/memory.ts";

const SCALAR_AS: Record<string, string> = {
  boolean: "bool",
  s8: "i8",
  s16: "i16",
  s32: "i32",
  s64: "i64",
  u8: "u8",
  u16: "u16",
  u32: "u32",
  u64: "u64",
  f32: "f32",
  f64: "f64",
  i32: "i32",
  i64: "i64",
};

interface Context {
  readonly interfaces: Interfaces;
  /** Helper functions for arrays, by the type they handle. */
  readonly helpers: Map<string, string>;
  readonly lines: string[];
}

const recordOf = (ctx: Context, id: number): RecordType => ctx.interfaces.types[id] as RecordType;

function asType(ctx: Context, type: IType): string {
  if (typeof type === "string") {
    if (type === "string") return "string";
    if (type === "byte_array") return "Uint8Array";
    return SCALAR_AS[type] as string;
  }
  if (isArrayType(type)) return type.array === "u8" ? "Uint8Array" : `Array<${asType(ctx, type.array)}>`;
  return recordOf(ctx, type.record).name;
}

const isBytes = (type: IType) => type === "byte_array" || (isArrayType(type) && type.array === "u8");
const isPair = (type: IType) => type === "string" || isBytes(type) || isArrayType(type);

/** An expression reading the element of `type` stored at `at` (as arrays and records store them). */
function read(ctx: Context, type: IType, at: string): string {
  if (type === "string") return `liftString(load<u32>(${at}), load<u32>(${at} + 4))`;
  if (isBytes(type)) return `liftBytes(load<u32>(${at}), load<u32>(${at} + 4))`;
  if (typeof type === "object") {
    if (isArrayType(type)) return `${arrayHelper(ctx, type.array)}.lift(load<u32>(${at}), load<u32>(${at} + 4))`;
    return `${recordOf(ctx, type.record).name}.lift(load<u32>(${at}))`;
  }
  if (type === "boolean") return `load<u8>(${at}) != 0`;
  return `load<${SCALAR_AS[type]}>(${at})`;
}

/** Statements storing `value` of `type` at `at`. */
function write(ctx: Context, type: IType, at: string, value: string): string {
  if (type === "string" || isBytes(type) || isArrayType(type)) {
    const lower =
      type === "string"
        ? `lowerString(${value})`
        : isBytes(type)
          ? `lowerBytes(${value})`
          : `${arrayHelper(ctx, (type as { array: IType }).array)}.lower(${value})`;
    return `store<u32>(${at}, ${lower}); store<u32>(${at} + 4, loweredSize);`;
  }
  if (typeof type === "object") return `store<u32>(${at}, ${value}.lower());`;
  if (type === "boolean") return `store<u8>(${at}, ${value} ? 1 : 0);`;
  return `store<${SCALAR_AS[type]}>(${at}, ${value});`;
}

/** A namespace with lift and lower for arrays of `item`; answers its name. */
function arrayHelper(ctx: Context, item: IType): string {
  const key = JSON.stringify(item);
  const existing = ctx.helpers.get(key);
  if (existing) return existing;
  const name = `Array${ctx.helpers.size}`;
  ctx.helpers.set(key, name);
  const size = serializedSize(item);
  const t = asType(ctx, item);
  ctx.lines.push(`
export namespace ${name} {
  export function lift(ptr: usize, count: usize): Array<${t}> {
    const out = new Array<${t}>(<i32>count);
    for (let i: usize = 0; i < count; i++) out[<i32>i] = ${read(ctx, item, `ptr + i * ${size}`)};
    freeBlock(ptr);
    return out;
  }
  export function lower(values: Array<${t}>): usize {
    const count = <usize>values.length;
    if (count == 0) { loweredSize = 0; return 0; }
    const ptr = lowerBlock(count * ${size});
    for (let i: usize = 0; i < count; i++) { const value = values[<i32>i]; ${write(ctx, item, `ptr + i * ${size}`, "value")} }
    loweredSize = count;
    return ptr;
  }
}`);
  return name;
}

function recordClass(ctx: Context, record: RecordType): void {
  let offset = 0;
  const reads: string[] = [];
  const writes: string[] = [];
  for (const f of record.fields) {
    reads.push(`out.${f.name} = ${read(ctx, f.type, `ptr + ${offset}`)};`);
    writes.push(write(ctx, f.type, `ptr + ${offset}`, `this.${f.name}`));
    offset += serializedSize(f.type);
  }
  const fields = record.fields.map((f) => `  ${f.name}: ${asType(ctx, f.type)} = ${zero(ctx, f.type)};`);
  ctx.lines.push(`
export class ${record.name} {
${fields.join("\n")}
  static lift(ptr: usize): ${record.name} {
    const out = new ${record.name}();
    ${reads.join("\n    ")}
    freeBlock(ptr);
    return out;
  }
  lower(): usize {
    const ptr = lowerBlock(${offset});
    ${writes.join("\n    ")}
    return ptr;
  }
}`);
}

function zero(ctx: Context, type: IType): string {
  if (type === "string") return `""`;
  if (isBytes(type)) return "new Uint8Array(0)";
  if (typeof type === "object") return isArrayType(type) ? `new ${asType(ctx, type)}(0)` : `new ${asType(ctx, type)}()`;
  return type === "boolean" ? "false" : "0";
}

/** Core parameters of a lowered argument and the expression lifting it. */
function loweredParam(ctx: Context, type: IType, name: string): { params: string[]; lift: string } {
  if (type === "string")
    return { params: [`${name}: usize`, `${name}_size: usize`], lift: `liftString(${name}, ${name}_size)` };
  if (isBytes(type))
    return { params: [`${name}: usize`, `${name}_size: usize`], lift: `liftBytes(${name}, ${name}_size)` };
  if (typeof type === "object") {
    if (isArrayType(type)) {
      return {
        params: [`${name}: usize`, `${name}_size: usize`],
        lift: `${arrayHelper(ctx, type.array)}.lift(${name}, ${name}_size)`,
      };
    }
    return { params: [`${name}: usize`], lift: `${asType(ctx, type)}.lift(${name})` };
  }
  return { params: [`${name}: ${SCALAR_AS[type]}`], lift: name };
}

/** Statements lowering `value` as a result: pointer (and size) for the host to read. */
function lowerResult(ctx: Context, type: IType, value: string): string {
  if (type === "string") return `setResult(lowerString(${value}), loweredSize);`;
  if (isBytes(type)) return `setResult(lowerBytes(${value}), loweredSize);`;
  if (isArrayType(type)) return `setResult(${arrayHelper(ctx, type.array)}.lower(${value}), loweredSize);`;
  return `setResult(${value}.lower(), 0);`;
}

export interface Glue {
  /** marine.generated.ts: records and imported functions, for the developer's code to import. */
  readonly generated: string;
  /** The entry file: Marine's default exports and every function of the manifest in lowered form. */
  readonly entry: string;
}

/** The glue for a module whose typed functions are exported by `implementation` (a module path, e.g. "./service"). */
export function generateGlue(manifest: Manifest, implementation: string): Glue {
  const interfaces = interfacesFromManifest(manifest);
  const ctx: Context = { interfaces, helpers: new Map(), lines: [] };
  for (const t of interfaces.types) if (t.kind === "record") recordClass(ctx, t);

  const imports = new Map<string, string[]>();
  for (const [i, entry] of interfaces.imports.entries()) {
    if (i % 2 === 1) continue; // each import appears twice: with its interface type, then its core type
    const type = interfaces.types[entry.functionType] as FunctionType;
    const core = `__import_${entry.namespace}_${entry.name}`;
    const params: string[] = [];
    const args: string[] = [];
    const before: string[] = [];
    type.arguments.forEach((a, k) => {
      if (isPair(a.type)) {
        const lowered =
          a.type === "string"
            ? `lowerString(${a.name})`
            : isBytes(a.type)
              ? `lowerBytes(${a.name})`
              : `${arrayHelper(ctx, (a.type as { array: IType }).array)}.lower(${a.name})`;
        before.push(`const p${k} = ${lowered}; const s${k} = loweredSize;`);
        params.push(`p${k}: usize`, `s${k}: usize`);
        args.push(`p${k}`, `s${k}`);
      } else if (typeof a.type === "object") {
        before.push(`const p${k} = ${a.name}.lower();`);
        params.push(`p${k}: usize`);
        args.push(`p${k}`);
      } else {
        params.push(`p${k}: ${SCALAR_AS[a.type]}`);
        args.push(a.name);
      }
    });
    const output = type.outputs[0];
    const scalarOut = output !== undefined && typeof output === "string" && !isPair(output);
    const coreResult = scalarOut ? SCALAR_AS[output as string] : "void";
    ctx.lines.push(
      `@external("${entry.namespace}", "${entry.name}")\ndeclare function ${core}(${params.join(", ")}): ${coreResult};`,
    );
    const typed = type.arguments.map((a) => `${a.name}: ${asType(ctx, a.type)}`).join(", ");
    let body: string;
    if (output === undefined) body = `${core}(${args.join(", ")});`;
    else if (scalarOut) body = `return ${core}(${args.join(", ")});`;
    else {
      const lift = isPair(output)
        ? output === "string"
          ? "liftString(get_result_ptr(), get_result_size())"
          : isBytes(output)
            ? "liftBytes(get_result_ptr(), get_result_size())"
            : `${arrayHelper(ctx, (output as { array: IType }).array)}.lift(get_result_ptr(), get_result_size())`
        : `${asType(ctx, output)}.lift(get_result_ptr())`;
      body = `${core}(${args.join(", ")});\n    return ${lift};`;
    }
    const signature = `export function ${entry.name}(${typed}): ${output === undefined ? "void" : asType(ctx, output)}`;
    const list = imports.get(entry.namespace) ?? [];
    list.push(`  ${signature} {\n    ${[...before, body].join("\n    ")}\n  }`);
    imports.set(entry.namespace, list);
  }
  for (const [namespace, functions] of imports)
    ctx.lines.push(`export namespace ${namespace} {\n${functions.join("\n")}\n}`);
  ctx.lines.push(`
@external("__marine_host_api_v3", "get_call_parameters")
declare function __get_call_parameters(): void;
/** The parameters of the call under way: particle, service, worker, host, and the arguments' tetraplets. */
export function callParameters(): CallParameters {
  __get_call_parameters();
  return CallParameters.lift(get_result_ptr());
}`);
  const effectors = (manifest.effectors ?? []).map(
    (name) => `  export function ${name}(args: Array<string>): MountedBinaryResult {
    __effector_${name}(${arrayHelper(ctx, "string")}.lower(args), loweredSize);
    return MountedBinaryResult.lift(get_result_ptr());
  }`,
  );
  for (const name of manifest.effectors ?? []) {
    ctx.lines.push(
      `@external("host", "${name}")\ndeclare function __effector_${name}(args: usize, count: usize): void;`,
    );
  }
  if (effectors.length > 0) {
    ctx.lines.push(`/** Effectors granted to this module: each runs its host binary. */
export namespace effectors {
${effectors.join("\n")}
}`);
  }

  const functions: string[] = [];
  for (const e of interfaces.exports.slice(6)) {
    const type = interfaces.types[e.functionType] as FunctionType;
    const lowered = type.arguments.map((a, k) => loweredParam(ctx, a.type, `a${k}`));
    const call = `impl.${e.name}(${lowered.map((l) => l.lift).join(", ")})`;
    const output = type.outputs[0];
    let signature = `export function ${e.name}(${lowered.flatMap((l) => l.params).join(", ")})`;
    let body: string;
    if (output === undefined || typeof output !== "string" || isPair(output)) signature += ": void";
    if (output === undefined) body = `${call};`;
    else if (typeof output === "string" && !isPair(output)) {
      signature += `: ${SCALAR_AS[output]}`;
      body = `return ${call};`;
    } else body = `const result = ${call};\n  ${lowerResult(ctx, output, "result")}`;
    functions.push(`${signature} {\n  ${body}\n}`);
  }

  const generated = [
    "// Generated from the module's manifest by the runtime's AssemblyScript build step: do not edit.",
    `import { freeBlock, get_result_ptr, get_result_size, liftBytes, liftString, loweredSize, lowerBlock, lowerBytes, lowerString } from "./marine";`,
    ...ctx.lines,
  ].join("\n");
  const names = [
    ...ctx.helpers.values(),
    ...interfaces.types.filter((t): t is RecordType => t.kind === "record").map((t) => t.name),
  ];
  const entry = [
    "// Generated by the runtime's AssemblyScript build step: Marine's exports over the module's typed functions.",
    `import * as impl from "${implementation}";`,
    `import { setResult, lowerString, lowerBytes, liftString, liftBytes, loweredSize } from "./marine";`,
    ...(names.length > 0 ? [`import { ${names.join(", ")} } from "./marine.generated";`] : []),
    `export { allocate, release_objects, get_result_ptr, get_result_size, set_result_ptr, set_result_size } from "./marine";`,
    ...functions,
  ].join("\n");
  return { generated, entry };
}
