// Runs the CLI in-process with its own environment and captures what it prints, the way a shell would see it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hex } from "viem";
import { inject } from "vitest";
import { main } from "../../../src/cli/main.ts";
import type { TestChain } from "../../support/chain.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `cloudless <args>` with exactly `env` (nothing from the test process) and `cwd`. */
export async function runCli(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "cloudless", ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    cwd,
  });
  return { code, stdout, stderr };
}

export interface RunOptions {
  /** Sign with anvil's account `signer` (CLOUDLESS_PRIVATE_KEY). */
  signer?: number;
  env?: Record<string, string | undefined>;
}

export interface CliHarness {
  /** A scratch directory: the CLI's cwd, holding the deployment record and any files a test writes. */
  dir: string;
  deploymentFile: string;
  run(args: string[], options?: RunOptions): Promise<CliRun>;
  /** Runs with --json, expects exit 0 and an empty stderr, and returns the parsed stdout. */
  json<T = Record<string, unknown>>(args: string[], options?: RunOptions): Promise<T>;
}

/** The CLI pointed at `chain` through CLOUDLESS_RPC and CLOUDLESS_DEPLOYMENT. */
export function cliFor(chain: TestChain): CliHarness {
  const dir = mkdtempSync(join(tmpdir(), "cloudless-cli-"));
  const deploymentFile = join(dir, "deployment.json");
  writeFileSync(deploymentFile, inject("deploymentJson"));
  const envFor = (options: RunOptions) => ({
    CLOUDLESS_RPC: chain.rpcUrl,
    CLOUDLESS_DEPLOYMENT: deploymentFile,
    ...(options.signer === undefined ? {} : { CLOUDLESS_PRIVATE_KEY: chain.key(options.signer) as Hex }),
    ...options.env,
  });
  const run = (args: string[], options: RunOptions = {}) => runCli(args, envFor(options), dir);
  return {
    dir,
    deploymentFile,
    run,
    async json<T>(args: string[], options: RunOptions = {}) {
      const result = await run([...args, "--json"], options);
      if (result.code !== 0) throw new Error(`cloudless ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
      // --json keeps stderr for errors only: no progress lines
      if (result.stderr) throw new Error(`cloudless ${args.join(" ")} --json wrote to stderr: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    },
  };
}
