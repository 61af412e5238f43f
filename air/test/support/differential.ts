// Differential runs: one scenario (a script over peers A, B, C with the same services) through the in-process
// network twice, once with the real AquaVM and once with our interpreter, recording every run on every peer.
import { expect } from "vitest";
import { decodeData, interpreterVm, type RunRecord, type Vm, type VmOutcome } from "../../src/index.ts";
import { sharedAquaVm } from "./aquavm.ts";
import { networkRun, PEERS, type Scenario } from "./peers.ts";

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

export function runScenario(vm: Vm, scenario: Scenario, trace: (data: Uint8Array) => unknown): unknown[] {
  const records = networkRun(vm, scenario);
  return records.map((r: RunRecord) =>
    named({
      peer: r.peer,
      retCode: r.retCode,
      nextPeers: r.nextPeers,
      callRequests: r.callRequests.map(([id, q]) => [id, q.serviceId, q.functionName, q.arguments, q.tetraplets]),
      trace: r.retCode === 0 || r.retCode >= 10000 ? trace(r.data) : undefined,
    }),
  );
}

/**
 * Both interpreters over one scenario: every run on every peer must agree, traces state by state (ours checked
 * against its own full replay on the way).
 */
export function expectAgreement(scenario: Scenario) {
  const theirs = runScenario(aquavm.asVm, scenario, (data) =>
    data.length === 0 ? [] : (aquavm.decode(data) as { data: { trace: unknown[] } }).data.trace,
  );
  const ours = runScenario(replayCheckedVm, scenario, (data) => decodeData(data).trace);
  expect(ours).toEqual(theirs);
  return theirs;
}
