// The records of Marine's host API (version 3), as manifest records: what get_call_parameters answers and what an
// effector answers. The AssemblyScript build step adds them to every module's interface.
import type { Manifest } from "../it/manifest.ts";

export const HOST_API_RECORDS: NonNullable<Manifest["records"]> = [
  {
    name: "ParticleParameters",
    fields: [
      { name: "id", type: "string" },
      { name: "init_peer_id", type: "string" },
      { name: "timestamp", type: "u64" },
      { name: "ttl", type: "u32" },
      { name: "script", type: "string" },
      { name: "signature", type: "[]u8" },
      { name: "token", type: "string" },
    ],
  },
  {
    name: "SecurityTetraplet",
    fields: [
      { name: "peer_pk", type: "string" },
      { name: "service_id", type: "string" },
      { name: "function_name", type: "string" },
      { name: "lens", type: "string" },
    ],
  },
  {
    name: "CallParameters",
    fields: [
      { name: "particle", type: "ParticleParameters" },
      { name: "service_id", type: "string" },
      { name: "service_creator_peer_id", type: "string" },
      { name: "host_id", type: "string" },
      { name: "worker_id", type: "string" },
      { name: "tetraplets", type: "[][]SecurityTetraplet" },
    ],
  },
  {
    name: "MountedBinaryResult",
    fields: [
      { name: "ret_code", type: "s32" },
      { name: "error", type: "string" },
      { name: "stdout", type: "[]u8" },
      { name: "stderr", type: "[]u8" },
    ],
  },
];
