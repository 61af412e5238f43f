// Function signatures as Marine writes them, and whether two modules' signatures agree (records compared by their
// fields, since each module numbers its own types).
import type { FunctionType, Interfaces, IType } from "./types.ts";
import { typeName } from "./types.ts";

/**
 * Whether two types agree, records by their fields. Each pair of records is compared once (a pair met again is
 * taken to agree, as for recursive records): a chain of records that each name the one before several times must
 * not be expanded into every path through it.
 */
function sameType(a: IType, ai: Interfaces, b: IType, bi: Interfaces, pairs: Set<string>): boolean {
  const left = a === "byte_array" ? { array: "u8" as const } : a;
  const right = b === "byte_array" ? { array: "u8" as const } : b;
  if (typeof left === "string" || typeof right === "string") return left === right;
  if ("array" in left) return "array" in right && sameType(left.array, ai, right.array, bi, pairs);
  if (!("record" in right)) return false;
  const key = `${left.record}/${right.record}`;
  if (pairs.has(key)) return true;
  pairs.add(key);
  const ra = ai.types[left.record];
  const rb = bi.types[right.record];
  if (ra?.kind !== "record" || rb?.kind !== "record") return false;
  return (
    ra.fields.length === rb.fields.length &&
    ra.fields.every((f, i) => {
      const g = rb.fields[i] as { name: string; type: IType };
      return f.name === g.name && sameType(f.type, ai, g.type, bi, pairs);
    })
  );
}

export function sameSignature(a: FunctionType, ai: Interfaces, b: FunctionType, bi: Interfaces): boolean {
  const pairs = new Set<string>();
  return (
    a.arguments.length === b.arguments.length &&
    a.outputs.length === b.outputs.length &&
    a.arguments.every((arg, i) => sameType(arg.type, ai, (b.arguments[i] as { type: IType }).type, bi, pairs)) &&
    a.outputs.every((out, i) => sameType(out, ai, b.outputs[i] as IType, bi, pairs))
  );
}

export function signatureText(type: FunctionType, interfaces: Interfaces): string {
  const args = type.arguments.map((a) => `${a.name}: ${typeName(a.type, interfaces.types)}`).join(", ");
  const out = type.outputs.map((o) => typeName(o, interfaces.types)).join(", ");
  return `(${args}) -> ${out || "()"}`;
}
