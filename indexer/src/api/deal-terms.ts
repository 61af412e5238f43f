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
  /** Epochs before a peer whose CU left may serve the deal again. */
  rejoinDelay: bigint;
  /** Why a running deal takes no CU now: its current epoch went unpaid, or its balance is below its floor. */
  cannotPay: "InsufficientFunds" | "SmallBalance" | null;
  /** CUs the deal still takes: targetWorkers - units; 0 once ended or while it cannot pay. */
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
  rejoin_delay: string;
  balance: string;
  workers: number;
  billed_through: string;
  paid_through: string;
  min_balance: string;
  checkpoint: string;
}

/**
 * Whether the deal can pay for CUs at `epoch`, as matchDeal checks it: its billing brought to `epoch` (the formulas
 * of docs/deals.md) must leave no epoch unpaid and the balance at or above the floor.
 */
function cannotPayAt(row: DealRow, epoch: bigint): DealTerms["cannotPay"] {
  const workers = BigInt(row.workers);
  const billed = big(row.billed_through);
  let balance = big(row.balance);
  let unpaid = workers !== 0n && big(row.paid_through) < billed;
  if (workers !== 0n && epoch > billed) {
    const cost = workers * big(row.price);
    const epochs = epoch - billed;
    const paid = balance / cost < epochs ? balance / cost : epochs;
    balance -= paid * cost;
    unpaid = paid < epochs;
  }
  if (unpaid) return "InsufficientFunds";
  return balance < big(row.min_balance) ? "SmallBalance" : null;
}

/** The deal's terms and the indexed block they stand at (one query), or a 404 when the indexer has not seen it. */
export async function loadDeal(address: Address): Promise<[DealTerms, IndexedBlock]> {
  const [row] = await rows<DealRow>(sql`
    select d.address, d.ended, d.price_per_worker_epoch as price, d.payment_token as token, d.effectors,
      d.access_mode, d.target_workers as target, d.max_workers_per_provider as cap, d.rejoin_delay, d.balance,
      d.workers, d.billed_through, d.paid_through, d.min_balance,
      (select count(*) from ${dealUnit} u where u.deal = d.address and u.active) as units,
      ${checkpointColumn} as checkpoint
    from ${dealTable} d where d.address = ${address}`);
  if (!row) throw new HttpError(404, "NOT_FOUND", `deal ${address} is not indexed (unknown, or not indexed yet)`);
  const units = big(row.units);
  const target = big(row.target);
  const at = blockOf(row.checkpoint);
  const cannotPay = row.ended ? null : cannotPayAt(row, at.epoch);
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
    rejoinDelay: big(row.rejoin_delay),
    cannotPay,
    needed: row.ended || cannotPay !== null || units >= target ? 0n : target - units,
  };
  return [deal, at];
}
