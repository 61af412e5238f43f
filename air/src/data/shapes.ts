// The shapes particle data must have: each trace state and each CID store entry is checked when data is decoded,
// so that nothing later meets a record without the fields of its kind (or with fields of others).
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
export const isUint = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
export const isString = (v: unknown): v is string => typeof v === "string";

function checkSender(s: unknown): boolean {
  if (!isRecord(s)) return false;
  if ("PeerId" in s) return isString(s.PeerId);
  const c = s.PeerIdWithCallId;
  return isRecord(c) && isString(c.peer_id) && isUint(c.call_id);
}

function checkValueRef(v: unknown): boolean {
  if (!isRecord(v)) return false;
  if ("scalar" in v) return isString(v.scalar);
  if ("unused" in v) return isString(v.unused);
  return isRecord(v.stream) && isString(v.stream.cid) && isUint(v.stream.generation);
}

const checkSubTrace = (s: unknown) => isRecord(s) && isUint(s.pos) && isUint(s.len);

export function checkState(s: unknown): boolean {
  if (!isRecord(s) || Object.keys(s).length !== 1) return false;
  if ("par" in s) return Array.isArray(s.par) && s.par.length === 2 && s.par.every(isUint);
  if ("ap" in s) return isRecord(s.ap) && Array.isArray(s.ap.gens) && s.ap.gens.every(isUint);
  if ("call" in s) {
    const c = s.call;
    if (!isRecord(c)) return false;
    if ("sent_by" in c) return checkSender(c.sent_by);
    if ("executed" in c) return checkValueRef(c.executed);
    return isString(c.failed);
  }
  if ("canon" in s) return isRecord(s.canon) && (isString(s.canon.sent_by) || isString(s.canon.executed));
  if ("fold" in s) {
    const f = s.fold;
    return (
      isRecord(f) &&
      Array.isArray(f.lore) &&
      f.lore.every(
        (l: unknown) =>
          isRecord(l) && isUint(l.pos) && Array.isArray(l.desc) && l.desc.length === 2 && l.desc.every(checkSubTrace),
      )
    );
  }
  return false;
}

const hasKeys = (v: Record<string, unknown>, keys: string[]) =>
  Object.keys(v).length === keys.length && keys.every((k) => Object.hasOwn(v, k));
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
