// Where the indexed state stands: the last block Ponder indexed (its checkpoint, the row Ponder's own /status
// reads) and the protocol epoch at that block's timestamp. Candidates and explanations are computed at that epoch,
// so that state and time come from the same block.
import { sql } from "ponder";
import { deployment, epochAt } from "../deployment.ts";
import { rows } from "./query.ts";

export const chainId = deployment.chainId;

export interface IndexedBlock {
  number: bigint;
  timestamp: bigint;
  epoch: bigint;
}

// A checkpoint is a fixed-width string: 10 digits of block timestamp, 16 of chain id, 16 of block number, ...
const TIMESTAMP = [0, 10] as const;
const BLOCK_NUMBER = [26, 42] as const;

/** The latest checkpoint's text, as a column of a query (null before the first one). */
export const checkpointColumn = sql`(select latest_checkpoint from _ponder_checkpoint where chain_id = ${chainId})`;

/** The block a checkpoint stands for. */
export function blockOf(checkpoint: string): IndexedBlock {
  const timestamp = BigInt(checkpoint.slice(...TIMESTAMP));
  return { number: BigInt(checkpoint.slice(...BLOCK_NUMBER)), timestamp, epoch: epochAt(timestamp) };
}

/** The last block indexed, or undefined before Ponder wrote its first checkpoint. */
export async function indexedBlock(): Promise<IndexedBlock | undefined> {
  const [row] = await rows<{ checkpoint: string | null }>(sql`select ${checkpointColumn} as checkpoint`);
  return row?.checkpoint ? blockOf(row.checkpoint) : undefined;
}

/** Whether the backfill is complete (what Ponder's /ready answers). */
export async function isReady(): Promise<boolean> {
  const [row] = await rows<{ ready: number | null }>(
    sql`select (value->>'is_ready')::int as ready from _ponder_meta where key = 'app'`,
  );
  return row?.ready === 1;
}
