// The JSON text of trace states and CID store records, written field by field in declaration order: the text
// JSON.stringify gives for the same records built in that order, several times faster on such small records, and
// independent of the order a decoded record happened to list its fields in. A record's CID is that of this text,
// as AquaVM hashes its Rust structs (fields in declaration order).
import { cidOfText } from "./cid.ts";
import type {
  CallState,
  Cid,
  CanonElement,
  CanonResult,
  Provenance,
  Sender,
  ServiceResult,
  State,
  Tetraplet,
  ValueRef,
} from "./trace.ts";

// Characters JSON must escape in a string (and surrogates, which JSON.stringify escapes when unpaired): strings
// without any are written as they are, which is much faster than JSON.stringify for the CIDs and ids of a trace.
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `text` as a JSON string. */
export const quote = (text: string): string => (ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`);
const q = quote;

// A key made of digits only, which could be an array index (a peer id never is).
const DIGITS = /^[0-9]+$/;

/**
 * Peer id -> signature as the JSON object JSON.stringify(Object.fromEntries(signatures)) writes, without making
 * the object (the slowest part of writing a run's data). An object puts keys that are array indices first, in
 * numeric order: data with a key of digits only goes to JSON.stringify for that.
 */
export function signaturesJson(signatures: ReadonlyMap<string, string>): string {
  let out = "";
  for (const [peer, signature] of signatures) {
    if (DIGITS.test(peer)) return JSON.stringify(Object.fromEntries(signatures));
    out += `${out.length > 0 ? "," : ""}${q(peer)}:${q(signature)}`;
  }
  return `{${out}}`;
}

export const tetrapletJson = (t: Tetraplet) =>
  `{"peer_pk":${q(t.peer_pk)},"service_id":${q(t.service_id)},"function_name":${q(t.function_name)},"lens":${q(t.lens)}}`;

export const serviceResultJson = (r: ServiceResult) =>
  `{"value_cid":${q(r.value_cid)},"argument_hash":${q(r.argument_hash)},"tetraplet_cid":${q(r.tetraplet_cid)}}`;

const provenanceJson = (p: Provenance) =>
  p.type === "literal" ? `{"type":"literal"}` : `{"type":${q(p.type)},"cid":${q(p.cid)}}`;

export const canonElementJson = (e: CanonElement) =>
  `{"value":${q(e.value)},"tetraplet":${q(e.tetraplet)},"provenance":${provenanceJson(e.provenance)}}`;

export const canonResultJson = (r: CanonResult) =>
  `{"tetraplet":${q(r.tetraplet)},"values":[${r.values.map(q).join(",")}]}`;

function senderJson(s: Sender): string {
  if ("PeerId" in s) return `{"PeerId":${q(s.PeerId)}}`;
  const { peer_id, call_id } = s.PeerIdWithCallId;
  return `{"PeerIdWithCallId":{"peer_id":${q(peer_id)},"call_id":${call_id}}}`;
}

function valueRefJson(v: ValueRef): string {
  if ("scalar" in v) return `{"scalar":${q(v.scalar)}}`;
  if ("unused" in v) return `{"unused":${q(v.unused)}}`;
  return `{"stream":{"cid":${q(v.stream.cid)},"generation":${v.stream.generation}}}`;
}

function callJson(c: CallState): string {
  if ("sent_by" in c) return `{"sent_by":${senderJson(c.sent_by)}}`;
  if ("executed" in c) return `{"executed":${valueRefJson(c.executed)}}`;
  return `{"failed":${q(c.failed)}}`;
}

export function stateJson(s: State): string {
  if ("call" in s) return `{"call":${callJson(s.call)}}`;
  if ("par" in s) return `{"par":[${s.par[0]},${s.par[1]}]}`;
  if ("ap" in s) return `{"ap":{"gens":[${s.ap.gens.join(",")}]}}`;
  if ("canon" in s)
    return "sent_by" in s.canon
      ? `{"canon":{"sent_by":${q(s.canon.sent_by)}}}`
      : `{"canon":{"executed":${q(s.canon.executed)}}}`;
  const lore = s.fold.lore.map(
    ({ pos, desc: [before, after] }) =>
      `{"pos":${pos},"desc":[{"pos":${before.pos},"len":${before.len}},{"pos":${after.pos},"len":${after.len}}]}`,
  );
  return `{"fold":{"lore":[${lore.join(",")}]}}`;
}

// The CIDs of frozen tetraplets, by object: the interpreter makes its tetraplets frozen and hashes each one several
// times (when it stores a result, checks a replayed one, canonicalises a stream).
const tetrapletCids = new WeakMap<Tetraplet, Cid>();

export function cidOfTetraplet(t: Tetraplet): Cid {
  let cid = tetrapletCids.get(t);
  if (cid === undefined) {
    cid = cidOfText(tetrapletJson(t));
    if (Object.isFrozen(t)) tetrapletCids.set(t, cid);
  }
  return cid;
}
/**
 * CIDs of records made of CIDs, remembered by their fields: a run makes the same records from the same CIDs again
 * (a replayed trace, a result from a peer seen before), and looking up the fields (strings a run keeps passing on,
 * whose hashes the engine keeps) costs less than writing the record's text and hashing that. At most `maxSize`
 * records, then it starts over.
 */
class FieldMemo {
  private readonly root = new Map<string, unknown>();
  private size = 0;
  constructor(private readonly maxSize: number) {}

  get(fields: readonly string[], compute: () => Cid): Cid {
    let level = this.root;
    const last = fields.length - 1;
    for (let i = 0; i < last; i++) {
      let next = level.get(fields[i]!) as Map<string, unknown> | undefined;
      if (!next) level.set(fields[i]!, (next = new Map()));
      level = next;
    }
    let cid = level.get(fields[last]!) as Cid | undefined;
    if (cid === undefined) {
      cid = compute();
      if (++this.size > this.maxSize) {
        this.root.clear();
        this.size = 0;
      } else level.set(fields[last]!, cid);
    }
    return cid;
  }
}

// 16,384 records each: their fields are CIDs, all of one length, so some 11-14 MB each when full (65,536 records of
// service results took 45 MB)
const resultCids = new FieldMemo(1 << 14);
const elementCids = new FieldMemo(1 << 14);

export const cidOfServiceResult = (r: ServiceResult): Cid =>
  resultCids.get([r.value_cid, r.argument_hash, r.tetraplet_cid], () => cidOfText(serviceResultJson(r)));

export const cidOfCanonElement = (e: CanonElement): Cid =>
  elementCids.get(
    [e.value, e.tetraplet, e.provenance.type, e.provenance.type === "literal" ? "" : e.provenance.cid],
    () => cidOfText(canonElementJson(e)),
  );
export const cidOfCanonResult = (r: CanonResult) => cidOfText(canonResultJson(r));
