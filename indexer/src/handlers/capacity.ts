// Capacity events: epochs, commitments through their stages, proofs, settlements, rewards and the deal hooks.
// Commitment stages: WaitDelegation -> Deposited -> (Failed ->) Finished, or WaitDelegation -> Removed. Failures,
// rewards and a failure's earlier end are known when the chain settles a commitment (CommitmentSettled /
// CommitmentFailed), which it does lazily, the next time the commitment is touched.
import { ponder } from "ponder:registry";
import { commitment, epoch, proof, rewardMovement, settlement, unitDealChange, unitEpoch } from "ponder:schema";
import { zeroAddress } from "viem";
import { epochAt } from "../deployment.ts";
import { recordUpgrade, updateProtocol } from "./records.ts";

ponder.on("Capacity:Initialized", async ({ event, context }) => {
  await recordUpgrade(context.db, event, "Capacity", { kind: "initialized", version: event.args.version });
});

ponder.on("Capacity:Upgraded", async ({ event, context }) => {
  await recordUpgrade(context.db, event, "Capacity", { kind: "upgraded", implementation: event.args.implementation });
});

ponder.on("Capacity:EpochAdvanced", async ({ event, context }) => {
  const challenge = {
    globalNonce: event.args.globalNonce,
    difficulty: event.args.difficulty,
    advancedAt: event.block.timestamp,
  };
  await context.db
    .insert(epoch)
    .values({ number: event.args.epoch, ...challenge })
    .onConflictDoUpdate(challenge);
});

ponder.on("Capacity:CommitmentCreated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(commitment).values({
    id: a.commitmentId,
    peerId: a.peerId,
    provider: a.provider,
    delegator: a.delegator === zeroAddress ? null : a.delegator,
    unitCount: a.unitCount,
    duration: a.duration,
    collateralPerUnit: a.collateralPerUnit,
    delegatorShareBps: a.delegatorShareBps,
    stage: "WaitDelegation",
    createdAt: event.block.timestamp,
  });
});

ponder.on("Capacity:CommitmentRemoved", async ({ event, context }) => {
  await context.db.update(commitment, { id: event.args.commitmentId }).set({ stage: "Removed" });
});

ponder.on("Capacity:CollateralDeposited", async ({ event, context }) => {
  const a = event.args;
  await context.db.update(commitment, { id: a.commitmentId }).set((row) => ({
    stage: "Deposited",
    delegator: a.delegator,
    collateral: a.amount,
    // the collateral comes in at the price of its epoch
    collateralPerUnit: a.amount / row.unitCount,
    startEpoch: a.startEpoch,
    endEpoch: a.endEpoch,
    maxFailedUnitEpochs: a.maxFailedUnitEpochs,
    checkpointEpoch: a.startEpoch,
  }));
});

ponder.on("Capacity:CollateralHeld", async ({ event, context }) => {
  await context.db.update(commitment, { id: event.args.commitmentId }).set({ collateralHeld: event.args.amount });
});

ponder.on("Capacity:CollateralWithdrawn", async ({ event, context }) => {
  await context.db.update(commitment, { id: event.args.commitmentId }).set({ collateralHeld: 0n });
});

ponder.on("Capacity:SurplusSwept", async ({ event, context }) => {
  await updateProtocol(context.db, (row) => ({ surplusSwept: row.surplusSwept + event.args.amount }));
});

ponder.on("Capacity:ProofSubmitted", async ({ event, context }) => {
  const a = event.args;
  // One row per event: proofs batched in one transaction never share an id.
  await context.db.insert(proof).values({
    id: event.id,
    commitmentId: a.commitmentId,
    unitId: a.unitId,
    epoch: a.epoch,
    localNonce: a.localNonce,
    proofsInEpoch: a.proofs,
    tx: event.transaction.hash,
    block: event.block.number,
  });
  await context.db
    .insert(unitEpoch)
    .values({ unitId: a.unitId, epoch: a.epoch, commitmentId: a.commitmentId, proofs: a.proofs })
    .onConflictDoUpdate({ proofs: a.proofs });
  // `proofs` counts the CU's proofs in the epoch: 1 is its first, which makes it a proving CU.
  const first = a.proofs === 1n ? 1 : 0;
  await context.db
    .insert(epoch)
    .values({ number: a.epoch, proofs: 1n, provingUnits: first })
    .onConflictDoUpdate((row) => ({ proofs: row.proofs + 1n, provingUnits: row.provingUnits + first }));
  await context.db.update(commitment, { id: a.commitmentId }).set((row) => ({ proofs: row.proofs + 1n }));
});

