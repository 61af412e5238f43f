// Effectors: host binaries a module may run, as Marine's mounted binaries are (an import `host.<name>` taking the
// command line as a list of strings and answering a MountedBinaryResult record). Only an effector granted to the
// module's CID in the service config is linked; a module that imports any other is refused when it loads.
import { spawnSync } from "node:child_process";

export interface Effector {
  /** The host binary to run. */
  readonly binary: string;
  /** The CIDs of the modules allowed to run it. */
  readonly grantedTo: readonly string[];
  /** Milliseconds one run may take before it is stopped; default 10 000. */
  readonly timeoutMs?: number;
}

export interface EffectorResult {
  readonly ret_code: number;
  readonly error: string;
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
}

/** Runs the binary with the arguments as they are (no shell). */
export function runEffector(effector: Effector, args: readonly string[]): EffectorResult {
  const run = spawnSync(effector.binary, args, {
    timeout: effector.timeoutMs ?? 10_000,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const error = run.error ? run.error.message : run.signal ? `stopped by ${run.signal}` : "";
  return {
    ret_code: run.status ?? -1,
    error,
    stdout: new Uint8Array(run.stdout ?? new Uint8Array(0)),
    stderr: new Uint8Array(run.stderr ?? new Uint8Array(0)),
  };
}
