// Data a run wrote, kept for the next run on the same particle. It comes back by its bytes (compared in full with
// the parts it was written from, so a caller that changed the bytes gets a fresh decode). A run takes the previous
// data over and adds to its stores; its output copies the bytes of the trace states it kept as they were and of
// the stores, and encodes only what is new. A run's cost then follows what it adds more than the whole trace.
import {
  decodeLoaded,
  emptyLoaded,
  type LoadedData,
  readOnlyCopy,
  STORE_NAMES,
  textMemory,
  type TraceText,
} from "./loaded.ts";
import { signaturesJson, stateJson } from "./records.ts";
import { DATA_VERSION, type State } from "./trace.ts";

interface Entry {
  /** The bytes, as the parts they were joined from (a text is ASCII, a byte a character). */
  parts: (Uint8Array | string)[];
  length: number;
  data: LoadedData;
  /** Set when the run that wrote it sent it to other peers, who will read it after this peer's next run took it. */
  sent?: boolean;
}

// at most 64 entries and 32 MiB of data; what an entry holds in memory, decoded, is 2.4-8 times its bytes
const CACHE_ENTRIES = 64;
const CACHE_BYTES = 32 << 20;
const cache: Entry[] = [];
let cachedBytes = 0;

function matches(entry: Entry, bytes: Uint8Array): boolean {
  if (entry.length !== bytes.length) return false;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let at = 0;
  for (const part of entry.parts) {
    if (typeof part === "string") {
      for (let i = 0; i < part.length; i++) if (view[at + i] !== part.charCodeAt(i)) return false;
    } else if (view.compare(part, 0, part.length, at, at + part.length) !== 0) return false;
    at += part.length;
  }
  return true;
}

const ASCII = /^[\x00-\x7f]*$/;
/** A small part of the output: its text while ASCII (written straight into the output), else its bytes. */
const textPart = (text: string): Uint8Array | string => (ASCII.test(text) ? text : Buffer.from(text, "utf8"));

function cached(bytes: Uint8Array, take: boolean): LoadedData | undefined {
  for (let i = cache.length - 1; i >= 0; i--) {
    const entry = cache[i]!;
    if (!matches(entry, bytes)) continue;
    if (take && entry.sent) {
      // the peers it was sent to read it still: they get a copy made before the taker adds to it (and the trace's
      // bytes, which the taker writes over after the states it keeps)
      const parts = [...entry.parts];
      parts[1] = Buffer.from(parts[1] as Uint8Array);
      cache[i] = { parts, length: entry.length, data: readOnlyCopy(entry.data) };
    } else if (take) {
      cache.splice(i, 1);
      cachedBytes -= entry.length;
    }
    return entry.data;
  }
  return undefined;
}

function remember(entry: Entry) {
  if (entry.length > CACHE_BYTES / 4) return;
  cache.push(entry);
  cachedBytes += entry.length;
  while (cache.length > CACHE_ENTRIES || cachedBytes > CACHE_BYTES) cachedBytes -= cache.shift()!.length;
}

/** What the cache holds (for tests). */
export const dataCacheStats = () => ({ entries: cache.length, bytes: cachedBytes });

/**
 * The data in `bytes`; throws DataError when they are not particle data. With `take`, the caller becomes the
 * owner of what comes back and may add to its stores (the cache forgets it); without, it must not change it.
 */
export function loadData(bytes: Uint8Array, take: boolean): LoadedData {
  if (bytes.length === 0) return emptyLoaded();
  return cached(bytes, take) ?? decodeLoaded(bytes);
}

const encoder = new TextEncoder();

/** Whether two states have the same text: the same call or canon state passed on, or equal par and ap sizes. */
function sameText(a: State, b: State): boolean {
  if (a === b) return true;
  if ("call" in a) return "call" in b && a.call === b.call;
  if ("canon" in a) return "canon" in b && a.canon === b.canon;
  if ("par" in a) return "par" in b && a.par[0] === b.par[0] && a.par[1] === b.par[1];
  if ("ap" in a) return "ap" in b && a.ap.gens.length === 1 && b.ap.gens.length === 1 && a.ap.gens[0] === b.ap.gens[0];
  return a === b;
}

