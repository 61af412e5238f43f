// What a test or a benchmark leaves in a PostgreSQL database it shares with others, dropped when it finishes: the
// schemas its indexers wrote to, and the rows of its chains in Ponder's raw-data cache (the ponder_sync schema, shared
// by every Ponder app of the database and kept across runs).
import { randomInt } from "node:crypto";
import pg from "pg";

/** A chain id for a chain that lives one run, so that its ponder_sync rows are its own (never anvil's 31337). */
export const throwawayChainId = () => randomInt(1_000_000, 2 ** 31);

export interface Throwaways {
  schemas: Iterable<string>;
  chainIds: Iterable<number>;
}

/**
 * Drops the schemas with their tables and deletes the ponder_sync rows of the chain ids: in Ponder 0.16, every table
 * there with a chain_id column, and `factories`, which keeps the chain id in its JSON. Call it once the indexers
 * stopped: a running one would write again.
 */
export async function dropThrowaways(databaseUrl: string, throwaways: Throwaways): Promise<void> {
  const schemas = [...throwaways.schemas];
  const chainIds = [...throwaways.chainIds];
  if (schemas.length === 0 && chainIds.length === 0) return;
  try {
    await drop(databaseUrl, schemas, chainIds);
  } catch (err) {
    const what = `schemas [${schemas.join(", ")}] and the ponder_sync rows of chains [${chainIds.join(", ")}]`;
    throw new Error(`could not drop ${what}: ${(err as Error).message}`, { cause: err });
  }
}

async function drop(databaseUrl: string, schemas: string[], chainIds: number[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const schema of schemas)
      await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
    if (chainIds.length === 0) return;
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'ponder_sync'
         AND (column_name = 'chain_id' OR (table_name = 'factories' AND column_name = 'factory'))`,
    );
    for (const { table_name, column_name } of rows) {
      const chainId = column_name === "chain_id" ? "chain_id" : "(factory ->> 'chainId')::bigint";
      await client.query(
        `DELETE FROM ponder_sync.${client.escapeIdentifier(table_name)} WHERE ${chainId} = ANY($1::bigint[])`,
        [chainIds],
      );
    }
  } finally {
    await client.end();
  }
}
