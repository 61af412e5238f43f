// Raw SQL against the indexed tables through Ponder's read-only drizzle instance. Columns are the snake_case names
// Ponder gives the schema's; tables are interpolated from ponder:schema, which names them with the app's database
// schema: an unqualified name could resolve to one of the temporary tables of the same name that Ponder's PGlite
// session keeps after flushing updates (empty, and found first).
import { db } from "ponder:api";
import { type sql } from "ponder";

export type SQL = ReturnType<typeof sql>;
type Row = Record<string, unknown>;
type Execute = (query: SQL) => Promise<{ rows: unknown[] }>;

/** The rows `query` returns. PGlite and node-postgres both answer with `{ rows }`. */
export async function rows<T extends Row>(query: SQL): Promise<T[]> {
  const result = await (db.execute as Execute)(query);
  return result.rows as T[];
}

/** A numeric column (numeric(78) for bigints): node-postgres and PGlite return it as text. */
export const big = (value: unknown): bigint => BigInt(String(value));
