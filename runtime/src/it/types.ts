// The interface types of Marine modules: value types, function and record types, and the adapter instructions
// that move values between a module's memory and the host (Marine's interface-types section, as data).

export type ScalarType = "boolean" | "s8" | "s16" | "s32" | "s64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64";
/** i32 and i64 are the core WebAssembly values adapters pass to and from core functions. */
export type CoreType = "i32" | "i64";
export type IType =
  ScalarType | CoreType | "string" | "byte_array" | { readonly array: IType } | { readonly record: number };

export interface Field {
  readonly name: string;
  readonly type: IType;
}

export interface FunctionType {
  readonly kind: "function";
  readonly arguments: readonly Field[];
  readonly outputs: readonly IType[];
}

export interface RecordType {
  readonly kind: "record";
  readonly name: string;
  readonly fields: readonly Field[];
}

export type TypeEntry = FunctionType | RecordType;

/** A numeric conversion between a core value (i32, i64) and an interface value, named as Marine names it. */
export type Conversion = `${ScalarType}.from_${CoreType}` | `${CoreType}.from_${ScalarType}`;

export type Instruction =
  | { readonly op: "argument.get"; readonly index: number }
  | { readonly op: "call-core"; readonly index: number }
  | { readonly op: "convert"; readonly conversion: Conversion; readonly to: ScalarType | CoreType }
  | { readonly op: "string.lift_memory" | "string.lower_memory" | "string.size" }
  | { readonly op: "byte_array.lift_memory" | "byte_array.lower_memory" | "byte_array.size" }
  | { readonly op: "array.lift_memory" | "array.lower_memory"; readonly type: IType }
  | { readonly op: "record.lift_memory" | "record.lower_memory"; readonly record: number }
  | { readonly op: "dup" | "swap2" }
  | { readonly op: "push.i32"; readonly value: number }
  | { readonly op: "push.i64"; readonly value: bigint };

export interface Import {
  readonly namespace: string;
  readonly name: string;
  readonly functionType: number;
}

export interface Adapter {
  readonly functionType: number;
  readonly instructions: readonly Instruction[];
}

export interface Export {
  readonly name: string;
  readonly functionType: number;
}

export interface Implementation {
  readonly coreFunctionType: number;
  readonly adapterFunctionType: number;
}

/** A module's interface-types section, decoded. */
export interface Interfaces {
  readonly version: string;
  readonly types: readonly TypeEntry[];
  readonly imports: readonly Import[];
  readonly adapters: readonly Adapter[];
  readonly exports: readonly Export[];
  readonly implementations: readonly Implementation[];
}

/** How deeply array types may nest (Marine's own modules nest two or three deep); deeper is refused as malformed. */
export const MAX_TYPE_DEPTH = 32;

export const isArrayType = (type: IType): type is { readonly array: IType } =>
  typeof type === "object" && "array" in type;
export const isRecordType = (type: IType): type is { readonly record: number } =>
  typeof type === "object" && "record" in type;

/** A type as Marine's docs write it: string, u32, []u8, Record. */
export function typeName(type: IType, types: readonly TypeEntry[]): string {
  if (typeof type === "string") return type === "byte_array" ? "[]u8" : type === "boolean" ? "bool" : type;
  if (isArrayType(type)) return `[]${typeName(type.array, types)}`;
  const record = types[type.record];
  return record?.kind === "record" ? record.name : `record#${type.record}`;
}
