// A deal as matching sees it: its terms, how many CUs it has, and whether it still takes any.
import { deal as dealTable, dealUnit } from "ponder:schema";
import { sql } from "ponder";
import type { Address, Hex } from "viem";
import { blockOf, checkpointColumn, type IndexedBlock } from "./clock.ts";
import { HttpError } from "./http.ts";
import { big, rows } from "./query.ts";

export type AccessMode = "None" | "Allowlist" | "Denylist";

export interface DealTerms {
  address: Address;
  ended: boolean;
  pricePerWorkerEpoch: bigint;
  paymentToken: Address;
  /** Distinct effector digests every matched CU's offer must support. */
  effectors: Hex[];
  accessMode: AccessMode;
  targetWorkers: bigint;
  maxWorkersPerProvider: bigint;
  /** CUs serving the deal now. */
  units: bigint;
  /** CUs the deal still takes: targetWorkers - units, 0 once ended. */
  needed: bigint;
}

interface DealRow extends Record<string, unknown> {
  address: Address;
  ended: boolean;
  price: string;
  token: Address;
  effectors: Hex[];
  access_mode: string;
  target: string;
  cap: string;
  units: string;
  checkpoint: string;
}

/** The deal's terms and the indexed block they stand at (one query), or a 404 when the indexer has not seen it. */
export async function loadDeal(address: Address): Promise<[DealTerms, IndexedBlock]> {
  const [row] = await rows<DealRow>(sql`
    select d.address, d.ended, d.price_per_worker_epoch as price, d.payment_token as token, d.effectors,
      d.access_mode, d.target_workers as target, d.max_workers_per_provider as cap,
      (select count(*) from ${dealUnit} u where u.deal = d.address and u.active) as units,
      ${checkpointColumn} as checkpoint
    from ${dealTable} d where d.address = ${address}`);
  if (!row) throw new HttpError(404, "NOT_FOUND", `deal ${address} is not indexed (unknown, or not indexed yet)`);
  const units = big(row.units);
  const target = big(row.target);
  const deal: DealTerms = {
    address: row.address,
    ended: row.ended,
    pricePerWorkerEpoch: big(row.price),
    paymentToken: row.token,
    effectors: [...new Set(row.effectors.map((e) => e.toLowerCase() as Hex))],
    accessMode: row.access_mode as AccessMode,
    targetWorkers: target,
    maxWorkersPerProvider: big(row.cap),
    units,
    needed: row.ended || units >= target ? 0n : target - units,
  };
  // a deal is indexed, so a checkpoint is there
  return [deal, blockOf(row.checkpoint)];
}
