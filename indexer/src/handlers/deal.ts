// Deal events (every clone the factory created): balance and billing, pay claims, matching outcomes, CUs and
// their workers, the owner's settings and ownership.
import { ACCESS_MODE, MATCH_RESULT } from "@cloudless/sdk";
import { type Context, type Event, ponder } from "ponder:registry";
import { computeUnit, deal, dealAccess, dealPayment, dealUnit, matchOutcome, workerChange } from "ponder:schema";
import { zeroAddress, zeroHash } from "viem";
import { epochAt } from "../deployment.ts";

type DealRow = typeof deal.$inferSelect;
type DealEvent = Pick<Event, "id" | "block" | "transaction" | "log">;

/**
 * What billing does to the row before an action that bills (deposit, withdrawal, stop, first worker, return,
 * claim): with workers, it emits EpochsBilled first, which brought the row up to date; without, it moves
 * billedThrough and paidThrough to the current epoch and emits nothing.
 */
function billedSilently(row: DealRow, timestamp: bigint): Partial<DealRow> {
  if (row.workers !== 0 || row.endEpoch !== null) return {};
  const epoch = epochAt(timestamp);
  return epoch > row.billedThrough ? { billedThrough: epoch, paidThrough: epoch } : {};
}

async function recordPayment(
  db: Context["db"],
  event: DealEvent,
  payment: Pick<typeof dealPayment.$inferInsert, "kind" | "account" | "amount" | "balance"> &
    Partial<typeof dealPayment.$inferInsert>,
) {
  await db.insert(dealPayment).values({
    id: event.id,
    deal: event.log.address,
    block: event.block.number,
    timestamp: event.block.timestamp,
    tx: event.transaction.hash,
    ...payment,
  });
}

ponder.on("Deal:Deposited", async ({ event, context }) => {
  const { from, amount, balance } = event.args;
  await context.db.update(deal, { address: event.log.address }).set((row) => ({
    ...billedSilently(row, event.block.timestamp),
    balance,
    deposited: row.deposited + amount,
  }));
  await recordPayment(context.db, event, { kind: "deposit", account: from, amount, balance });
});

ponder.on("Deal:Withdrawn", async ({ event, context }) => {
  const { to, amount, balance } = event.args;
  await context.db.update(deal, { address: event.log.address }).set((row) => ({
    ...billedSilently(row, event.block.timestamp),
    balance,
    withdrawn: row.withdrawn + amount,
  }));
  await recordPayment(context.db, event, { kind: "withdrawal", account: to, amount, balance });
});

ponder.on("Deal:EpochsBilled", async ({ event, context }) => {
  const { fromEpoch, toEpoch, paidEpochs, amount, balance } = event.args;
  await context.db.update(deal, { address: event.log.address }).set((row) => ({
    balance,
    paid: row.paid + amount,
    paidEpochs: row.paidEpochs + paidEpochs,
    billedThrough: toEpoch,
    paidThrough: paidEpochs === 0n ? row.paidThrough : fromEpoch - 1n + paidEpochs,
  }));
  await recordPayment(context.db, event, {
    kind: "billing",
    account: null,
    amount,
    balance,
    fromEpoch,
    toEpoch,
    paidEpochs,
  });
});

ponder.on("Deal:Stopped", async ({ event, context }) => {
  const { epoch, balance } = event.args;
  const row = await context.db.update(deal, { address: event.log.address }).set((row) => ({
    ...billedSilently(row, event.block.timestamp),
    balance,
    ended: true,
    endedAt: event.block.timestamp,
    endEpoch: epoch + 1n,
  }));
  await recordPayment(context.db, event, { kind: "stop", account: row.owner, amount: 0n, balance });
});

ponder.on("Deal:PayClaimed", async ({ event, context }) => {
  const { provider, amount } = event.args;
  const row = await context.db.update(deal, { address: event.log.address }).set((row) => ({
    ...billedSilently(row, event.block.timestamp),
    claimed: row.claimed + amount,
  }));
  await recordPayment(context.db, event, { kind: "claim", account: provider, amount, balance: row.balance });
});

