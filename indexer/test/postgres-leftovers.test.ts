// On PostgreSQL (the suite's second run, with DATABASE_URL) a test leaves nothing behind in the database: once its
// indexers stopped, their schemas are dropped and the rows of its chain in Ponder's shared ponder_sync schema deleted.
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startChain } from "./support/chain.ts";
import { startIndexer } from "./support/indexer.ts";
import { dropLeftovers } from "./support/leftovers.ts";

const databaseUrl = process.env.DATABASE_URL;

async function query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl! });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const schemaExists = async (schema: string) =>
  (await query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [schema])).length === 1;

/** The chain's rows in each table of ponder_sync that has them (Ponder 0.16). */
async function syncRows(chainId: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const tables = [
    "blocks",
    "transactions",
    "transaction_receipts",
    "logs",
    "traces",
    "rpc_request_results",
    "intervals",
    "factory_addresses",
  ];
  for (const table of tables) {
    const [row] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ponder_sync.${table} WHERE chain_id = $1`,
      [chainId],
    );
    if (row!.n > 0) counts[table] = row!.n;
  }
  const [factories] = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM ponder_sync.factories WHERE (factory ->> 'chainId')::bigint = $1",
    [chainId],
  );
  if (factories!.n > 0) counts.factories = factories!.n;
  return counts;
}

describe.runIf(databaseUrl)("PostgreSQL leftovers", () => {
  it("are dropped once the indexers stopped: their schemas, and the ponder_sync rows of the test's chain", async () => {
    const chain = await startChain();
    try {
      const { chainId } = chain.deployment;
      expect(chainId).not.toBe(31337);
      // Ponder backfills, and so caches, up to 30 blocks below the head: empty blocks put the deployment's in the cache
      await chain.rpc("anvil_mine", ["0x40"]);
      const indexer = await startIndexer({
        rpcUrl: chain.rpcUrl,
        deploymentPath: chain.deploymentPath,
        pgliteDir: join(chain.dir, "db"),
      });
      await indexer.stop();
      expect(await schemaExists(indexer.schema)).toBe(true);
      expect(Object.keys(await syncRows(chainId))).toEqual(expect.arrayContaining(["blocks", "logs", "factories"]));

      await dropLeftovers();
      expect(await schemaExists(indexer.schema)).toBe(false);
      expect(await syncRows(chainId)).toEqual({});
    } finally {
      await chain.stop();
    }
  });
});
