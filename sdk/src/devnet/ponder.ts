// Starts and stops the indexer (indexer/) as Ponder runs it in production, `ponder start` in a child process on
// 127.0.0.1, for the devnet, the indexer's benchmarks and its tests.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { RpcError } from "../errors.ts";
import { freePort, repoRoot } from "./anvil.ts";

export interface PonderOptions {
  rpcUrl: string;
  deploymentPath: string;
  /** The database schema; reuse one (with the same database) to resume where a stopped Ponder left off. */
  schema: string;
  /** A PostgreSQL database; without it, PGlite. */
  databaseUrl?: string;
  /** PGlite's data directory; by default a fresh one, removed at stop. */
  pgliteDir?: string;
  /** The port to ask for; by default a free one. */
  port?: number;
  /** Ponder's log format (its level is always info: that is where it says which port it took). */
  logFormat?: "pretty" | "json";
  /** Each line Ponder prints, as it comes. */
  onLine?: (line: string) => void;
  /** How long to wait for /ready, which turns 200 once the backfill is done; default 90 s. */
  readyTimeoutMs?: number;
  /** false: return once Ponder listens, while the backfill may still run. */
  waitReady?: boolean;
}

export interface PonderProcess {
  /** Where Ponder listens: the port asked for, or the next free one if that was taken meanwhile. */
  url: string;
  schema: string;
  process: ChildProcess;
  running(): boolean;
  /** The last MiB Ponder printed, without colour codes. */
  output(): string;
  /** An error whose details are the last lines Ponder printed. */
  failure(message: string): RpcError;
  /** SIGTERM (or `signal`: SIGKILL simulates a crash), then SIGKILL if Ponder is still there. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const OUTPUT_KEPT = 1 << 20; // a devnet's Ponder logs every block at info, for days
const TAIL_LINES = 40;
const KILL_AFTER_MS = 6_000; // Ponder gives up its own shutdown after 5 s
// Ponder moves silently to the next port when the one asked for is taken; its log says which one it took, as
// `Created HTTP server port=42069` (pretty) or `"msg":"Created HTTP server","port":42069` (json).
const LISTENING = /Created HTTP server(?: |",")port"?[=:](\d+)/;

/** Every Ponder started here and not yet stopped: killed if this process exits first. */
const live = new Set<Pick<PonderProcess, "process" | "stop">>();
let killAtExit = false;

/** Stops every Ponder started here and not stopped yet. */
export async function stopPonders(): Promise<void> {
  await Promise.all([...live].map((ponder) => ponder.stop()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startPonder(options: PonderOptions): Promise<PonderProcess> {
  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  const pgliteDir = options.pgliteDir ?? mkdtempSync(join(tmpdir(), "cloudless-ponder-"));
  const port = options.port ?? (await freePort());
  const child = spawn(
    join(repoRoot, "node_modules", ".bin", "ponder"),
    [
      ...["--log-level", "info", "--log-format", options.logFormat ?? "pretty"],
      ...["start", "--schema", options.schema, "--port", String(port), "--hostname", "127.0.0.1"],
    ],
    {
      cwd: join(repoRoot, "indexer"),
      env: {
        ...process.env,
        PONDER_TELEMETRY_DISABLED: "true",
        CLOUDLESS_RPC: options.rpcUrl,
        CLOUDLESS_DEPLOYMENT: options.deploymentPath,
        CLOUDLESS_PGLITE_DIR: pgliteDir,
        DATABASE_URL: options.databaseUrl ?? "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  let output = "";
  let listening: string | undefined;
  const read = (stream: Readable) => {
    let pending = "";
    const take = (raw: string) => {
      // with CI=true Ponder colours its pretty logs, and colour codes sit between a message and its fields
      const line = raw.replace(/\x1b\[[0-9;]*m/g, "");
      output += `${line}\n`;
      if (output.length > 2 * OUTPUT_KEPT) output = output.slice(-OUTPUT_KEPT);
      listening ??= LISTENING.exec(line)?.[1];
      options.onLine?.(line);
    };
    stream.setEncoding("utf8");
    stream.on("data", (text: string) => {
      const lines = (pending + text).split("\n");
      pending = lines.pop()!;
      lines.forEach(take);
    });
    stream.on("end", () => pending && take(pending));
  };
  read(child.stdout!);
  read(child.stderr!);

  const failure = (message: string) =>
    new RpcError(message, { details: output.trimEnd().split("\n").slice(-TAIL_LINES).join("\n") });
  const started = {
    process: child,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      live.delete(started);
      if (running()) {
        child.kill(signal);
        const force = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
        await exited;
        clearTimeout(force);
      }
      if (!options.pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    },
  };
  live.add(started);
  if (!killAtExit) {
    killAtExit = true;
    process.once("exit", () => live.forEach((p) => p.process.kill("SIGKILL")));
  }

  const waitFor = async (what: string, done: () => boolean | Promise<boolean>) => {
    while (!(await done())) {
      if (!running() || Date.now() > deadline) {
        const error = failure(
          running()
            ? `the indexer did not ${what} within ${timeoutMs / 1000} s`
            : `the indexer exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready`,
        );
        await started.stop();
        throw error;
      }
      await sleep(100);
    }
  };
  await waitFor("listen", () => listening !== undefined);
  const url = `http://127.0.0.1:${listening}`;
  if (options.waitReady !== false) {
    await waitFor("become ready", () =>
      fetch(`${url}/ready`, { signal: AbortSignal.timeout(5_000) })
        .then((res) => res.status === 200)
        .catch(() => false),
    );
  }
  return { ...started, url, schema: options.schema, running, output: () => output, failure };
}
