// Differential runs: one scenario (a script over peers A, B, C with the same services) through the in-process
// network twice, once with the real AquaVM and once with our interpreter, recording every run on every peer.
import { expect } from "vitest";
import {
  type CidInfo,
  decodeData,
  type InterpreterData,
  interpreterVm,
  type RunRecord,
  type Vm,
  type VmOutcome,
} from "../../src/index.ts";
import { sharedAquaVm } from "./aquavm.ts";
import { networkRun, PEERS, type RunOptions, type Scenario, withPeers } from "./peers.ts";

export { defaultService, PEERS, type Scenario, withPeers } from "./peers.ts";

const nameOf = new Map(PEERS.map((p) => [p.keys.peerId, p.name]));

/** Peer ids written back as names, so that failures read well. */
const named = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replace(/12D3KooW\w+/g, (id) => nameOf.get(id) ?? id));

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
  options: RunOptions = {},
): unknown[] {
  const records = networkRun(vm, scenario, options);
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
