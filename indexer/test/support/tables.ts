// Every table of ponder.schema.ts, dumped through SQL over HTTP in a canonical order: two indexers that indexed the
// same chain must give identical dumps.
import * as schema from "../../ponder.schema.ts";
import type { Indexer } from "./indexer.ts";

// Marks Ponder puts on its tables (onchainTable) and drizzle's table name; relations carry neither.
const ONCHAIN = Symbol.for("ponder:onchain");
const NAME = Symbol.for("drizzle:Name");

export const tableNames: string[] = Object.values(schema)
  .filter((value): value is typeof value & Record<symbol, unknown> => typeof value === "object" && ONCHAIN in value)
  .map((table) => table[NAME] as string);

export async function dumpTables(indexer: Indexer): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const name of tableNames) {
    const rows = await indexer.sql(`select * from "${name}"`);
    dump[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return dump;
}
