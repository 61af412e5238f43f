// Function signatures as Marine writes them, and whether two modules' signatures agree (records compared by their
// fields, since each module numbers its own types).
import type { FunctionType, Interfaces, IType } from "./types.ts";
import { typeName } from "./types.ts";

function sameType(a: IType, aInterfaces: Interfaces, b: IType, bInterfaces: Interfaces): boolean {
  return typeShape(a, aInterfaces) === typeShape(b, bInterfaces);
}

/** A type's structure as text (records by their fields, so two modules' records compare by shape). */
function typeShape(type: IType, interfaces: Interfaces, depth = 0): string {
  if (typeof type === "string") return type === "byte_array" ? "[]u8" : type;
  if ("array" in type) return `[]${typeShape(type.array, interfaces, depth)}`;
  const record = interfaces.types[type.record];
  if (record?.kind !== "record" || depth > 16) return `record#${type.record}`;
  return `{${record.fields.map((f) => `${f.name}:${typeShape(f.type, interfaces, depth + 1)}`).join(",")}}`;
}

export function sameSignature(a: FunctionType, ai: Interfaces, b: FunctionType, bi: Interfaces): boolean {
  return (
    a.arguments.length === b.arguments.length &&
    a.outputs.length === b.outputs.length &&
    a.arguments.every((arg, i) => sameType(arg.type, ai, (b.arguments[i] as { type: IType }).type, bi)) &&
    a.outputs.every((out, i) => sameType(out, ai, b.outputs[i] as IType, bi))
  );
}

export function signatureText(type: FunctionType, interfaces: Interfaces): string {
  const args = type.arguments.map((a) => `${a.name}: ${typeName(a.type, interfaces.types)}`).join(", ");
  const out = type.outputs.map((o) => typeName(o, interfaces.types)).join(", ");
  return `(${args}) -> ${out || "()"}`;
}
