// The indexer tests' Ponder (sdk/src/devnet/ponder.ts) on a database schema of its own, in PGlite under a directory
// of the caller's choosing, or in the PostgreSQL of DATABASE_URL when that is set. Helpers query GraphQL and SQL over
// HTTP and wait for blocks through Ponder's /status.
import { type PonderProcess, startPonder, stopPonders } from "../../../sdk/src/devnet/ponder.ts";
import { throwawaySchema } from "./leftovers.ts";

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

export interface Indexer extends PonderProcess {
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A read-only SQL query through Ponder's SQL over HTTP; bigint columns come back as strings. */
  sql<T extends Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** The last block indexed, or undefined before the first checkpoint. */
  indexedBlock(): Promise<bigint | undefined>;
  waitForBlock(block: bigint, timeoutMs?: number): Promise<void>;
}

/** Stops every indexer still running (for afterAll, whatever a test left behind). */
export const stopIndexers = stopPonders;

let instances = 0;
/** A schema name no other run uses, so that runs against one PostgreSQL never share tables; dropped after the tests. */
export const freshSchema = (tag: string) =>
  throwawaySchema(`${tag}_${process.pid}_${Date.now().toString(36)}_${instances++}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startIndexer(options: IndexerOptions): Promise<Indexer> {
  const ponder = await startPonder({
    rpcUrl: options.rpcUrl,
    deploymentPath: options.deploymentPath,
    schema: options.schema ?? freshSchema("idx"),
    databaseUrl: process.env.DATABASE_URL,
    pgliteDir: options.pgliteDir,
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    waitReady: options.waitReady,
  });
  const { url } = ponder;
  const get = async (path: string) => {
    if (!ponder.running())
      throw ponder.failure(`ponder exited (${ponder.process.exitCode ?? ponder.process.signalCode})`);
    return fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
  };

  const indexer: Indexer = {
    ...ponder,

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
          if (!ponder.running()) throw err;
          return undefined;
        });
        if (indexed !== undefined && indexed >= block) return;
        await sleep(50);
      }
      throw ponder.failure(`the indexer did not reach block ${block} within ${timeoutMs} ms (at ${indexed ?? "none"})`);
    },
  };

  return indexer;
}
