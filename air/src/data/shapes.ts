// The shapes particle data must have: each trace state and each CID store entry is checked when data is decoded,
// so that nothing later meets a record without the fields of its kind, with fields of others, or of two kinds at
// once (a kind is a record's one field, as serde writes Rust's enums: signatures cover CIDs, not the kinds around).
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
export const isUint = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
export const isString = (v: unknown): v is string => typeof v === "string";

const hasKeys = (v: Record<string, unknown>, keys: string[]) =>
  Object.keys(v).length === keys.length && keys.every((k) => Object.hasOwn(v, k));
/** Whether `v` is a record of exactly these fields. */
const withKeys = (v: unknown, keys: string[]): v is Record<string, unknown> => isRecord(v) && hasKeys(v, keys);

/** A record of one kind (its one field): the kind and what the field holds; nothing for any other value. */
function kindOf(v: unknown): [kind?: string, field?: unknown] {
  if (!isRecord(v)) return [];
  const keys = Object.keys(v);
  return keys.length === 1 ? [keys[0], v[keys[0]!]] : [];
}

function checkSender(s: unknown): boolean {
  const [kind, c] = kindOf(s);
  if (kind === "PeerId") return isString(c);
  return kind === "PeerIdWithCallId" && withKeys(c, ["peer_id", "call_id"]) && isString(c.peer_id) && isUint(c.call_id);
}

function checkValueRef(v: unknown): boolean {
  const [kind, ref] = kindOf(v);
  if (kind === "scalar" || kind === "unused") return isString(ref);
  return kind === "stream" && withKeys(ref, ["cid", "generation"]) && isString(ref.cid) && isUint(ref.generation);
}

function checkCall(c: unknown): boolean {
  const [kind, field] = kindOf(c);
  if (kind === "sent_by") return checkSender(field);
  if (kind === "executed") return checkValueRef(field);
  return kind === "failed" && isString(field);
}

function checkCanon(c: unknown): boolean {
  const [kind, field] = kindOf(c);
  return (kind === "sent_by" || kind === "executed") && isString(field);
}

const checkSubTrace = (s: unknown) => withKeys(s, ["pos", "len"]) && isUint(s.pos) && isUint(s.len);
const checkLore = (l: unknown) =>
  withKeys(l, ["pos", "desc"]) &&
  isUint(l.pos) &&
  Array.isArray(l.desc) &&
  l.desc.length === 2 &&
  l.desc.every(checkSubTrace);

export function checkState(s: unknown): boolean {
  const [kind, state] = kindOf(s);
  if (kind === "par") return Array.isArray(state) && state.length === 2 && state.every(isUint);
  if (kind === "ap") return withKeys(state, ["gens"]) && Array.isArray(state.gens) && state.gens.every(isUint);
  if (kind === "call") return checkCall(state);
  if (kind === "canon") return checkCanon(state);
  return kind === "fold" && withKeys(state, ["lore"]) && Array.isArray(state.lore) && state.lore.every(checkLore);
}

const stringFields = (v: unknown, keys: string[]) =>
  isRecord(v) && hasKeys(v, keys) && keys.every((k) => isString(v[k]));

function checkProvenance(p: unknown): boolean {
  if (!isRecord(p)) return false;
  if (p.type === "literal") return hasKeys(p, ["type"]);
  return (p.type === "service_result" || p.type === "canon") && stringFields(p, ["type", "cid"]);
}

/** Each store's entry shape. */
export const ENTRY_SHAPES: Record<string, (entry: unknown) => boolean> = {
  value_store: isString,
  tetraplet_store: (t) => stringFields(t, ["peer_pk", "service_id", "function_name", "lens"]),
  service_result_store: (r) => stringFields(r, ["value_cid", "argument_hash", "tetraplet_cid"]),
  canon_element_store: (e) =>
    isRecord(e) &&
    hasKeys(e, ["value", "tetraplet", "provenance"]) &&
    isString(e.value) &&
    isString(e.tetraplet) &&
    checkProvenance(e.provenance),
  canon_result_store: (r) =>
    isRecord(r) &&
    hasKeys(r, ["tetraplet", "values"]) &&
    isString(r.tetraplet) &&
    Array.isArray(r.values) &&
    r.values.every(isString),
};
