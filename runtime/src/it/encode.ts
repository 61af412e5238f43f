// Writes interfaces in Marine's interface-types binary format (the inverse of decode.ts), so that modules built by
// other toolchains can carry the same section Marine's own SDK writes.
import { RuntimeError } from "../errors.ts";
import { uleb } from "../wasm/binary.ts";
import { ARRAY_CODE, CONVERSION_CODES, OPCODES, RECORD_CODE, TYPE_CODES } from "./decode.ts";
import type { Instruction, Interfaces, IType } from "./types.ts";

/** Names in the section carry a one-byte length. */
function name(text: string): number[] {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > 255) {
    throw new RuntimeError("INTERFACE", `A name of ${bytes.length} bytes does not fit the interface-types section`);
  }
  return [bytes.length, ...bytes];
}

function type(t: IType): number[] {
  if (typeof t === "string") return [TYPE_CODES.get(t) as number];
  if ("array" in t) return [ARRAY_CODE, ...type(t.array)];
  return [RECORD_CODE, ...uleb(t.record)];
}

function instruction(i: Instruction): number[] {
  switch (i.op) {
    case "argument.get":
    case "call-core":
      return [OPCODES[i.op], ...uleb(i.index)];
    case "convert":
      if (i.conversion === "boolean.from_i32") return [OPCODES["bool.from_i32"]];
      if (i.conversion === "i32.from_boolean") return [OPCODES["i32.from_bool"]];
      return [CONVERSION_CODES.get(i.conversion) as number];
    case "array.lift_memory":
    case "array.lower_memory":
      return [OPCODES[i.op], ...type(i.type)];
    case "record.lift_memory":
    case "record.lower_memory":
      return [OPCODES[i.op], ...uleb(i.record)];
    case "push.i32":
      return [OPCODES[i.op], ...uleb(i.value >>> 0)];
    case "push.i64":
      return [OPCODES[i.op], ...uleb(BigInt.asUintN(64, i.value))];
    default:
      return [OPCODES[i.op]];
  }
}

const list = <T>(items: readonly T[], item: (x: T) => number[]): number[] => [
  ...uleb(items.length),
  ...items.flatMap(item),
];

/** Writes the section as Marine does: the version, then each kind of entry as one group, empty groups left out. */
export function encodeInterfaces(interfaces: Interfaces): Uint8Array {
  const out: number[] = [0x05, ...name(interfaces.version)];
  const group = <T>(kind: number, items: readonly T[], item: (x: T) => number[]) => {
    if (items.length > 0) out.push(kind, ...list(items, item));
  };
  group(0x00, interfaces.types, (t) =>
    t.kind === "function"
      ? [0x00, ...list(t.arguments, (a) => [...name(a.name), ...type(a.type)]), ...list(t.outputs, type)]
      : [0x01, ...name(t.name), ...list(t.fields, (f) => [...name(f.name), ...type(f.type)])],
  );
  group(0x01, interfaces.imports, (i) => [...name(i.namespace), ...name(i.name), ...uleb(i.functionType)]);
  group(0x02, interfaces.adapters, (a) => [...uleb(a.functionType), ...list(a.instructions, instruction)]);
  group(0x03, interfaces.exports, (e) => [...name(e.name), ...uleb(e.functionType)]);
  group(0x04, interfaces.implementations, (i) => [...uleb(i.coreFunctionType), ...uleb(i.adapterFunctionType)]);
  return Uint8Array.from(out);
}
