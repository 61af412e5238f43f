// Applying a lens to a scalar's JSON value, with AquaVM's rules and error codes: `.$.field` reads an object's
// field, `.$.[n]` an array's element, `.$.[variable]` either, by the variable's value (a string names a field, a
// whole number from 0 to 2^32-1 an index); `.length` counts an array's elements.
import type { Lens } from "../parser/ast.ts";
import type { Json } from "../data/cid.ts";
import { showJson } from "./errors.ts";
import { isObject } from "./values.ts";

/** AquaVM's catchable error codes for lenses. */
export const LAMBDA_APPLIER_ERROR = 10007;
export const LENGTH_OF_NOT_ARRAY = 10010;

export class LensError extends Error {
  override readonly name = "LensError";
  constructor(
    readonly code: typeof LAMBDA_APPLIER_ERROR | typeof LENGTH_OF_NOT_ARRAY,
    message: string,
  ) {
    super(message);
  }
}

const show = showJson;

/** AquaVM's texts for lens errors (its `LambdaError`, and the length functor's error). */
export const lensMessage = {
  fieldOfNonObject: (value: Json, field: string) =>
    `value '${show(value)}' is not an map-type to match field accessor with field_name = '${field}'`,
  noSuchField: (value: Json, field: string) =>
    `value '${show(value)}' does not contain element with field name = '${field}'`,
  indexOfNonArray: (value: Json, index: number) =>
    `value '${show(value)}' is not an array-type to match array accessor with idx = '${index}'`,
  noSuchIndex: (value: Json, index: number) => `value '${show(value)}' does not contain element for idx = '${index}'`,
  /** An accessor variable (`.$.[k]`) that holds a number that is not an index (0 to 2^32-1). */
  indexNotU32: (accessor: number) => `index accessor \`${show(accessor)} can't be converted to u32\``,
  /** An accessor variable that holds neither a string nor a number. */
  accessorType: (accessor: Json) => `scalar accessor \`${show(accessor)}\` should has number or string type`,
  lengthOfNonArray: (value: Json) =>
    `the length functor could applied only to an array-like value, but it's applied to '${show(value)}'`,
  // canon streams and canon maps
  streamTooShort: (size: number, index: number) =>
    `lambda is applied to a stream that have only '${size}' elements, but '${index}' requested`,
  fieldOfStream: (field: string) => `field accessor (with field name = '${field}') can't be applied to a stream`,
  /** A canon stream's accessor variable that holds no number. */
  streamAccessorType: (accessor: Json) => `stream accessor \`${show(accessor)}\` should has number (u32) type`,
  /** A canon map's accessor variable that holds neither a string nor an integer. */
  canonMapAccessorType: (accessor: Json) =>
    `canon stream map accessor \`${show(accessor)}\` should be either string or number`,
  canonMapAccessorIterator: () => "canon stream map accessor must not be iterable",
};

const isIndex = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;

function field(value: Json, name: string): Json {
  if (!isObject(value)) throw new LensError(LAMBDA_APPLIER_ERROR, lensMessage.fieldOfNonObject(value, name));
  if (!Object.hasOwn(value, name)) throw new LensError(LAMBDA_APPLIER_ERROR, lensMessage.noSuchField(value, name));
  return value[name]!;
}

function index(value: Json, i: number): Json {
  if (!Array.isArray(value)) throw new LensError(LAMBDA_APPLIER_ERROR, lensMessage.indexOfNonArray(value, i));
  if (i >= value.length) throw new LensError(LAMBDA_APPLIER_ERROR, lensMessage.noSuchIndex(value, i));
  return value[i]!;
}

/** `lookup` gives the value of a scalar used as an accessor (`.$.[i]`). */
export function applyLens(value: Json, lens: Lens, lookup: (name: string) => Json): Json {
  if (lens.kind === "length") {
    if (!Array.isArray(value)) throw new LensError(LENGTH_OF_NOT_ARRAY, lensMessage.lengthOfNonArray(value));
    return value.length;
  }
  let current = value;
  for (const accessor of lens.path) {
    if (accessor.kind === "field") current = field(current, accessor.name);
    else if (accessor.kind === "index") current = index(current, accessor.index);
    else {
      const key = lookup(accessor.name);
      if (typeof key === "string") current = field(current, key);
      else if (typeof key !== "number") throw new LensError(LAMBDA_APPLIER_ERROR, lensMessage.accessorType(key));
      else if (!isIndex(key)) throw new LensError(LAMBDA_APPLIER_ERROR, lensMessage.indexNotU32(key));
      else current = index(current, key);
    }
  }
  return current;
}
