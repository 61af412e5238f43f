// The differential suite's network without vitest, for the tests and for `npm run bench:air`: three peers A, B and
// C with real Ed25519 keys, the services every peer offers, and a scenario run end to end on an in-process network.
import {
  type CallRequest,
  type Json,
  keyPairFromSeed,
  Network,
  type NetworkOptions,
  type RunRecord,
  type ServiceFunction,
  type Vm,
} from "../../src/index.ts";

export const PEERS = ["A", "B", "C"].map((name, i) => ({
  name,
  keys: keyPairFromSeed(new Uint8Array(32).fill(i + 1)),
}));
const idOf = new Map(PEERS.map((p) => [p.name, p.keys.peerId]));

/** `@A` in a script is peer A's id as a literal (not inside a word: "f@A" stays as it is). */
export const withPeers = (script: string) => script.replace(/(?<!\w)@([ABC])\b/g, (_, n: string) => `"${idOf.get(n)}"`);

/**
 * The services every peer offers: `arr` answers [1, 2, 3], `range` [0, 1, ... n-1] for its argument n, `id` its
 * first argument, `fail*` fails with "boom", `obj` an object, `numbers` one whose keys and numbers JSON writes
 * otherwise than serde_json, `error` an error object, anything else
 * "<function>@<peer>" (the network sends every answer as JSON).
 */
export const defaultService: ServiceFunction = (
  request: CallRequest,
  peer: string,
): { retCode: number; result: Json } => {
  const fn = request.functionName;
  if (fn.startsWith("fail")) return { retCode: 5, result: "boom" };
  if (fn === "arr") return { retCode: 0, result: [1, 2, 3] };
  if (fn === "range") return { retCode: 0, result: Array.from({ length: Number(request.arguments[0]) }, (_, i) => i) };
  if (fn === "id") return { retCode: 0, result: (request.arguments[0] ?? null) as Json };
  if (fn === "obj") return { retCode: 0, result: { a: [10, 20], b: { c: "d" }, n: 1 } };
  if (fn === "numbers")
    return { retCode: 0, result: { "\u{1F600}": 1e21, "\uE000": 1.5e-7, z: [0.001, 100.5, 2 ** 64] } };
  if (fn === "error") return { retCode: 0, result: { error_code: 7, message: "mine", extra: true } };
  return { retCode: 0, result: `${fn}@${peer}` };
};

export interface Scenario {
  name: string;
  script: string;
  /** The script is one AquaVM refuses to parse: the scenario checks that both refuse it. */
  refused?: boolean;
  init?: string;
  services?: ServiceFunction;
}

export const TIMESTAMP = 1_795_000_000_000;

export interface RunOptions {
  /** Sees every hop and gives what arrives (a hostile peer or link). */
  intercept?: NetworkOptions["intercept"];
  /** At most this many runs (default 200), then the network stops with an error. */
  maxRuns?: number;
  /** The particle's id (default "particle-1"). */
  id?: string;
}

/** Every run on every peer of `scenario`'s particle, on a fresh network of the three peers. */
export function networkRun(vm: Vm, scenario: Scenario, options: RunOptions = {}): RunRecord[] {
  const network = new Network(vm, {
    fallback: scenario.services ?? defaultService,
    now: () => TIMESTAMP,
    intercept: options.intercept,
  });
  for (const p of PEERS) network.addPeer(p.name, p.keys);
  return network.run(
    {
      id: options.id ?? "particle-1",
      script: withPeers(scenario.script),
      initPeer: scenario.init ?? "A",
      timestamp: TIMESTAMP,
      ttl: 60_000,
    },
    options.maxRuns ?? 200,
  );
}
