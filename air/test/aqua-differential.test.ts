// AIR that Aqua's compiler writes, run over the three-peer network by AquaVM and by ours: every run on every peer
// must agree. The services answer as a client and a store would.
import { compileFromString } from "@fluencelabs/aqua-api";
import { beforeAll, describe, expect, it } from "vitest";
import type { CallRequest, Json, ServiceFunction } from "../src/index.ts";
import { PROGRAMS, SERVICE } from "./support/aqua-programs.ts";
import { defaultService, expectAgreement, PEERS } from "./support/differential.ts";

const [A, B, C] = PEERS.map((p) => p.keys.peerId) as [string, string, string];

/** The arguments a client hands in (getDataSrv), the store's answers, and the client's callbacks. */
const ARGUMENTS: Record<string, Json> = { "-relay-": A, peer: B, relay: C, peers: [B, C], maybe: [] };

const services: ServiceFunction = (request: CallRequest, peer: string) => {
  const { serviceId, functionName } = request;
  if (serviceId === "getDataSrv") return { retCode: 0, result: ARGUMENTS[functionName] ?? null };
  if (serviceId === "store") {
    const answers: Record<string, Json> = { get: `got@${peer}`, getAll: ["a", "b", "c"], count: 3, put: null };
    return { retCode: 0, result: answers[functionName] ?? null };
  }
  if (serviceId === "callbackSrv" || serviceId === "errorHandlingSrv") return { retCode: 0, result: null };
  return defaultService(request, peer);
};

describe("differential: Aqua's AIR on AquaVM and on ours", () => {
  const scripts = new Map<string, string>();
  beforeAll(async () => {
    for (const [name, body] of Object.entries(PROGRAMS)) {
      const compiled = await compileFromString({ code: `aqua P\n\nexport f\n${SERVICE}${body}`, noRelay: true });
      expect(compiled.errors).toEqual([]);
      scripts.set(name, compiled.functions.f!.script);
    }
  }, 120_000);

  it.each(Object.keys(PROGRAMS))("%s", (name) => {
    const runs = expectAgreement({ name, script: scripts.get(name)!, services });
    expect(runs.length).toBeGreaterThan(1);
  });
});
