// Particle data as a run holds it: the trace, and each CID store as a map with its JSON text kept beside it, so that
// a run writes its output as the previous text plus what it added instead of encoding every entry again. Data this
// module wrote comes back from a small cache by its bytes (compared in full, so a caller that changes the bytes gets
// a fresh decode); a run takes over the previous data's maps and adds to them, which keeps each run's cost close to
// the size of what it adds rather than the size of the whole trace.
import type { CanonElement, CanonResult, Cid, InterpreterData, ServiceResult, State, Tetraplet } from "./trace.ts";
import { DATA_VERSION, decodeData } from "./trace.ts";

export interface StoreEntries {
  value_store: string;
  tetraplet_store: Tetraplet;
  canon_element_store: CanonElement;
  canon_result_store: CanonResult;
  service_result_store: ServiceResult;
}
export type StoreName = keyof StoreEntries;
export const STORE_NAMES: readonly StoreName[] = [
  "value_store",
  "tetraplet_store",
  "canon_element_store",
  "canon_result_store",
  "service_result_store",
];

const encoder = new TextEncoder();

/** JSON text as UTF-8 that grows at its end, for a store's entries. */
class GrowingText {
  private bytes = new Uint8Array(1024);
  length = 0;

  /** Appends `text` after a comma (none before the first). */
  append(text: string) {
    const need = this.length + 1 + text.length * 3;
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    if (this.length > 0) this.bytes[this.length++] = 0x2c;
    this.length += encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

const entryText = (cid: Cid, value: unknown) => `${JSON.stringify(cid)}:${JSON.stringify(value)}`;

/** One CID store: its entries, and their JSON text once it has been written. */
export class LoadedStore<T> {
  private text: GrowingText | undefined;
  constructor(readonly entries: Map<Cid, T>) {}

  /** Adds an entry; the text grows with it. A CID already present is left as it is. */
  add(cid: Cid, value: T) {
    if (this.entries.has(cid)) return;
    this.entries.set(cid, value);
    this.text?.append(entryText(cid, value));
  }

  /** The entries as the inside of a JSON object, in UTF-8. */
  json(): Uint8Array {
    if (!this.text) {
      this.text = new GrowingText();
      for (const [cid, v] of this.entries) this.text.append(entryText(cid, v));
    }
    return this.text.view();
  }
}

export type LoadedStores = { [K in StoreName]: LoadedStore<StoreEntries[K]> };

export interface LoadedData {
  trace: readonly State[];
  lcid: number;
  stores: LoadedStores;
  /** Peer id -> base58 signature. */
  signatures: Map<string, string>;
}

export const emptyLoaded = (): LoadedData => ({
  trace: [],
  lcid: 0,
  stores: {
    value_store: new LoadedStore(new Map()),
    tetraplet_store: new LoadedStore(new Map()),
    canon_element_store: new LoadedStore(new Map()),
    canon_result_store: new LoadedStore(new Map()),
    service_result_store: new LoadedStore(new Map()),
  },
  signatures: new Map(),
});

/** Decodes `bytes` afresh (never from the cache); throws DataError. */
export const decodeLoaded = (bytes: Uint8Array): LoadedData =>
  bytes.length === 0 ? emptyLoaded() : fromDecoded(decodeData(bytes));

function fromDecoded(data: InterpreterData): LoadedData {
  const store = <K extends StoreName>(k: K) =>
    new LoadedStore(new Map(Object.entries(data.cid_info[k]) as [Cid, StoreEntries[K]][]));
  return {
    trace: data.trace,
    lcid: data.lcid,
    stores: {
      value_store: store("value_store"),
      tetraplet_store: store("tetraplet_store"),
      canon_element_store: store("canon_element_store"),
      canon_result_store: store("canon_result_store"),
      service_result_store: store("service_result_store"),
    },
    signatures: new Map(Object.entries(data.signatures)),
  };
}

// Data this module wrote, by its bytes: a private copy of them and the data they hold.
const CACHE_ENTRIES = 64;
const CACHE_BYTES = 64 << 20;
const cache: { bytes: Uint8Array; data: LoadedData }[] = [];
let cachedBytes = 0;

function cached(bytes: Uint8Array, take: boolean): LoadedData | undefined {
  for (let i = cache.length - 1; i >= 0; i--) {
    const entry = cache[i]!;
    if (entry.bytes.length !== bytes.length || !Buffer.from(entry.bytes.buffer).equals(bytes)) continue;
    if (take) {
      cache.splice(i, 1);
      cachedBytes -= entry.bytes.length;
    }
    return entry.data;
  }
  return undefined;
}

function remember(bytes: Uint8Array, data: LoadedData) {
  if (bytes.length > CACHE_BYTES / 4) return;
  cache.push({ bytes: bytes.slice(), data });
  cachedBytes += bytes.length;
  while (cache.length > CACHE_ENTRIES || cachedBytes > CACHE_BYTES) cachedBytes -= cache.shift()!.bytes.length;
}

/**
 * The data in `bytes`; throws DataError when they are not particle data. With `take`, the caller becomes the
 * owner of what comes back and may add to its stores (the cache forgets it); without, it must not change it.
 */
export function loadData(bytes: Uint8Array, take: boolean): LoadedData {
  if (bytes.length === 0) return emptyLoaded();
  return cached(bytes, take) ?? decodeLoaded(bytes);
}

// The JSON text of call and canon states, by the object inside them: a run passes such states on from the data it
// read as they are (trace states are never changed once written), so most of a trace's text is already known.
const stateTexts = new WeakMap<object, string>();

function stateText(state: State): string {
  const inner = "call" in state ? state.call : "canon" in state ? state.canon : undefined;
  if (!inner) return JSON.stringify(state);
  let text = stateTexts.get(inner);
  if (text === undefined) {
    text = JSON.stringify(state);
    stateTexts.set(inner, text);
  }
  return text;
}

const traceText = (trace: readonly State[]) => `[${trace.map(stateText).join(",")}]`;

const STORE_KEYS = STORE_NAMES.map((k, i) => encoder.encode(`${i ? "}," : ""}${JSON.stringify(k)}:{`));

/** Encodes data (the same JSON as `encodeData`) and remembers it by its bytes for the next run. */
export function writeData(data: LoadedData): Uint8Array {
  const head = encoder.encode(
    `{"version":${JSON.stringify(DATA_VERSION)},"trace":${traceText(data.trace)},"lcid":${data.lcid},"cid_info":{`,
  );
  const tail = encoder.encode(`}},"signatures":${JSON.stringify(Object.fromEntries(data.signatures))}}`);
  const parts: Uint8Array[] = [head];
  STORE_NAMES.forEach((k, i) => parts.push(STORE_KEYS[i]!, data.stores[k].json()));
  parts.push(tail);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  remember(bytes, data);
  return bytes;
}
