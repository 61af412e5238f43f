// Checks of data that arrived from another peer, before anything in it is used: every CID store entry has the
// shape of its kind and hashes to its CID, and every CID an entry names is in the data. A peer that changed a value,
// a tetraplet or a record after it was made is caught here (AquaVM's error 8).
import { cidOfStruct, cidOfText } from "./cid.ts";
import type { LoadedData, LoadedStore } from "./loaded.ts";
import type { CanonElement, CanonResult, Cid, Provenance, ServiceResult, Tetraplet } from "./trace.ts";

export class IntegrityError extends Error {
  override readonly name = "IntegrityError";
}

const isString = (v: unknown): v is string => typeof v === "string";
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const hasKeys = (v: Record<string, unknown>, keys: string[]) =>
  Object.keys(v).length === keys.length && keys.every((k) => Object.hasOwn(v, k));

/** The entry rebuilt with its fields in declaration order, or undefined when it has not the shape of its kind. */
type Rebuild<T> = (entry: unknown) => T | undefined;

const tetraplet: Rebuild<Tetraplet> = (t) =>
  isRecord(t) &&
  hasKeys(t, ["peer_pk", "service_id", "function_name", "lens"]) &&
  [t.peer_pk, t.service_id, t.function_name, t.lens].every(isString)
    ? {
        peer_pk: t.peer_pk as string,
        service_id: t.service_id as string,
        function_name: t.function_name as string,
        lens: t.lens as string,
      }
    : undefined;

const serviceResult: Rebuild<ServiceResult> = (r) =>
  isRecord(r) &&
  hasKeys(r, ["value_cid", "argument_hash", "tetraplet_cid"]) &&
  [r.value_cid, r.argument_hash, r.tetraplet_cid].every(isString)
    ? {
        value_cid: r.value_cid as string,
        argument_hash: r.argument_hash as string,
        tetraplet_cid: r.tetraplet_cid as string,
      }
    : undefined;

function provenance(p: unknown): Provenance | undefined {
  if (!isRecord(p)) return undefined;
  if (p.type === "literal" && hasKeys(p, ["type"])) return { type: "literal" };
  if ((p.type === "service_result" || p.type === "canon") && hasKeys(p, ["type", "cid"]) && isString(p.cid))
    return { type: p.type, cid: p.cid };
  return undefined;
}

const canonElement: Rebuild<CanonElement> = (e) => {
  if (!isRecord(e) || !hasKeys(e, ["value", "tetraplet", "provenance"])) return undefined;
  const p = provenance(e.provenance);
  return p && isString(e.value) && isString(e.tetraplet)
    ? { value: e.value, tetraplet: e.tetraplet, provenance: p }
    : undefined;
};

const canonResult: Rebuild<CanonResult> = (r) =>
  isRecord(r) &&
  hasKeys(r, ["tetraplet", "values"]) &&
  isString(r.tetraplet) &&
  Array.isArray(r.values) &&
  r.values.every(isString)
    ? { tetraplet: r.tetraplet, values: [...(r.values as string[])] }
    : undefined;

function checkStore<T extends object>(name: string, store: LoadedStore<T>, rebuild: Rebuild<T>) {
  for (const [cid, entry] of store.entries) {
    const rebuilt = rebuild(entry);
    if (!rebuilt) throw new IntegrityError(`${name} entry ${cid} is malformed: ${JSON.stringify(entry)}`);
    if (cidOfStruct(rebuilt) !== cid) throw new IntegrityError(`${name} entry ${cid} does not hash to its CID`);
    store.entries.set(cid, rebuilt);
  }
}

function checkRefs(what: string, cids: Cid[], store: LoadedStore<unknown>, name: string) {
  for (const cid of cids)
    if (!store.entries.has(cid)) throw new IntegrityError(`${what} names ${cid}, which is not in the ${name}`);
}

/**
 * Checks every CID store of `data` (throws IntegrityError). Entries are replaced by copies with exactly their
 * fields, in the order their CIDs were computed, so later hashing of them gives the same CIDs.
 */
export function checkIntegrity(data: LoadedData) {
  const s = data.stores;
  for (const [cid, text] of s.value_store.entries) {
    if (typeof text !== "string") throw new IntegrityError(`value ${cid} is not JSON text`);
    if (cidOfText(text) !== cid) throw new IntegrityError(`value ${cid} does not hash to its CID`);
    try {
      JSON.parse(text);
    } catch {
      throw new IntegrityError(`value ${cid} is not JSON text`);
    }
  }
  checkStore("tetraplet_store", s.tetraplet_store, tetraplet);
  checkStore("service_result_store", s.service_result_store, serviceResult);
  checkStore("canon_element_store", s.canon_element_store, canonElement);
  checkStore("canon_result_store", s.canon_result_store, canonResult);
  for (const [cid, r] of s.service_result_store.entries) {
    checkRefs(`service result ${cid}`, [r.value_cid], s.value_store, "value_store");
    checkRefs(`service result ${cid}`, [r.tetraplet_cid], s.tetraplet_store, "tetraplet_store");
  }
  for (const [cid, e] of s.canon_element_store.entries) {
    checkRefs(`canon element ${cid}`, [e.value], s.value_store, "value_store");
    checkRefs(`canon element ${cid}`, [e.tetraplet], s.tetraplet_store, "tetraplet_store");
  }
  for (const [cid, r] of s.canon_result_store.entries) {
    checkRefs(`canon result ${cid}`, [r.tetraplet], s.tetraplet_store, "tetraplet_store");
    checkRefs(`canon result ${cid}`, r.values, s.canon_element_store, "canon_element_store");
  }
}
