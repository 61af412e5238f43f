// The differential suite's network without vitest, for the tests and for `npm run bench:air`: three peers A, B and
// C with real Ed25519 keys, the services every peer offers, and a scenario run end to end on an in-process network.
import {
  type CallRequest,
  type Json,
  keyPairFromSeed,
  Network,
  type RunRecord,
  type ServiceFunction,
  type Vm,
} from "../../src/index.ts";

export const PEERS = ["A", "B", "C"].map((name, i) => ({
  name,
  keys: keyPairFromSeed(new Uint8Array(32).fill(i + 1)),
}));
const idOf = new Map(PEERS.map((p) => [p.name, p.keys.peerId]));

/** `@A` in a script is peer A's id as a literal. */
export const withPeers = (script: string) => script.replace(/@([ABC])\b/g, (_, n: string) => `"${idOf.get(n)}"`);

/**
 * The services every peer offers: `arr` answers [1, 2, 3], `id` its first argument, `fail*` fails with "boom",
 * `bad` answers text that is not JSON, `obj` an object, anything else "<function>@<peer>".
 */
export const defaultService: ServiceFunction = (
  request: CallRequest,
  peer: string,
): { retCode: number; result: Json } => {
  const fn = request.functionName;
  if (fn.startsWith("fail")) return { retCode: 5, result: "boom" };
  if (fn === "arr") return { retCode: 0, result: [1, 2, 3] };
  if (fn === "id") return { retCode: 0, result: (request.arguments[0] ?? null) as Json };
  if (fn === "obj") return { retCode: 0, result: { a: [10, 20], b: { c: "d" }, n: 1 } };
  if (fn === "error") return { retCode: 0, result: { error_code: 7, message: "mine", extra: true } };
  return { retCode: 0, result: `${fn}@${peer}` };
};

export interface Scenario {
  name: string;
  script: string;
  init?: string;
  services?: ServiceFunction;
}

export const TIMESTAMP = 1_795_000_000_000;

/** Every run on every peer of `scenario`'s particle (id `id`), on a fresh network of the three peers. */
export function networkRun(vm: Vm, scenario: Scenario, id = "particle-1"): RunRecord[] {
  const network = new Network(vm, { fallback: scenario.services ?? defaultService, now: () => TIMESTAMP });
  for (const p of PEERS) network.addPeer(p.name, p.keys);
  return network.run(
    { id, script: withPeers(scenario.script), initPeer: scenario.init ?? "A", timestamp: TIMESTAMP, ttl: 60_000 },
    200,
  );
}
