// `npm run bench:air`: particles per second through our interpreter beside the real AquaVM (avm.wasm through
// node:wasi), driven the same way in the same run: one peer runs the particle, answers every call request at once,
// and runs again until nothing is asked. Prints a BENCH line per case, then the cost per call of seq100 against
// seq10 (the target: at most twice). BENCH_SECONDS (default 3) is each interpreter's measuring time per case.
//
// air_scenarios is everyday particles instead: every scenario of the differential suite (small scripts over three
// peers with real Ed25519 keys, as Aqua programs make them) run end to end through the in-process network, each
// particle with an id of its own. Its rate is particles per second of the CPU time spent inside the interpreter's
// calls (everything a peer's interpreter does: decoding, checking signatures, running, signing, encoding; the
// process's CPU time, so the garbage collector's and compiler's threads count too), not of the whole network run:
// the network's own work (signing the particle at its init peer, checking it on arrival, answering calls,
// queueing) is the same code for both interpreters, and counting it would only pull the ratio towards 1. CPU time
// rather than elapsed time, because on a machine shared with other jobs a call's elapsed time includes the time
// the process waited for a core. The whole network's elapsed-time rate is printed beside it.
import { interpreterVm, keyPairFromSeed, type Vm } from "../src/index.ts";
import { sharedAquaVm } from "../test/support/aquavm.ts";
import { networkRun } from "../test/support/peers.ts";
import { SCENARIOS } from "../test/support/scenarios.ts";

const keys = keyPairFromSeed(new Uint8Array(32).fill(1));
const call = (n: number, out: string) => `(call %init_peer_id% ("s" "f${n}") [] ${out})`;
const seqOf = (parts: string[]): string =>
  parts.length === 1 ? parts[0]! : `(seq ${parts[0]} ${seqOf(parts.slice(1))})`;
const parOf = (parts: string[]): string =>
  parts.length === 1 ? parts[0]! : `(par ${parts[0]} ${parOf(parts.slice(1))})`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const CASES = {
  air_seq10: { calls: 10, script: seqOf(range(10).map((i) => call(i, `x${i}`))) },
  air_par10: {
    calls: 11,
    script: `(seq ${parOf(range(10).map((i) => call(i, "$s")))} (seq (canon %init_peer_id% $s #c) (call %init_peer_id% ("s" "done") [#c])))`,
  },
  air_seq100: { calls: 100, script: seqOf(range(100).map((i) => call(i, `x${i}`))) },
  air_fold1000: {
    calls: 1001,
    script: `(seq (call %init_peer_id% ("s" "arr") [] arr) (fold arr i (par (call %init_peer_id% ("s" "f") [i]) (next i))))`,
  },
};
const ARRAY = JSON.stringify(range(1000));

function particle(vm: Vm, script: string, id: number) {
  const params = {
    initPeerId: keys.peerId,
    currentPeerId: keys.peerId,
    timestamp: 1_795_000_000_000,
    ttl: 60_000,
    particleId: `p${id}`,
  };
  let prevData: Uint8Array = new Uint8Array();
  let callResults: [number, { retCode: number; result: string }][] = [];
  for (let round = 0; round < 1000; round++) {
    const out = vm({ script, prevData, currentData: new Uint8Array(), params, keys, callResults });
    if (out.retCode !== 0) throw new Error(`ret code ${out.retCode}: ${out.errorMessage}`);
    prevData = out.data;
    if (out.callRequests.length === 0) return;
    callResults = out.callRequests.map(([n, r]) => [
      n,
      { retCode: 0, result: r.functionName === "arr" ? ARRAY : '"v"' },
    ]);
  }
  throw new Error("the particle did not finish");
}

/** Runs particles for at least `ms` milliseconds (and at least one); the rate in particles per second. */
function slice(vm: Vm, script: string, ms: number, first: number): number {
  const start = performance.now();
  let n = 0;
  do particle(vm, script, first + n++);
  while (performance.now() - start < ms);
  return n / ((performance.now() - start) / 1000);
}

/** Each interpreter's CPU time and elapsed time inside its calls, in microseconds, since they were last reset. */
const inside = new Map<Vm, { cpu: number; elapsed: number }>();
const timed =
  (vm: Vm): Vm =>
  (input) => {
    const start = process.cpuUsage();
    const started = performance.now();
    try {
      return vm(input);
    } finally {
      const spent = process.cpuUsage(start);
      const total = inside.get(vm)!;
      total.elapsed += (performance.now() - started) * 1000;
      total.cpu += spent.user + spent.system;
    }
  };

