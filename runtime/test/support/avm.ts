// AquaVM (avm.wasm from @fluencelabs/avm) run two ways for the conformance tests and the benchmark: as a service of
// this runtime, and through @fluencelabs/marine-js (the reference Marine in JavaScript). Both take the arguments
// @fluencelabs/avm's serializeAvmArgs writes and answer InterpreterOutcome as JSON.
import { createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { deserializeAvmResult, KeyPairFormat, serializeAvmArgs } from "@fluencelabs/avm";
import { MarineService } from "@fluencelabs/marine-js/MarineService";
import { base58btc } from "multiformats/bases/base58";
import { Runtime, type Service, type Value } from "../../src/index.ts";

const require = createRequire(import.meta.url);
export const avmPath = require.resolve("@fluencelabs/avm/dist/avm.wasm");
export const avmBytes = (): Uint8Array => new Uint8Array(readFileSync(avmPath));

export interface Peer {
  readonly peerId: string;
  readonly secretKey: Uint8Array;
}

/** An Ed25519 peer from a one-byte seed: its libp2p peer id (identity multihash of the protobuf public key). */
export function peer(seedByte: number): Peer {
  const seed = new Uint8Array(32).fill(seedByte);
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const publicKey = createPublicKey(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }))
    .export({ format: "der", type: "spki" })
    .subarray(-32);
  const protobuf = Buffer.concat([Buffer.from([0x08, 0x01, 0x12, 0x20]), publicKey]);
  const multihash = Buffer.concat([Buffer.from([0x00, protobuf.length]), protobuf]);
  return { peerId: base58btc.encode(multihash).slice(1), secretKey: seed };
}

export interface Run {
  readonly script: string;
  readonly peer: Peer;
  readonly initPeerId: string;
  readonly prevData?: Uint8Array;
  readonly data?: Uint8Array;
  readonly callResults?: [number, { retCode: number; result: string }][];
}

/** invoke's arguments as serializeAvmArgs writes them, with hard_limit_enabled a boolean (its type in avm.wasm). */
export function invokeArguments(run: Run): Value[] {
  const args = serializeAvmArgs(
    {
      initPeerId: run.initPeerId,
      currentPeerId: run.peer.peerId,
      keyFormat: KeyPairFormat.Ed25519,
      secretKeyBytes: run.peer.secretKey,
      timestamp: 1_795_000_000_000,
      ttl: 60_000,
      particleId: "particle-1",
    },
    run.script,
    run.prevData ?? new Uint8Array(),
    run.data ?? new Uint8Array(),
    run.callResults ?? [],
  ) as Value[];
  const params = args[3] as Record<string, Value>;
  params.hard_limit_enabled = false;
  return args;
}

export type Outcome = ReturnType<typeof deserializeAvmResult>;
export const decodeOutcome = (raw: unknown): Outcome => deserializeAvmResult(raw);

/** AquaVM as a service of this runtime. */
export function ourAvm(runtime = new Runtime(), options: { fuel?: number } = {}): Service {
  const cid = runtime.store.put(avmBytes());
  const id = `avm-${runtime.serviceIds().length}`;
  return runtime.createService(id, {
    modules: [{ name: "avm", cid, wasi: { envs: { WASM_LOG: "off" } } }],
    total_memory_limit: "1 GiB",
    ...(options.fuel ? { fuel_per_call: options.fuel } : {}),
  });
}

export interface ReferenceAvm {
  call(fn: string, args: Value[]): unknown;
}

/** AquaVM through marine-js. */
export async function referenceAvm(): Promise<ReferenceAvm> {
  const control = new WebAssembly.Module(readFileSync(require.resolve("@fluencelabs/marine-js/dist/marine-js.wasm")));
  const service = new MarineService(
    control,
    "avm",
    () => {},
    {
      modules_config: [
        {
          import_name: "avm",
          config: {
            logger_enabled: true,
            logging_mask: 0,
            wasi: { envs: { WASM_LOG: "off" }, preopened_files: new Set(), mapped_dirs: new Map() },
          },
        },
      ],
    },
    { avm: avmBytes() },
  );
  await service.init();
  const params = {
    particle: { id: "", init_peer_id: "", timestamp: 0, ttl: 0, script: "", signature: [], token: "" },
    service_id: "",
    service_creator_peer_id: "",
    host_id: "",
    worker_id: "",
    tetraplets: [],
  };
  return { call: (fn, args) => service.call(fn, args as never, params) };
}
