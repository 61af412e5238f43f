// What a test file creates in the PostgreSQL of DATABASE_URL (nothing with PGlite): the schemas of its indexers and
// the chain ids of its chains. setup.ts drops them after the file's tests, whether they passed or not.
import { ANVIL_CHAIN_ID } from "../../../sdk/src/devnet/anvil.ts";
import { dropThrowaways, throwawayChainId } from "../../scripts/postgres-cleanup.ts";

const databaseUrl = process.env.DATABASE_URL || undefined;
const schemas = new Set<string>();
const chainIds = new Set<number>();

/** Returns `name`, a schema to drop after the tests. */
export function throwawaySchema(name: string): string {
  if (databaseUrl) schemas.add(name);
  return name;
}

/**
 * The chain id of a test chain. On PostgreSQL one of its own: Ponder keeps its RPC cache (ponder_sync) per chain id
 * for every app sharing the database and keeps the first copy of a block, so test chains must not share one.
 */
export function testChainId(): number {
  if (!databaseUrl) return ANVIL_CHAIN_ID;
  const chainId = throwawayChainId();
  chainIds.add(chainId);
  return chainId;
}

/** Drops what the tests created so far; run it once their indexers stopped. */
export async function dropLeftovers(): Promise<void> {
  if (!databaseUrl) return;
  await dropThrowaways(databaseUrl, { schemas, chainIds });
  schemas.clear();
  chainIds.clear();
}
