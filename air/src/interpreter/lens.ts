// Applying a lens to a scalar's JSON value, with AquaVM's rules and error codes: `.$.field` reads an object's
// field, `.$.[n]` an array's element, `.$.[variable]` either, by the variable's value (a string names a field, a
// whole number from 0 to 2^32-1 an index); `.length` counts an array's elements.
import type { Lens } from "../parser/ast.ts";
import type { Json } from "../data/cid.ts";
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

const show = (v: Json) => JSON.stringify(v);

function field(value: Json, name: string): Json {
  if (!isObject(value))
    throw new LensError(LAMBDA_APPLIER_ERROR, `value ${show(value)} is not an object, it has no field ${name}`);
  if (!Object.hasOwn(value, name))
    throw new LensError(LAMBDA_APPLIER_ERROR, `value ${show(value)} has no field ${name}`);
  return value[name]!;
}

function index(value: Json, i: number): Json {
  if (!Array.isArray(value))
    throw new LensError(LAMBDA_APPLIER_ERROR, `value ${show(value)} is not an array, it has no index ${i}`);
  if (i >= value.length) {
    throw new LensError(LAMBDA_APPLIER_ERROR, `value ${show(value)} has ${value.length} elements, no index ${i}`);
  }
  return value[i]!;
}

/** `lookup` gives the value of a scalar used as an accessor (`.$.[i]`). */
export function applyLens(value: Json, lens: Lens, lookup: (name: string) => Json): Json {
  if (lens.kind === "length") {
    if (!Array.isArray(value))
      throw new LensError(LENGTH_OF_NOT_ARRAY, `.length applied to ${show(value)}, which is not an array`);
    return value.length;
  }
  let current = value;
  for (const accessor of lens.path) {
    if (accessor.kind === "field") current = field(current, accessor.name);
    else if (accessor.kind === "index") current = index(current, accessor.index);
    else {
      const key = lookup(accessor.name);
      if (typeof key === "string") current = field(current, key);
      else if (typeof key === "number" && Number.isInteger(key) && key >= 0 && key <= 0xffffffff)
        current = index(current, key);
      else {
        throw new LensError(
          LAMBDA_APPLIER_ERROR,
          `${accessor.name} is ${show(key)}: an accessor is a string (a field) or a whole number (an index)`,
        );
      }
    }
  }
  return current;
}
