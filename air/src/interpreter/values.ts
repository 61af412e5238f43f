// Values as the interpreter holds them: JSON with its security tetraplet (where it came from) and provenance, and
// the frozen snapshots `canon` makes of streams and stream maps.
import type { Json } from "../data/cid.ts";
import type { Cid, Provenance, Tetraplet } from "../data/trace.ts";
import { ErrorCode, message, UncatchableError } from "./errors.ts";

export interface Val {
  json: Json;
  tetraplet: Tetraplet;
  provenance: Provenance;
  /** The result trace position of the state that produced it (the fold lore's key). */
  tracePos: number;
  /** The CID of `json`, when it is known (a call result's). */
  valueCid?: Cid;
}

/** A canon stream (`#$c`) or canon map (`#%c`: its values are `{key, value}` objects). */
export interface Canon {
  kind: "canon";
  values: Val[];
  tetraplet: Tetraplet;
  cid: Cid;
  map: boolean;
}

/** A tetraplet; frozen, since values and call requests share them (and their CIDs are remembered by object). */
export const tetraplet = (peer: string, service = "", fn = "", lens = ""): Tetraplet =>
  Object.freeze({ peer_pk: peer, service_id: service, function_name: fn, lens });

/** `t` with its lens replaced. */
export const withLensText = (t: Tetraplet, lens: string): Tetraplet =>
  tetraplet(t.peer_pk, t.service_id, t.function_name, lens);

export const LITERAL: Provenance = { type: "literal" };

/**
 * A copy of a JSON value as structuredClone makes one (plain arrays and objects, an object met twice copied once,
 * an own "__proto__" key kept as a key), for a fraction of its cost.
 */
export function copyJson(value: Json, seen?: Map<object, Json>): Json {
  if (value === null || typeof value !== "object") return value;
  const known = seen?.get(value);
  if (known !== undefined) return known;
  const copies = seen ?? new Map<object, Json>();
  if (Array.isArray(value)) {
    const out: Json[] = [];
    copies.set(value, out);
    for (const v of value) out.push(copyJson(v, copies));
    return out;
  }
  const out: { [key: string]: Json } = {};
  copies.set(value, out);
  for (const key of Object.keys(value)) {
    const v = copyJson(value[key]!, copies);
    if (key === "__proto__")
      Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

export const isObject = (v: Json): v is { [key: string]: Json } =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** JSON equality as AquaVM compares values: structural, object keys in any order. */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]!));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k]!, b[k]!));
  }
  return false;
}

/**
 * Checks that every value is a stream map entry, `{key, value}` with a string or integer key: what a canon map is
 * made of, and what one made on another peer must hold (20014).
 */
export function checkMapEntries(values: Val[]) {
  for (const { json } of values) {
    const key = isObject(json) ? json.key : undefined;
    if (!isObject(json) || !(typeof key === "string" || Number.isInteger(key)))
      throw new UncatchableError(ErrorCode.CANON_MAP_KEY, message.streamMapKey.unsupportedKvPair());
    if (!("value" in json))
      throw new UncatchableError(ErrorCode.CANON_MAP_KEY, message.streamMapKey.valueFieldAbsent());
  }
}

// A canon never changes once made: its entries are grouped once, however many lenses and folds read them.
const entriesOf = new WeakMap<Canon, Map<string | number, Val[]>>();

/** A canon map's entries by key (a string and a number are different keys), in the order each first appeared. */
export function canonMapEntries(canon: Canon): Map<string | number, Val[]> {
  let byKey = entriesOf.get(canon);
  if (byKey) return byKey;
  byKey = new Map<string | number, Val[]>();
  entriesOf.set(canon, byKey);
  for (const v of canon.values) {
    const kv = v.json as { key: string | number; value: Json };
    const key = kv.key;
    const list = byKey.get(key) ?? [];
    const { valueCid: _, ...rest } = v; // the CID was the pair's, not the value's
    list.push({ ...rest, json: kv.value });
    byKey.set(key, list);
  }
  return byKey;
}

/** The JSON a canon stands for: an array of its values, or an object of each key's values. */
export function canonJson(canon: Canon): Json {
  if (!canon.map) return canon.values.map((v) => v.json);
  const out: { [key: string]: Json } = {};
  // keys "5" and 5 are two keys of the map, written as one in JSON: the later one's values stay, as in AquaVM
  for (const [key, vals] of canonMapEntries(canon)) out[String(key)] = vals.map((v) => v.json);
  return out;
}
