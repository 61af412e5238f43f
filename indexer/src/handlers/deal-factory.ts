// DealFactory events: deals created (with their terms, access list and first deposit) and the deal implementation.
import { ACCESS_MODE, dealAbi } from "@cloudless/sdk";
import { ponder } from "ponder:registry";
import { deal, dealAccess, dealPayment } from "ponder:schema";
import { epochAt } from "../deployment.ts";
import { recordParamChange, recordUpgrade, updateProtocol } from "./records.ts";

ponder.on("DealFactory:Initialized", async ({ event, context }) => {
  await recordUpgrade(context.db, event, "DealFactory", { kind: "initialized", version: event.args.version });
});

ponder.on("DealFactory:Upgraded", async ({ event, context }) => {
  await recordUpgrade(context.db, event, "DealFactory", {
    kind: "upgraded",
    implementation: event.args.implementation,
  });
});

ponder.on("DealFactory:DealImplementationScheduled", async ({ event, context }) => {
  const { implementation, effectiveEpoch } = event.args;
  // As the factory does: the first implementation applies at once, later ones from the next epoch, and a pending
  // one whose epoch has come is the current one before the new one is staged.
  await updateProtocol(context.db, (row) => {
    if (!row.dealImplementation) return { dealImplementation: implementation };
    const pendingInForce =
      row.nextDealImplementation &&
      row.nextDealImplementationEpoch !== null &&
      row.nextDealImplementationEpoch < effectiveEpoch;
    return {
      dealImplementation: pendingInForce ? row.nextDealImplementation : row.dealImplementation,
      nextDealImplementation: implementation,
      nextDealImplementationEpoch: effectiveEpoch,
    };
  });
  await recordParamChange(context.db, event, {
    contract: "DealFactory",
    name: "dealImplementation",
    value: implementation,
    effectiveEpoch,
  });
});

ponder.on("DealFactory:DealCreated", async ({ event, context }) => {
  const { deal: address, owner, implementation, params: p, balance } = event.args;
  // minDepositEpochs and rejoinDelay are protocol parameters of the creation epoch, frozen into the clone and not in
  // the event.
  // The terms never change: read once at any block, the latest, which every node keeps.
  const terms = await context.client.readContract({ abi: dealAbi, address, functionName: "terms", cache: "immutable" });
  const epoch = epochAt(event.block.timestamp);
  await context.db.insert(deal).values({
    address,
    owner,
    implementation,
    appCodec: p.appCodec,
    appCid: p.appCid,
    minWorkers: p.minWorkers,
    targetWorkers: p.targetWorkers,
    maxWorkersPerProvider: p.maxWorkersPerProvider,
    pricePerWorkerEpoch: p.pricePerWorkerEpoch,
    minDepositEpochs: terms.minDepositEpochs,
    minBalance: terms.minDepositEpochs * p.targetWorkers * p.pricePerWorkerEpoch,
    rejoinDelay: terms.rejoinDelay,
    paymentToken: p.paymentToken,
    effectors: [...p.effectors],
    accessMode: ACCESS_MODE[p.accessMode] ?? String(p.accessMode),
    openToSelfMatching: p.openToSelfMatching,
    balance,
    deposited: balance,
    billedThrough: epoch,
    paidThrough: epoch,
    createdAt: event.block.timestamp,
    createdBlock: event.block.number,
  });
  for (const provider of new Set(p.accessList)) {
    await context.db.insert(dealAccess).values({ deal: address, provider, listed: true });
  }
  await context.db.insert(dealPayment).values({
    id: event.id,
    deal: address,
    kind: "deposit",
    account: owner,
    amount: balance,
    balance,
    block: event.block.number,
    timestamp: event.block.timestamp,
    tx: event.transaction.hash,
  });
});
