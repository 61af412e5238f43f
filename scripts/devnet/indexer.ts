// Runs the indexer (indexer/, Ponder) next to the devnet: a fresh PGlite database per run, since every devnet run
// starts from an empty chain, on 127.0.0.1 only.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { portFree, PortInUseError, repoRoot } from "../../sdk/src/devnet/anvil.ts";
import { RpcError } from "../../sdk/src/errors.ts";

export interface IndexerProcess {
  url: string;
  graphqlUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 90_000;

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new RpcError(`the indexer exited with code ${child.exitCode}`, {
        details: output().trim().split("\n").slice(-10).join("\n"),
      });
    }
    try {
      if ((await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5_000) })).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new RpcError(`the indexer was not ready within ${READY_TIMEOUT_MS / 1000} s`, {
    details: output().trim().split("\n").slice(-10).join("\n"),
  });
}

/** Checks the port before anything starts: Ponder itself would silently move to the next free one. */
export async function assertIndexerPort(port: number): Promise<void> {
  if (!(await portFree(port))) throw new PortInUseError(port);
}

export interface IndexerOptions {
  port: number;
  rpcUrl: string;
  deploymentPath: string;
  /** Ponder's log options; the devnet keeps warnings only. */
  logArgs?: string[];
  /** Everything the indexer prints, as it arrives. */
  onOutput?: (text: string) => void;
  /** A PostgreSQL database and a schema of its own in it (the default: a fresh PGlite database for this run). */
  postgres?: { url: string; schema: string };
}

export async function startIndexer(options: IndexerOptions): Promise<IndexerProcess> {
  const database = mkdtempSync(join(tmpdir(), "cloudless-devnet-indexer-"));
  const child = spawn(
    join(repoRoot, "node_modules", ".bin", "ponder"),
    [
      ...(options.logArgs ?? ["--log-level", "warn"]),
      ...["start", "--schema", options.postgres?.schema ?? "devnet"],
      ...["--port", String(options.port), "--hostname", "127.0.0.1"],
    ],
    {
      cwd: join(repoRoot, "indexer"),
      env: {
        ...process.env,
        PONDER_TELEMETRY_DISABLED: "true",
        CLOUDLESS_RPC: options.rpcUrl,
        CLOUDLESS_DEPLOYMENT: options.deploymentPath,
        CLOUDLESS_PGLITE_DIR: database,
        DATABASE_URL: options.postgres?.url ?? "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const collect = (d: Buffer) => {
    output += d.toString();
    options.onOutput?.(d.toString());
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        rmSync(database, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", done);
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  try {
    await waitReady(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, graphqlUrl: `${url}/graphql`, process: child, stop };
}
