// `npm run bench:runtime`, two figures measured in the same run:
// - runtime_echo_call: a string echo through a service of this runtime (arguments checked, Marine's adapter run,
//   fuel metered) beside a direct WebAssembly call of the same module doing the same ABI work by hand (allocate,
//   copy, call, read the result pointer and size, decode, release). Target: ratio >= 0.33.
// - runtime_avm_invoke: AquaVM (avm.wasm) invocations through this runtime beside @fluencelabs/marine-js, driven the
//   same way: whole particles of ten sequential local calls (11 invocations each, the data growing with each
//   result), every call request answered at once. Target: ratio >= 2.
import { Runtime } from "../src/index.ts";
import type { Value } from "../src/index.ts";
import { decodeOutcome, invokeArguments, ourAvm, peer, referenceAvm } from "../test/support/avm.ts";
import { marineModule } from "../test/support/wat.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

/** Calls per second over about SECONDS seconds, after a warm-up. */
function rate(call: () => void, warmup = 1000, batch = 100): number {
  for (let i = 0; i < warmup; i++) call();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    for (let i = 0; i < batch; i++) call();
    n += batch;
    elapsed = performance.now() - start;
  }
  return n / (elapsed / 1000);
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toString() : n.toFixed(1));

function echoBench(): void {
  // release_objects resets the bump allocator: arguments and results live only for one call
  const bytes = marineModule(
    `(func (export "echo") (param i32 i32) (call $set_result_ptr (local.get 0)) (call $set_result_size (local.get 1)))`,
    { functions: [{ name: "echo", arguments: [{ name: "text", type: "string" }], output: "string" }] },
    { resetOnRelease: true },
  );
  const text = "an echo of about forty bytes, é ✓ 🚀";

  const runtime = new Runtime();
  const service = runtime.createService("echo", {
    modules: [{ name: "echo", cid: runtime.store.put(bytes) }],
    fuel_per_call: 1_000_000,
    total_memory_limit: "16 MiB",
  });
  const ours = rate(() => {
    if (service.call("echo", [text]) !== text) throw new Error("echo failed");
  });

  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
  const x = instance.exports as {
    memory: WebAssembly.Memory;
    allocate(size: number, tag: number): number;
    echo(ptr: number, len: number): void;
    get_result_ptr(): number;
    get_result_size(): number;
    release_objects(): void;
  };
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const direct = rate(() => {
    const length = Buffer.byteLength(text);
    const ptr = x.allocate(length, 1);
    encoder.encodeInto(text, new Uint8Array(x.memory.buffer, ptr, length));
    x.echo(ptr, length);
    const at = x.get_result_ptr();
    const answer = decoder.decode(new Uint8Array(x.memory.buffer, at, x.get_result_size()));
    x.release_objects();
    if (answer !== text) throw new Error("direct echo failed");
  });
  console.log(`BENCH runtime_echo_call ${fmt(ours)} calls/s ref=${fmt(direct)} ratio=${(ours / direct).toFixed(2)}`);
}

/** Runs one particle of `script` on one peer to its end, answering every call request; answers the invocations. */
function particle(avm: { call(fn: string, args: Value[]): unknown }, script: string): number {
  const alice = peer(1);
  let prevData: Uint8Array | undefined;
  let callResults: [number, { retCode: number; result: string }][] = [];
  for (let invocations = 1; invocations < 100; invocations++) {
    const outcome = decodeOutcome(
      avm.call("invoke", invokeArguments({ script, peer: alice, initPeerId: alice.peerId, prevData, callResults })),
    );
    if (outcome.retCode !== 0) throw new Error(`AquaVM failed: ${outcome.errorMessage}`);
    if (outcome.callRequests.length === 0) return invocations;
    prevData = Uint8Array.from(outcome.data);
    callResults = outcome.callRequests.map(([id]) => [Number(id), { retCode: 0, result: '"a value"' }]);
  }
  throw new Error("the particle did not finish");
}

async function avmBench(): Promise<void> {
  // a particle of ten sequential local calls: 11 invocations, the data growing with each result
  const calls = Array.from({ length: 10 }, (_, i) => `(call %init_peer_id% ("svc" "f${i}") ["arg"] x${i})`);
  const script = calls.reduceRight((rest, call) => `(seq ${call} ${rest})`);
  const ours = ourAvm(new Runtime(), { fuel: 10_000_000_000 });
  const reference = await referenceAvm();
  const invocationsPerSecond = (avm: Parameters<typeof particle>[0]) => {
    const invocations = particle(avm, script);
    return rate(() => particle(avm, script), 2, 1) * invocations;
  };
  const oursRate = invocationsPerSecond(ours);
  const referenceRate = invocationsPerSecond(reference);
  console.log(
    `BENCH runtime_avm_invoke ${fmt(oursRate)} invocations/s ref=${fmt(referenceRate)} ratio=${(oursRate / referenceRate).toFixed(2)}`,
  );
}

echoBench();
await avmBench();