ponder.on("Deal:AppCidChanged", async ({ event, context }) => {
  await context.db
    .update(deal, { address: event.log.address })
    .set({ appCodec: event.args.codec, appCid: event.args.digest });
});

ponder.on("Deal:AccessModeChanged", async ({ event, context }) => {
  await context.db
    .update(deal, { address: event.log.address })
    .set({ accessMode: ACCESS_MODE[event.args.mode] ?? String(event.args.mode) });
});

ponder.on("Deal:AccessListChanged", async ({ event, context }) => {
  const { providers, listed } = event.args;
  for (const provider of new Set(providers)) {
    await context.db
      .insert(dealAccess)
      .values({ deal: event.log.address, provider, listed })
      .onConflictDoUpdate({ listed });
  }
});

ponder.on("Deal:OwnershipTransferStarted", async ({ event, context }) => {
  const { pendingOwner } = event.args;
  await context.db
    .update(deal, { address: event.log.address })
    .set({ pendingOwner: pendingOwner === zeroAddress ? null : pendingOwner });
});

ponder.on("Deal:OwnershipTransferred", async ({ event, context }) => {
  await context.db.update(deal, { address: event.log.address }).set({ owner: event.args.newOwner, pendingOwner: null });
});

ponder.on("Deal:UnitMatched", async ({ event, context }) => {
  const { unitId, peerId, provider, matchedBy } = event.args;
  const address = event.log.address;
  // A CU returned earlier may be matched to the same deal again: its stay starts afresh.
  const stay = {
    peerId,
    provider,
    workerId: null,
    matchedBy,
    matchedAt: event.block.timestamp,
    workerSetAt: null,
    returnedAt: null,
    returnedBy: null,
    rejoinFrom: null,
    active: true,
  };
  await context.db
    .insert(dealUnit)
    .values({ deal: address, unitId, ...stay })
    .onConflictDoUpdate(stay);
  await context.db.update(deal, { address }).set((row) => ({ units: row.units + 1 }));
  await context.db.update(computeUnit, { id: unitId }).set({ deal: address });
  await context.db.insert(matchOutcome).values({
    id: event.id,
    deal: address,
    unitId,
    result: "Matched",
    matchedBy,
    tx: event.transaction.hash,
    block: event.block.number,
  });
});

ponder.on("Deal:UnitSkipped", async ({ event, context }) => {
  await context.db.insert(matchOutcome).values({
    id: event.id,
    deal: event.log.address,
    unitId: event.args.unitId,
    result: MATCH_RESULT[event.args.reason] ?? String(event.args.reason),
    tx: event.transaction.hash,
    block: event.block.number,
  });
});

ponder.on("Deal:WorkerSet", async ({ event, context }) => {
  const { unitId, peerId, workerId, previousWorkerId } = event.args;
  const address = event.log.address;
  await context.db.update(dealUnit, { deal: address, unitId }).set({ workerId, workerSetAt: event.block.timestamp });
  await context.db.insert(workerChange).values({
    id: event.id,
    deal: address,
    unitId,
    peerId,
    workerId,
    previousWorkerId,
    block: event.block.number,
  });
  // A replacement changes nothing else; a first worker is billed from the next epoch.
  if (previousWorkerId !== zeroHash) return;
  await context.db.update(deal, { address }).set((row) => ({
    ...billedSilently(row, event.block.timestamp),
    workers: row.workers + 1,
  }));
});

ponder.on("Deal:UnitReturned", async ({ event, context }) => {
  const { unitId, by } = event.args;
  const address = event.log.address;
  const { rejoinDelay } = (await context.db.find(deal, { address }))!;
  const stay = await context.db.update(dealUnit, { deal: address, unitId }).set({
    active: false,
    returnedAt: event.block.timestamp,
    returnedBy: by,
    rejoinFrom: epochAt(event.block.timestamp) + rejoinDelay,
  });
  const hadWorker = stay.workerId !== null ? 1 : 0;
  await context.db.update(deal, { address }).set((row) => ({
    ...billedSilently(row, event.block.timestamp),
    units: row.units - 1,
    workers: row.workers - hadWorker,
  }));
  await context.db.update(computeUnit, { id: unitId }).set({ deal: null });
});
