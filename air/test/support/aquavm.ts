// The real AquaVM (avm.wasm from @fluencelabs/avm) as a test oracle, run through node:wasi.
// - `refusal(script)`: its parser (the `ast` export answers the tree as JSON, or "error: ..." for a refused script);
// - `invoke(...)`: one run of a particle on one peer, with its previous and current data and call results;
// - `decode(data)`: its data as JSON (its `to_human_readable_data` export).
// Marine's calling convention: strings and bytes are copied into the module's memory through allocate(len, 1);
// records are packed little-endian (u8/bool 1 byte, u32 4, u64 8, a string or bytes as (u32 offset, u32 length));
// an answer is read at get_result_ptr() (and get_result_size() for strings) before release_objects() frees it.
import { openSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { WASI } from "node:wasi";
import { type CallRequest, deserializeAvmResult, KeyPairFormat, serializeAvmArgs } from "@fluencelabs/avm";
import type { KeyPair, Vm } from "../../src/index.ts";

interface AvmExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  allocate(size: number, typeTag: number): number;
  ast(ptr: number, len: number): void;
  to_human_readable_data(ptr: number, len: number): void;
  invoke(
    air: number,
    airLen: number,
    prev: number,
    prevLen: number,
    data: number,
    dataLen: number,
    params: number,
    results: number,
    resultsLen: number,
  ): void;
  get_result_ptr(): number;
  get_result_size(): number;
  release_objects(): void;
}

export interface Invocation {
  script: string;
  keys: KeyPair;
  initPeerId: string;
  prevData?: Uint8Array;
  currentData?: Uint8Array;
  /** Results of earlier call requests, by request id: the service's ret code and its answer as JSON text. */
  callResults?: [number, { retCode: number; result: string }][];
  timestamp?: number;
  ttl?: number;
  particleId?: string;
}

export interface Outcome {
  retCode: number;
  errorMessage: string;
  data: Uint8Array;
  nextPeerPks: string[];
  callRequests: [number, CallRequest][];
}

export interface AquaVm {
  /** null when AquaVM parses the script, its error message otherwise. */
  refusal(script: string): string | null;
  invoke(run: Invocation): Outcome;
  /** AquaVM's data decoded to JSON: versions, trace, CID stores, signatures. */
  decode(data: Uint8Array): unknown;
  /** invoke, as the in-process network runs an interpreter. */
  asVm: Vm;
}

let shared: AquaVm | undefined;
/** One AquaVM for the whole process (instantiating avm.wasm takes a while). */
export const sharedAquaVm = (): AquaVm => (shared ??= loadAquaVm());

