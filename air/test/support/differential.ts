// Differential runs: one scenario (a script over peers A, B, C with the same services) through the in-process
// network twice, once with the real AquaVM and once with our interpreter, recording every run on every peer.
import { expect } from "vitest";
import {
  type CallRequest,
  type CidInfo,
  decodeData,
  type InterpreterData,
  interpreterVm,
  type Json,
  keyPairFromSeed,
  Network,
  type NetworkOptions,
  type RunRecord,
  type ServiceFunction,
  type Vm,
  type VmOutcome,
} from "../../src/index.ts";
import { sharedAquaVm } from "./aquavm.ts";

export const PEERS = ["A", "B", "C"].map((name, i) => ({
  name,
  keys: keyPairFromSeed(new Uint8Array(32).fill(i + 1)),
}));
const idOf = new Map(PEERS.map((p) => [p.name, p.keys.peerId]));
const nameOf = new Map(PEERS.map((p) => [p.keys.peerId, p.name]));

/** `@A` in a script is peer A's id as a literal (not inside a word: "f@A" stays as it is). */
export const withPeers = (script: string) => script.replace(/(?<!\w)@([ABC])\b/g, (_, n: string) => `"${idOf.get(n)}"`);

/** Peer ids written back as names, so that failures read well. */
const named = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replace(/12D3KooW\w+/g, (id) => nameOf.get(id) ?? id));

/**
 * The services every peer offers: `arr` answers [1, 2, 3], `range` [0, 1, ... n-1] for its argument n, `id` its
 * first argument, `fail*` fails with "boom", `obj` an object, `error` an error object, anything else
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

const aquavm = sharedAquaVm();

/** The outcome with its data as text, or "unchanged" when it is the data the run was given. */
const shown = (out: VmOutcome, given: Uint8Array) => ({
  ...out,
  data: out.data === given ? "unchanged" : Buffer.from(out.data).toString(),
});

/**
 * Our interpreter, every run checked against a full replay: the same run on the same data read afresh (a space
 * added, so that the data cache, and any checkpoint kept with it, cannot answer) must have the same outcome,
 * whether or not the run itself resumed from a checkpoint.
 */
export const replayCheckedVm: Vm = (input) => {
  const prev = input.prevData;
  const padded = new Uint8Array(prev.length === 0 ? 0 : prev.length + 1);
  if (prev.length > 0) {
    padded.set(prev);
    padded[prev.length] = 0x20;
  }
  const replayed = interpreterVm({ ...input, prevData: padded });
  const out = interpreterVm(input);
  expect(shown(out, prev)).toEqual(shown(replayed, padded));
  return out;
};

export interface Scenario {
  name: string;
  script: string;
  /** The script is one AquaVM refuses to parse: the scenario checks that both refuse it. */
  refused?: boolean;
  init?: string;
  services?: ServiceFunction;
}

const TIMESTAMP = 1_795_000_000_000;

/** A message's list of unprocessed call results (`{"7": CallServiceResult { ... }, ...}`) in call id order. */
function sortedCallResults(message: string): string {
  return message.replace(/`\{(.*)\}`/, (_, list: string) => {
    const entries = list.match(/"\d+": CallServiceResult \{ ret_code: -?\d+, result: "(?:[^"\\]|\\.)*" \}/g) ?? [];
    return `\`{${entries.sort((a, b) => parseInt(a.slice(1)) - parseInt(b.slice(1))).join(", ")}}\``;
  });
}

export function runScenario(
  vm: Vm,
  scenario: Scenario,
  trace: (data: Uint8Array) => unknown,
  options: { intercept?: NetworkOptions["intercept"]; maxRuns?: number } = {},
): unknown[] {
  const network = new Network(vm, {
    fallback: scenario.services ?? defaultService,
    now: () => TIMESTAMP,
    intercept: options.intercept,
  });
  for (const p of PEERS) network.addPeer(p.name, p.keys);
  const records = network.run(
    {
      id: "particle-1",
      script: withPeers(scenario.script),
      initPeer: scenario.init ?? "A",
      timestamp: TIMESTAMP,
      ttl: 60_000,
    },
    options.maxRuns ?? 200,
  );
  return records.map((r: RunRecord) =>
    named({
      peer: r.peer,
      retCode: r.retCode,
      // A run that ends in an error of the script (10000 and up) is compared with its message, exactly: ours are
      // AquaVM's texts, Rust debug dumps of trace states included. Refusals before the script runs (1-10: a script
      // that does not parse, malformed data...) are compared by code only: AquaVM's parser renders its errors with
      // source excerpts of its own. AquaVM writes a Rust HashMap (unprocessed call results, a fold's resolved lore)
      // in an order of its own: the unprocessed call results are compared sorted; no scenario reaches the lore.
      errorMessage: r.retCode >= 10000 ? sortedCallResults(r.errorMessage) : undefined,
      nextPeers: r.nextPeers,
      callRequests: r.callRequests.map(([id, q]) => [id, q.serviceId, q.functionName, q.arguments, q.tetraplets]),
      trace: r.retCode === 0 || r.retCode >= 10000 ? trace(r.data) : undefined,
    }),
  );
}

/** The CIDs each store holds, sorted: data must keep what its trace points to, and nothing else. */
const storedCids = (info: CidInfo) =>
  Object.fromEntries(
    Object.entries(info)
      .filter(([, store]) => Object.keys(store).length > 0)
      .map(([name, store]) => [name, Object.keys(store).sort()]),
  );

/**
 * Both interpreters over one scenario: every run on every peer must agree, error messages word for word, traces
 * state by state and the CIDs stored (ours checked against its own full replay on the way).
 */
export function expectAgreement(scenario: Scenario) {
  // a scenario AquaVM cannot parse compares two refusals and nothing else: it must say so
  expect(aquavm.refusal(withPeers(scenario.script)) !== null, "AquaVM refuses the script").toBe(!!scenario.refused);
  const theirs = runScenario(aquavm.asVm, scenario, (data) => {
    if (data.length === 0) return { trace: [], stores: {} };
    const { trace, cid_info } = (aquavm.decode(data) as { data: Pick<InterpreterData, "trace" | "cid_info"> }).data;
    return { trace, stores: storedCids(cid_info) };
  });
  const ours = runScenario(replayCheckedVm, scenario, (data) => {
    const { trace, cid_info } = decodeData(data);
    return { trace, stores: storedCids(cid_info) };
  });
  expect(ours).toEqual(theirs);
  return theirs;
}
