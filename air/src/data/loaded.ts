// Particle data as a run holds it: the trace, and each CID store as a map with its JSON text (UTF-8) kept beside
// it, so that a run writes its output as the previous text plus what it added instead of encoding every entry again.
import type { Checkpoint } from "../interpreter/resume.ts";
import type { CidInfo, Cid, State } from "./trace.ts";
import { canonElementJson, canonResultJson, quote, serviceResultJson, tetrapletJson } from "./records.ts";
import { decodeData, STORE_NAMES } from "./trace.ts";

/** What each CID store holds by CID. */
export type StoreEntries = { [K in keyof CidInfo]: CidInfo[K][Cid] };
export type StoreName = keyof StoreEntries;
export { STORE_NAMES };

// Memory for the texts data keeps (each store's, the trace's): pieces of 64 KiB slabs, handed out in turn and never
// reused (a slab goes when nothing holds a piece of it), not zeroed (only what is written is read). An ArrayBuffer of
// its own for each text, or a piece of Buffer's 8 KiB pool (a new pool every few runs), cost more than writing the
// text; a text over a quarter of a slab gets memory of its own.
const SLAB = 1 << 16;
let slab: Buffer = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

/** `size` bytes of memory for a text that data keeps (a Buffer, which writes text at an offset in place). */
export function textMemory(size: number): Buffer {
  if (size > SLAB >> 2) return Buffer.allocUnsafeSlow(size);
  if (slabUsed + size > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB);
    slabUsed = 0;
  }
  const piece = slab.subarray(slabUsed, slabUsed + size);
  slabUsed += size;
  return piece;
}

/** JSON text as UTF-8 that grows at its end, for a store's entries: texts added are encoded together when read. */
const NO_BYTES: Buffer = Buffer.alloc(0);

class GrowingText {
  // allocated when the first text comes (a typed array costs a run more than anything else it does for an empty store)
  private bytes = NO_BYTES;
  private length = 0;
  private pending: string[] = [];
  /** The text written so far, as view() last gave it. */
  private shown: Uint8Array | undefined;

  /** Appends `text` after a comma (none before the first). */
  append(text: string) {
    this.pending.push(text);
  }

  view(): Uint8Array {
    if (this.pending.length > 0) {
      this.shown = undefined;
      const text = `${this.length > 0 ? "," : ""}${this.pending.join(",")}`;
      this.pending = [];
      const need = this.length + text.length * 3;
      if (need > this.bytes.length) {
        const grown = textMemory(Math.max(need, this.bytes.length * 2, 256));
        grown.set(this.bytes.subarray(0, this.length));
        this.bytes = grown;
      }
      this.length += this.bytes.write(text, this.length);
    }
    return (this.shown ??= this.bytes.subarray(0, this.length));
  }
}

/** One CID store: its entries, and their JSON text once it has been written. */
export class LoadedStore<T> {
  private text: GrowingText | undefined;
  constructor(
    readonly entries: Map<Cid, T>,
    /** The JSON text of an entry's value. */
    private readonly json: (value: T) => string,
  ) {}

  /** A store with the same entries, which adding to this one leaves as they are. */
  copy(): LoadedStore<T> {
    return new LoadedStore(new Map(this.entries), this.json);
  }

  private entryText(cid: Cid, value: T) {
    return `${quote(cid)}:${this.json(value)}`;
  }

  /** Adds an entry (with its JSON text when the caller has it); a CID already present is left as it is. */
  add(cid: Cid, value: T, json?: string) {
    if (this.entries.has(cid)) return;
    this.entries.set(cid, value);
    this.text?.append(`${quote(cid)}:${json ?? this.json(value)}`);
  }

  /** The entries as the inside of a JSON object, in UTF-8. */
  bytes(): Uint8Array {
    if (!this.text) {
      this.text = new GrowingText();
      for (const [cid, v] of this.entries) this.text.append(this.entryText(cid, v));
    }
    return this.text.view();
  }
}

export type LoadedStores = { [K in StoreName]: LoadedStore<StoreEntries[K]> };

/** A trace's JSON as it was written: its UTF-8 bytes (the first `length` of `buffer`), and where each state's text
 * ends in them. */
export interface TraceText {
  buffer: Buffer;
  length: number;
  ends: number[];
}

export interface LoadedData {
  trace: readonly State[];
  /** Set on data this process wrote, for the next write to copy the states it keeps. */
  text?: TraceText;
  /** Set on data this process wrote: where the next run on it may start (interpreter/resume.ts). */
  checkpoint?: Checkpoint;
  lcid: number;
  stores: LoadedStores;
  /** Peer id -> base58 signature. */
  signatures: Map<string, string>;
}

const ENTRY_JSON: { [K in StoreName]: (value: StoreEntries[K]) => string } = {
  value_store: quote,
  tetraplet_store: tetrapletJson,
  canon_element_store: canonElementJson,
  canon_result_store: canonResultJson,
  service_result_store: serviceResultJson,
};

function loadedStore<K extends StoreName>(k: K, records: object): LoadedStore<StoreEntries[K]> {
  return new LoadedStore(new Map(Object.entries(records) as [Cid, StoreEntries[K]][]), ENTRY_JSON[k]);
}

/** Each store with the records `records` gives for it. */
const loadedStores = (records: (k: StoreName) => object): LoadedStores => ({
  value_store: loadedStore("value_store", records("value_store")),
  tetraplet_store: loadedStore("tetraplet_store", records("tetraplet_store")),
  canon_element_store: loadedStore("canon_element_store", records("canon_element_store")),
  canon_result_store: loadedStore("canon_result_store", records("canon_result_store")),
  service_result_store: loadedStore("service_result_store", records("service_result_store")),
});

const NO_RECORDS = {};
const none = () => NO_RECORDS;

export const emptyLoaded = (): LoadedData => ({
  trace: [],
  lcid: 0,
  stores: loadedStores(none),
  signatures: new Map(),
});

/**
 * `data` as the peers it was sent to read it, apart from the run that takes it over: its own stores and signatures,
 * the same trace (which no run changes), and nothing kept for writing or resuming.
 */
export const readOnlyCopy = (data: LoadedData): LoadedData => ({
  trace: data.trace,
  lcid: data.lcid,
  stores: {
    value_store: data.stores.value_store.copy(),
    tetraplet_store: data.stores.tetraplet_store.copy(),
    canon_element_store: data.stores.canon_element_store.copy(),
    canon_result_store: data.stores.canon_result_store.copy(),
    service_result_store: data.stores.service_result_store.copy(),
  },
  signatures: new Map(data.signatures),
});

/** Decodes `bytes` afresh (never from the cache); throws DataError. */
export function decodeLoaded(bytes: Uint8Array): LoadedData {
  if (bytes.length === 0) return emptyLoaded();
  const data = decodeData(bytes);
  return {
    trace: data.trace,
    lcid: data.lcid,
    stores: loadedStores((k) => data.cid_info[k]),
    signatures: new Map(Object.entries(data.signatures)),
  };
}