export function loadAquaVm(): AquaVm {
  const wasmPath = createRequire(import.meta.url).resolve("@fluencelabs/avm/dist/avm.wasm");
  const quiet = openSync("/dev/null", "w"); // AquaVM prints parse errors to stdout as well
  const wasi = new WASI({ version: "preview1", args: [], env: { WASM_LOG: "off" }, stdout: quiet, stderr: quiet });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {
    ...wasi.getImportObject(),
    __marine_host_api_v3: { log_utf8_string: () => {} },
  });
  const exports = instance.exports as unknown as AvmExports;
  // the module exports _start too, which node:wasi's initialize() refuses: hand it memory and _initialize only
  wasi.initialize({ exports: { memory: exports.memory, _initialize: exports._initialize } });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  const memory = () => new Uint8Array(exports.memory.buffer);
  const write = (bytes: Uint8Array): [number, number] => {
    if (bytes.length === 0) return [0, 0];
    const ptr = exports.allocate(bytes.length, 1) >>> 0;
    memory().set(bytes, ptr);
    return [ptr, bytes.length];
  };
  const read = (ptr: number, len: number) => memory().slice(ptr, ptr + len);

  /** RunParameters as a packed record (70 bytes), fields in AquaVM's order. */
  const runParameters = (p: Record<string, unknown>): number => {
    const parts: Buffer[] = [];
    const u8 = (v: number) => parts.push(Buffer.from([v]));
    const u32 = (v: number) => parts.push(Buffer.from(new Uint32Array([v]).buffer));
    const u64 = (v: number) => parts.push(Buffer.from(new BigUint64Array([BigInt(v)]).buffer));
    const bytes = (b: Uint8Array) => write(b).forEach(u32);
    const text = (t: string) => bytes(encoder.encode(t));
    text(p.init_peer_id as string);
    text(p.current_peer_id as string);
    u64(p.timestamp as number);
    u32(p.ttl as number);
    u8(p.key_format as number);
    bytes(Uint8Array.from(p.secret_key_bytes as number[]));
    text(p.particle_id as string);
    for (const limit of ["air_size_limit", "particle_size_limit", "call_result_size_limit"]) u64(Number(p[limit]));
    u8(0); // hard_limit_enabled: @fluencelabs/avm 0.62.0 passes a number here, js-client passes false
    return write(Buffer.concat(parts))[0];
  };

  /** InterpreterOutcome, lifted from its packed record. */
  const outcome = (ptr: number) => {
    const view = new DataView(exports.memory.buffer);
    let at = ptr;
    const u32 = () => ((at += 4), view.getUint32(at - 4, true));
    const slice = () => read(u32(), u32());
    const text = () => decoder.decode(slice());
    const retCode = Number(view.getBigInt64(at, true));
    at += 8;
    const errorMessage = text();
    const data = slice();
    const [listAt, count] = [u32(), u32()];
    const nextPeerPks = Array.from({ length: count }, (_, i) =>
      decoder.decode(read(view.getUint32(listAt + 8 * i, true), view.getUint32(listAt + 8 * i + 4, true))),
    );
    const callRequests = slice();
    return {
      ret_code: retCode,
      error_message: errorMessage,
      data: Array.from(data),
      next_peer_pks: nextPeerPks,
      call_requests: Array.from(callRequests),
    };
  };

  const aquavm: AquaVm = {
    asVm: ({ script, prevData, currentData, params, keys, callResults }) => {
      const out = aquavm.invoke({ script, keys, prevData, currentData, callResults, ...params });
      return { ...out, nextPeers: out.nextPeerPks };
    },

    invoke(run) {
      const [script, prev, data, params, results] = serializeAvmArgs(
        {
          initPeerId: run.initPeerId,
          currentPeerId: run.keys.peerId,
          keyFormat: KeyPairFormat.Ed25519,
          secretKeyBytes: run.keys.secretKey,
          timestamp: run.timestamp ?? 1_795_000_000_000,
          ttl: run.ttl ?? 60_000,
          particleId: run.particleId ?? "particle-1",
        },
        run.script,
        run.prevData ?? new Uint8Array(),
        run.currentData ?? new Uint8Array(),
        run.callResults ?? [],
      ) as [string, number[], number[], Record<string, unknown>, number[]];
      const [airPtr, airLen] = write(encoder.encode(script));
      const [prevPtr, prevLen] = write(Uint8Array.from(prev));
      const [dataPtr, dataLen] = write(Uint8Array.from(data));
      const paramsPtr = runParameters(params);
      const [resultsPtr, resultsLen] = write(Uint8Array.from(results));
      exports.invoke(airPtr, airLen, prevPtr, prevLen, dataPtr, dataLen, paramsPtr, resultsPtr, resultsLen);
      const lifted = outcome(exports.get_result_ptr() >>> 0);
      exports.release_objects();
      const answer = deserializeAvmResult(lifted);
      return {
        retCode: answer.retCode,
        errorMessage: answer.errorMessage,
        data: Uint8Array.from(answer.data),
        nextPeerPks: answer.nextPeerPks,
        callRequests: answer.callRequests.map(([id, request]) => [Number(id), request]),
      };
    },

    decode(data) {
      const [ptr, len] = write(data);
      exports.to_human_readable_data(ptr, len);
      const at = exports.get_result_ptr() >>> 0;
      const text = decoder.decode(read(at, exports.get_result_size() >>> 0));
      exports.release_objects();
      return JSON.parse(text);
    },

    refusal(script) {
      const bytes = encoder.encode(script);
      const ptr = exports.allocate(bytes.length, 1) >>> 0;
      new Uint8Array(exports.memory.buffer).set(bytes, ptr);
      exports.ast(ptr, bytes.length);
      const at = exports.get_result_ptr() >>> 0;
      const answer = decoder.decode(new Uint8Array(exports.memory.buffer, at, exports.get_result_size() >>> 0));
      exports.release_objects();
      return answer.startsWith("error") ? answer : null;
    },
  };
  return aquavm;
}
