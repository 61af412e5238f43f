// A particle's data: the execution trace and the content-addressed values it points to, in the same shape as
// AquaVM's data (its `to_human_readable_data` JSON), so that two implementations' traces compare state by state.
// Encoded as UTF-8 JSON; an empty byte string is empty data.
import { excerpt } from "./excerpt.ts";
import { checkState, ENTRY_SHAPES, isRecord, isString, isUint } from "./shapes.ts";

export type Cid = string;

export type Sender = { PeerId: string } | { PeerIdWithCallId: { peer_id: string; call_id: number } };
export type ValueRef = { scalar: Cid } | { stream: { cid: Cid; generation: number } } | { unused: Cid };
export type CallState = { sent_by: Sender } | { executed: ValueRef } | { failed: Cid };
export type CanonState = { sent_by: string } | { executed: Cid };
export interface SubTrace {
  pos: number;
  len: number;
}
/** One iteration of a stream fold: the trace position of the value it iterated, its states before and after `next`. */
export interface FoldLore {
  pos: number;
  desc: [SubTrace, SubTrace];
}

export type State =
  | { par: [number, number] }
  | { call: CallState }
  | { fold: { lore: FoldLore[] } }
  | { ap: { gens: number[] } }
  | { canon: CanonState };

export interface Tetraplet {
  peer_pk: string;
  service_id: string;
  function_name: string;
  lens: string;
}

export type Provenance = { type: "literal" } | { type: "service_result"; cid: Cid } | { type: "canon"; cid: Cid };

export interface ServiceResult {
  value_cid: Cid;
  argument_hash: Cid;
  tetraplet_cid: Cid;
}
export interface CanonElement {
  value: Cid;
  tetraplet: Cid;
  provenance: Provenance;
}
export interface CanonResult {
  tetraplet: Cid;
  values: Cid[];
}

export interface CidInfo {
  /** Values as JSON text. */
  value_store: Record<Cid, string>;
  tetraplet_store: Record<Cid, Tetraplet>;
  canon_element_store: Record<Cid, CanonElement>;
  canon_result_store: Record<Cid, CanonResult>;
  service_result_store: Record<Cid, ServiceResult>;
}

export interface InterpreterData {
  version: string;
  trace: State[];
  /** The last call request id handed out on this peer. */
  lcid: number;
  cid_info: CidInfo;
  /** Peer id -> base58 of its signature over the CIDs it produced. */
  signatures: Record<string, string>;
}

export const DATA_VERSION = "cloudless-air/1";

export const emptyCidInfo = (): CidInfo => ({
  value_store: {},
  tetraplet_store: {},
  canon_element_store: {},
  canon_result_store: {},
  service_result_store: {},
});

export const emptyData = (): InterpreterData => ({
  version: DATA_VERSION,
  trace: [],
  lcid: 0,
  cid_info: emptyCidInfo(),
  signatures: {},
});

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export const encodeData = (data: InterpreterData): Uint8Array => encoder.encode(JSON.stringify(data));

export class DataError extends Error {
  override readonly name = "DataError";
}

/** The CID stores, in the order data lists them. */
export const STORE_NAMES: readonly (keyof CidInfo)[] = [
  "value_store",
  "tetraplet_store",
  "canon_element_store",
  "canon_result_store",
  "service_result_store",
];

/** Decodes and checks the shape of particle data; an empty byte string is empty data. */
export function decodeData(bytes: Uint8Array): InterpreterData {
  if (bytes.length === 0) return emptyData();
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes)) as unknown;
  } catch (err) {
    throw new DataError(`data is not UTF-8 JSON: ${(err as Error).message}`);
  }
  if (!isRecord(parsed)) throw new DataError("data is not a JSON object");
  if (parsed.version !== DATA_VERSION) throw new DataError(`unsupported data version ${excerpt(parsed.version)}`);
  if (!Array.isArray(parsed.trace)) throw new DataError("data has no trace");
  const bad = parsed.trace.findIndex((s) => !checkState(s));
  if (bad >= 0) throw new DataError(`trace state ${bad} is malformed: ${excerpt(parsed.trace[bad])}`);
  if (!isUint(parsed.lcid)) throw new DataError("data has no valid lcid");
  const info = parsed.cid_info;
  if (!isRecord(info) || !STORE_NAMES.every((k) => isRecord(info[k])))
    throw new DataError("data has no valid cid_info");
  for (const k of STORE_NAMES) {
    const shape = ENTRY_SHAPES[k]!;
    for (const [cid, entry] of Object.entries(info[k] as Record<string, unknown>))
      if (!shape(entry)) throw new DataError(`${k} entry ${cid} is malformed: ${excerpt(entry)}`);
  }
  if (!isRecord(parsed.signatures) || !Object.values(parsed.signatures).every(isString))
    throw new DataError("data has no valid signatures");
  return parsed as unknown as InterpreterData;
}