ponder.on("Capacity:CommitmentSettled", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(settlement).values({
    id: event.id,
    commitmentId: a.commitmentId,
    epoch: a.epoch,
    reward: a.reward,
    failedUnitEpochs: a.failedUnitEpochs,
    block: event.block.number,
  });
  // Settling moves the checkpoint to the current epoch, or to the end (a failure, emitted first, moved it earlier).
  const now = epochAt(event.block.timestamp);
  await context.db.update(commitment, { id: a.commitmentId }).set((row) => ({
    rewardsEarned: row.rewardsEarned + a.reward,
    failedUnitEpochs: a.failedUnitEpochs,
    settledEpoch: a.epoch,
    checkpointEpoch: row.endEpoch !== null && row.endEpoch < now ? row.endEpoch : now,
  }));
  if (a.reward === 0n) return;
  await context.db
    .insert(epoch)
    .values({ number: a.epoch, rewardsSettled: a.reward })
    .onConflictDoUpdate((row) => ({ rewardsSettled: row.rewardsSettled + a.reward }));
});

ponder.on("Capacity:CommitmentFailed", async ({ event, context }) => {
  const a = event.args;
  await context.db.update(commitment, { id: a.commitmentId }).set({
    stage: "Failed",
    failedAtEpoch: a.epoch,
    endEpoch: a.epoch + 1n,
    failedUnitEpochs: a.failedUnitEpochs,
  });
});

ponder.on("Capacity:CommitmentFinished", async ({ event, context }) => {
  const a = event.args;
  await context.db.update(commitment, { id: a.commitmentId }).set({
    stage: "Finished",
    collateralReturned: a.collateralReturned,
    slashed: a.slashed,
    failedUnitEpochs: a.failedUnitEpochs,
  });
});

ponder.on("Capacity:RewardsWithdrawn", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(rewardMovement).values({
    id: event.id,
    kind: "withdrawn",
    account: a.to,
    commitmentId: a.commitmentId,
    delegator: a.delegator,
    amount: a.amount,
    block: event.block.number,
    tx: event.transaction.hash,
  });
  await context.db
    .update(commitment, { id: a.commitmentId })
    .set((row) =>
      a.delegator
        ? { rewardsWithdrawnDelegator: row.rewardsWithdrawnDelegator + a.amount }
        : { rewardsWithdrawnProvider: row.rewardsWithdrawnProvider + a.amount },
    );
});

ponder.on("Capacity:RewardPoolAllocated", async ({ event, context }) => {
  const { amount } = event.args;
  await context.db
    .insert(epoch)
    .values({ number: event.args.epoch, rewardPool: amount })
    .onConflictDoUpdate({ rewardPool: amount });
  await updateProtocol(context.db, (row) => ({ rewardReserve: row.rewardReserve - amount }));
});

ponder.on("Capacity:RewardsFunded", async ({ event, context }) => {
  const { from, amount } = event.args;
  await context.db.insert(rewardMovement).values({
    id: event.id,
    kind: "funded",
    account: from,
    amount,
    block: event.block.number,
    tx: event.transaction.hash,
  });
  await updateProtocol(context.db, (row) => ({
    rewardReserve: row.rewardReserve + amount,
    rewardsFunded: row.rewardsFunded + amount,
  }));
});

ponder.on("Capacity:RewardReserveWithdrawn", async ({ event, context }) => {
  const { to, amount } = event.args;
  await context.db.insert(rewardMovement).values({
    id: event.id,
    kind: "reserveWithdrawn",
    account: to,
    amount,
    block: event.block.number,
    tx: event.transaction.hash,
  });
  await updateProtocol(context.db, (row) => ({ rewardReserve: row.rewardReserve - amount }));
});

ponder.on("Capacity:UnitJoinedDeal", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(unitDealChange).values({
    id: event.id,
    unitId: a.unitId,
    commitmentId: a.commitmentId,
    deal: a.deal,
    epoch: a.epoch,
    joined: true,
  });
});

ponder.on("Capacity:UnitLeftDeal", async ({ event, context }) => {
  // commitmentId is 0 when the CU's commitment no longer runs: it does not prove for one again.
  const a = event.args;
  await context.db.insert(unitDealChange).values({
    id: event.id,
    unitId: a.unitId,
    commitmentId: a.commitmentId,
    deal: a.deal,
    epoch: a.epoch,
    joined: false,
  });
});