/**
 * Runs every scenario, over and over, for at least `ms` milliseconds (and at least once each): the particles per
 * second of CPU time inside `vm`, of elapsed time inside it, and of the whole network's elapsed time.
 */
function scenarioSlice(vm: Vm, ms: number, first: number): [number, number, number] {
  const run = timed(vm);
  const total = { cpu: 0, elapsed: 0 };
  inside.set(vm, total);
  const start = performance.now();
  let n = 0;
  do for (const scenario of SCENARIOS) networkRun(run, scenario, { id: `p${first + n++}` });
  while (performance.now() - start < ms);
  return [n / (total.cpu / 1e6), n / (total.elapsed / 1e6), n / ((performance.now() - start) / 1000)];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const SLICES = 9;
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const VMS: [string, Vm][] = [
  ["ours", interpreterVm],
  ["AquaVM", sharedAquaVm().asVm],
];
const cases = Object.entries(CASES);

// Every case on both interpreters warms up for a quarter of the measuring time, so that both are measured compiled
// (JavaScript by V8's optimising tier, avm.wasm by the optimising WebAssembly tier). Then all of them take turns in
// SLICES slices, and each one's rate is the median of its slices: this machine's speed changes over seconds (other
// work, a virtual machine's host), and taking turns puts every figure, and both sides of every ratio (the growth
// per call included), under the same changes. The scenarios warm up for the whole measuring time: V8 takes longer
// to compile the paths of 251 scripts than of one, on other threads, whose CPU time a scenario slice counts (after
// a quarter of the time, our CPU time inside the calls was still 10-15% over the elapsed time; after all of it, not).
for (const [, { script }] of cases) for (const [, vm] of VMS) slice(vm, script, (seconds * 1000) / 4, -1e6);
for (const [, vm] of VMS) scenarioSlice(vm, seconds * 1000, -1e6);
const slices = cases.map(() => VMS.map((): number[] => []));
const scenarioSlices = VMS.map((): [number, number, number][] => []);
for (let i = 0; i < SLICES; i++) {
  cases.forEach(([, { script }], c) =>
    VMS.forEach(([, vm], v) => slices[c]![v]!.push(slice(vm, script, (seconds * 1000) / SLICES, i * 1e6))),
  );
  VMS.forEach(([, vm], v) => scenarioSlices[v]!.push(scenarioSlice(vm, (seconds * 1000) / SLICES, i * 1e6)));
}

const lines: string[] = [];
const perCall: Record<string, number> = {};
cases.forEach(([name, { calls }], c) => {
  const [ours, theirs] = slices[c]!.map(median) as [number, number];
  perCall[name] = 1e6 / ours / calls;
  console.log(
    `${name}: ours ${ours.toFixed(1)} particles/s, AquaVM ${theirs.toFixed(1)} particles/s, ${(ours / theirs).toFixed(1)}x`,
  );
  lines.push(
    `BENCH ${name} ${ours.toFixed(1)} particles/s ref=${theirs.toFixed(1)} ratio=${(ours / theirs).toFixed(2)}`,
  );
});
{
  const [ours, theirs] = scenarioSlices.map((s) => [0, 1, 2].map((k) => median(s.map((rates) => rates[k]!)))) as [
    number[],
    number[],
  ];
  const rates = (k: number) =>
    `ours ${ours[k]!.toFixed(1)}, AquaVM ${theirs[k]!.toFixed(1)} particles/s, ${(ours[k]! / theirs[k]!).toFixed(1)}x`;
  console.log(
    `air_scenarios (${SCENARIOS.length} scenarios): CPU time inside the interpreter: ${rates(0)} (target >= 5); elapsed time inside it: ${rates(1)}; the whole network's elapsed time: ${rates(2)}`,
  );
  lines.push(
    `BENCH air_scenarios ${ours[0]!.toFixed(1)} particles/s ref=${theirs[0]!.toFixed(1)} ratio=${(ours[0]! / theirs[0]!).toFixed(2)}`,
  );
}
const growth = perCall.air_seq100! / perCall.air_seq10!;
console.log(
  `cost per call: seq10 ${perCall.air_seq10!.toFixed(1)} µs, seq100 ${perCall.air_seq100!.toFixed(1)} µs (${growth.toFixed(2)}x; target <= 2)`,
);
for (const line of lines) console.log(line);
