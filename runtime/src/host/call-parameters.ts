// The call parameters a module reads through get_call_parameters: who started the particle, which service and
// worker run the call, and the tetraplets (the origin) of each argument. They are lowered into whatever shape the
// module's own CallParameters record has (Marine's host API versions 0 to 3 differ), matching fields by name.
import type { IType, TypeEntry } from "../it/types.ts";
import { isArrayType } from "../it/types.ts";

export interface SecurityTetraplet {
  readonly peerPk: string;
  readonly serviceId: string;
  readonly functionName: string;
  readonly lens: string;
}

export interface CallParameters {
  readonly particleId?: string;
  readonly initPeerId?: string;
  readonly timestamp?: number;
  readonly ttl?: number;
  readonly script?: string;
  readonly signature?: Uint8Array;
  readonly token?: string;
  readonly serviceId?: string;
  readonly serviceCreatorPeerId?: string;
  readonly hostId?: string;
  readonly workerId?: string;
  /** One list of tetraplets per argument. */
  readonly tetraplets?: readonly (readonly SecurityTetraplet[])[];
}

const STRING_FIELDS = [
  "particleId",
  "initPeerId",
  "script",
  "token",
  "serviceId",
  "serviceCreatorPeerId",
  "hostId",
  "workerId",
] as const;
const isNonNegativeInteger = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** Why `params` are not call parameters, or undefined when they are. */
export function callParametersProblem(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null || Array.isArray(params)) return "they are not an object";
  const p = params as Record<string, unknown>;
  for (const k of STRING_FIELDS) if (p[k] !== undefined && typeof p[k] !== "string") return `${k} is not a string`;
  for (const k of ["timestamp", "ttl"] as const)
    if (p[k] !== undefined && !isNonNegativeInteger(p[k])) return `${k} is not a whole number of milliseconds`;
  if (p.ttl !== undefined && (p.ttl as number) > 0xffffffff) return "ttl does not fit 32 bits";
  if (p.signature !== undefined && !(p.signature instanceof Uint8Array)) return "signature is not bytes";
  if (p.tetraplets === undefined) return undefined;
  if (!Array.isArray(p.tetraplets)) return "tetraplets is not a list";
  for (const list of p.tetraplets as unknown[]) {
    if (!Array.isArray(list)) return "tetraplets is not a list of lists";
    for (const t of list as unknown[]) {
      const fields = t as Record<string, unknown> | null;
      if (
        typeof t !== "object" ||
        fields === null ||
        !["peerPk", "serviceId", "functionName", "lens"].every((k) => typeof fields[k] === "string")
      )
        return "a tetraplet is not {peerPk, serviceId, functionName, lens} strings";
    }
  }
  return undefined;
}

/** The parameters as a tree with Marine's field names, from which any version's record is cut. */
function source(params: CallParameters): Record<string, unknown> {
  const tetraplets = (params.tetraplets ?? []).map((list) =>
    list.map((t) => ({
      peer_pk: t.peerPk,
      service_id: t.serviceId,
      function_name: t.functionName,
      lens: t.lens,
      json_path: t.lens,
    })),
  );
  return {
    particle: {
      id: params.particleId,
      init_peer_id: params.initPeerId,
      timestamp: params.timestamp === undefined ? undefined : BigInt(params.timestamp),
      ttl: params.ttl,
      script: params.script,
      signature: params.signature,
      token: params.token,
    },
    particle_id: params.particleId,
    init_peer_id: params.initPeerId,
    service_id: params.serviceId,
    service_creator_peer_id: params.serviceCreatorPeerId,
    host_id: params.hostId,
    worker_id: params.workerId,
    tetraplets,
  };
}

/** A value of `type` cut from `from`: fields by name, anything missing as its type's zero. */
function shape(from: unknown, type: IType, types: readonly TypeEntry[]): unknown {
  if (typeof type === "string") {
    if (from !== undefined && from !== null) return from;
    switch (type) {
      case "string":
        return "";
      case "byte_array":
        return new Uint8Array(0);
      case "boolean":
        return false;
      case "s64":
      case "u64":
      case "i64":
        return 0n;
      default:
        return 0;
    }
  }
  if (isArrayType(type)) {
    if (type.array === "u8") return from instanceof Uint8Array ? from : new Uint8Array(0);
    return Array.isArray(from) ? from.map((item) => shape(item, type.array, types)) : [];
  }
  const record = types[type.record];
  const fields = (typeof from === "object" && from !== null ? from : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (record?.kind === "record") for (const f of record.fields) out[f.name] = shape(fields[f.name], f.type, types);
  return out;
}

export function callParametersRecord(params: CallParameters, recordId: number, types: readonly TypeEntry[]): unknown {
  return shape(source(params), { record: recordId }, types);
}
