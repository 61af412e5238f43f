// Ponder as a child process (`ponder start`), the way it runs in production: its own database schema, a free port,
// PGlite in a directory of the caller's choosing, or the PostgreSQL of DATABASE_URL when that is set. Helpers query
// GraphQL and SQL over HTTP and wait for blocks through Ponder's /status.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { freePort, repoRoot } from "../../../sdk/src/devnet/anvil.ts";

export interface IndexerOptions {
  rpcUrl: string;
  deploymentPath: string;
  /** PGlite's data directory (ignored with DATABASE_URL). */
  pgliteDir: string;
  /** The database schema; reuse one (with the same directory) to restart where a stopped indexer left off. */
  schema?: string;
  /** How long to wait for the backfill (/ready); default 60 s. */
  readyTimeoutMs?: number;
  /** false: return once the server answers, while the backfill may still run. */
  waitReady?: boolean;
}

export interface Indexer {
  url: string;
  schema: string;
  process: ChildProcess;
  /** Everything Ponder printed, for failure messages. */
  output(): string;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A read-only SQL query through Ponder's SQL over HTTP; bigint columns come back as strings. */
  sql<T extends Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** The last block indexed, or undefined before the first checkpoint. */
  indexedBlock(): Promise<bigint | undefined>;
  waitForBlock(block: bigint, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL if it does not exit; `signal` SIGKILL simulates a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

let instances = 0;
/** Every Ponder started here and not yet exited: stopped by stopIndexers, killed if this process exits first. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Stops every indexer still running (for afterAll, whatever a test left behind). */
export async function stopIndexers() {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
        }),
    ),
  );
}

/** A schema name no other run uses, so that runs against one PostgreSQL never share tables. */
export const freshSchema = (tag: string) => `${tag}_${process.pid}_${Date.now().toString(36)}_${instances++}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startIndexer(options: IndexerOptions): Promise<Indexer> {
  const schema = options.schema ?? freshSchema("idx");
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const child = spawn(
    join(repoRoot, "node_modules", ".bin", "ponder"),
    // info: the line that says which port it listens on
    ["--log-level", "info", "start", "--schema", schema, "--port", String(await freePort()), "-H", "127.0.0.1"],
    {
      cwd: join(repoRoot, "indexer"),
      env: {
        ...process.env,
        PONDER_TELEMETRY_DISABLED: "true",
        CLOUDLESS_RPC: options.rpcUrl,
        CLOUDLESS_DEPLOYMENT: options.deploymentPath,
        CLOUDLESS_PGLITE_DIR: options.pgliteDir,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  live.add(child);
  child.once("exit", () => live.delete(child));
  let output = "";
  const collect = (d: Buffer) => (output += d.toString());
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const failure = (message: string) => new Error(`${message}\n--- ponder output ---\n${output.slice(-4000)}`);
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (!running()) return;
    child.kill(signal);
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(force);
  };

  // Ponder moves to the next port when the one asked for has been taken meanwhile (by another test's Ponder, say),
  // so the address is the one it reports.
  let port: string | undefined;
  // with CI=true Ponder colours its logs, and colour codes sit between the message and its fields
  const plain = () => output.replace(/\x1b\[[0-9;]*m/g, "");
  while (!(port = /Created HTTP server port=(\d+)/.exec(plain())?.[1])) {
    if (!running() || Date.now() > deadline) {
      await stop("SIGKILL");
      throw failure(running() ? `ponder did not listen within ${timeoutMs} ms` : "ponder exited before it listened");
    }
    await sleep(50);
  }
  const url = `http://127.0.0.1:${port}`;

  const get = async (path: string) => {
    if (!running()) throw failure(`ponder exited (${child.exitCode ?? child.signalCode})`);
    return fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
  };

  const indexer: Indexer = {
    url,
    schema,
    process: child,
    output: () => output,
    stop,

    async graphql<T>(query: string, variables: Record<string, unknown> = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length || !body.data) {
        throw new Error(`GraphQL: ${body.errors?.map((e) => e.message).join("; ") ?? `HTTP ${res.status}`}`);
      }
      return body.data;
    },

    async sql<T extends Record<string, unknown>>(query: string, params: unknown[] = []) {
      // the wire format of Ponder's client() middleware: superjson of drizzle's { sql, params }
      const encoded = encodeURIComponent(JSON.stringify({ json: { sql: query, params } }));
      const res = await get(`/sql/db?sql=${encoded}`);
      if (!res.ok) throw new Error(`SQL: HTTP ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { rows: T[] }).rows;
    },

    async indexedBlock() {
      const res = await get("/status");
      const status = (await res.json()) as Record<string, { block: { number: number } }>;
      const chain = Object.values(status)[0];
      return chain ? BigInt(chain.block.number) : undefined;
    },

    async waitForBlock(block: bigint, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      let indexed: bigint | undefined;
      while (Date.now() < until) {
        indexed = await indexer.indexedBlock().catch((err: unknown) => {
          if (!running()) throw err;
          return undefined;
        });
        if (indexed !== undefined && indexed >= block) return;
        await sleep(50);
      }
      throw failure(`the indexer did not reach block ${block} within ${timeoutMs} ms (at ${indexed ?? "none"})`);
    },
  };

  // /ready answers 503 while the backfill runs
  while (options.waitReady !== false) {
    const status = await get("/ready")
      .then((res) => res.status)
      .catch(() => undefined);
    if (status === 200) break;
    if (!running() || Date.now() > deadline) {
      await stop("SIGKILL");
      throw failure(running() ? `ponder was not ready within ${timeoutMs} ms` : "ponder exited before it was ready");
    }
    await sleep(100);
  }
  return indexer;
}
