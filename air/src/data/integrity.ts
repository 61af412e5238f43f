// Checks of data that arrived from another peer, before anything in it is used (decoding has checked the shape of
// every record already): every CID store entry hashes to its CID, every value is JSON, and every CID an entry
// names is in the data. A peer that changed a value, a tetraplet or a record after it was made is caught here
// (AquaVM's error 8).
import { cidOfText } from "./cid.ts";
import type { LoadedData, LoadedStore } from "./loaded.ts";
import { cidOfCanonElement, cidOfCanonResult, cidOfServiceResult, cidOfTetraplet } from "./records.ts";
import type { Cid } from "./trace.ts";

export class IntegrityError extends Error {
  override readonly name = "IntegrityError";
}

function checkHashes<T>(name: string, store: LoadedStore<T>, cidOf: (entry: T) => Cid) {
  for (const [cid, entry] of store.entries)
    if (cidOf(entry) !== cid) throw new IntegrityError(`${name} entry ${cid} does not hash to its CID`);
}

function checkRefs(what: string, cids: Cid[], store: { entries: Map<Cid, unknown> }, name: string) {
  for (const cid of cids)
    if (!store.entries.has(cid)) throw new IntegrityError(`${what} names ${cid}, which is not in the ${name}`);
}

/** Checks every CID store of `data`; throws IntegrityError. */
export function checkIntegrity(data: LoadedData) {
  const s = data.stores;
  for (const [cid, text] of s.value_store.entries) {
    if (cidOfText(text) !== cid) throw new IntegrityError(`value ${cid} does not hash to its CID`);
    try {
      JSON.parse(text);
    } catch {
      throw new IntegrityError(`value ${cid} is not JSON text`);
    }
  }
  checkHashes("tetraplet_store", s.tetraplet_store, cidOfTetraplet);
  checkHashes("service_result_store", s.service_result_store, cidOfServiceResult);
  checkHashes("canon_element_store", s.canon_element_store, cidOfCanonElement);
  checkHashes("canon_result_store", s.canon_result_store, cidOfCanonResult);
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