/**
 * The trace's JSON. The text of the states it shares from its start with `base`'s trace is kept where it is: the
 * base's buffer (which the caller owns and gives up) is cut after them and the new states are written after.
 */
function traceText(trace: readonly State[], base: LoadedData | undefined): TraceText {
  const prior = base?.text;
  let kept = 0;
  if (prior) {
    const n = Math.min(trace.length, base.trace.length);
    while (kept < n && sameText(trace[kept]!, base.trace[kept]!)) kept++;
  }
  const texts: string[] = [];
  let size = 2;
  for (let i = kept; i < trace.length; i++) {
    const text = stateJson(trace[i]!);
    texts.push(text);
    size += 3 * text.length + 1;
  }
  const start = prior && kept > 0 ? prior.ends[kept - 1]! : 1;
  let buffer = prior?.buffer;
  if (!buffer || buffer.length < start + size) {
    const grown = textMemory(Math.max(start + size, 2 * (buffer?.length ?? 0)));
    if (buffer) grown.set(buffer.subarray(0, start));
    buffer = grown;
  }
  buffer[0] = 0x5b; // [
  const ends = prior?.ends ?? [];
  ends.length = kept;
  let at = start;
  if (texts.length > 0) {
    // all the new states in one go; where each ends follows from their lengths when the text is ASCII (one byte a
    // character), as a trace's text nearly always is
    const joined = `${at > 1 ? "," : ""}${texts.join(",")}`;
    const written = buffer.write(joined, at);
    if (written === joined.length) {
      for (const text of texts) ends.push((at += (at > 1 ? 1 : 0) + text.length));
    } else {
      for (const text of texts) {
        if (at > 1) buffer[at++] = 0x2c; // ,
        at += buffer.write(text, at);
        ends.push(at);
      }
    }
  }
  buffer[at++] = 0x5d; // ]
  return { buffer, length: at, ends };
}

const HEAD = encoder.encode(`{"version":${JSON.stringify(DATA_VERSION)},"trace":`);
const STORE_KEYS = STORE_NAMES.map((k, i) => encoder.encode(`${i ? "}," : ""}${JSON.stringify(k)}:{`));

/**
 * Encodes data (the JSON `encodeData` writes) and remembers it for the next run. `base` is the data the run
 * started from, owned by the caller (taken from the cache or decoded for it), whose trace text it reuses; `sent`
 * says the data goes to other peers too.
 */
export function writeData(data: LoadedData, base?: LoadedData, sent = false): Uint8Array {
  data.text = traceText(data.trace, base);
  // the small parts stay text: encoding each into bytes of its own cost more than the rest of the copying
  const parts: (Uint8Array | string)[] = [
    HEAD,
    data.text.buffer.subarray(0, data.text.length),
    `,"lcid":${data.lcid},"cid_info":{`,
  ];
  STORE_NAMES.forEach((k, i) => parts.push(STORE_KEYS[i]!, data.stores[k].bytes()));
  parts.push(textPart(`}},"signatures":${signaturesJson(data.signatures)}}`));
  let length = 0;
  for (const part of parts) length += part.length;
  // every byte is written below, so the memory need not be zeroed first (a buffer of its own, not from a pool)
  const unzeroed = Buffer.allocUnsafeSlow(length);
  const bytes = new Uint8Array(unzeroed.buffer, unzeroed.byteOffset, length);
  let at = 0;
  for (const part of parts) {
    if (typeof part === "string") unzeroed.write(part, at, part.length, "latin1");
    else bytes.set(part, at);
    at += part.length;
  }
  remember({ parts, length, data, sent });
  return bytes;
}
