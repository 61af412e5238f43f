// Market events: providers, offers, effectors, peers and CUs. Counts (offers, peers and CUs per provider, offer and
// peer) move with every addition and removal, so that a listing never has to count rows.
import { ponder } from "ponder:registry";
import { computeUnit, offer, offerEffector, peer, provider } from "ponder:schema";
import { recordParamChange, recordUpgrade } from "./records.ts";

ponder.on("Market:Initialized", async ({ event, context }) => {
  await recordUpgrade(context.db, event, "Market", { kind: "initialized", version: event.args.version });
});

ponder.on("Market:Upgraded", async ({ event, context }) => {
  await recordUpgrade(context.db, event, "Market", { kind: "upgraded", implementation: event.args.implementation });
});

ponder.on("Market:CapacitySet", async ({ event, context }) => {
  await recordParamChange(context.db, event, { contract: "Market", name: "capacity", value: event.args.capacity });
});

ponder.on("Market:ProviderRegistered", async ({ event, context }) => {
  await context.db.insert(provider).values({
    address: event.args.provider,
    name: event.args.name,
    metadataCid: event.args.metadataCid,
    registeredAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
});

ponder.on("Market:ProviderUpdated", async ({ event, context }) => {
  await context.db
    .update(provider, { address: event.args.provider })
    .set({ name: event.args.name, metadataCid: event.args.metadataCid, updatedAt: event.block.timestamp });
});

ponder.on("Market:OfferRegistered", async ({ event, context }) => {
  await context.db.insert(offer).values({
    id: event.args.offerId,
    provider: event.args.provider,
    paymentToken: event.args.paymentToken,
    minPricePerUnit: event.args.minPricePerUnit,
    createdAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await context.db
    .update(provider, { address: event.args.provider })
    .set((row) => ({ offerCount: row.offerCount + 1 }));
});

ponder.on("Market:OfferPriceChanged", async ({ event, context }) => {
  await context.db
    .update(offer, { id: event.args.offerId })
    .set({ minPricePerUnit: event.args.minPricePerUnit, updatedAt: event.block.timestamp });
});

ponder.on("Market:OfferTokenChanged", async ({ event, context }) => {
  await context.db
    .update(offer, { id: event.args.offerId })
    .set({ paymentToken: event.args.paymentToken, updatedAt: event.block.timestamp });
});

ponder.on("Market:EffectorsAdded", async ({ event, context }) => {
  const { offerId, effectors } = event.args;
  if (!effectors.length) return;
  await context.db
    .insert(offerEffector)
    .values(effectors.map((effector) => ({ offerId, effector, addedAt: event.block.timestamp })));
  await context.db.update(offer, { id: offerId }).set({ updatedAt: event.block.timestamp });
});

ponder.on("Market:EffectorsRemoved", async ({ event, context }) => {
  const { offerId, effectors } = event.args;
  for (const effector of effectors) await context.db.delete(offerEffector, { offerId, effector });
  await context.db.update(offer, { id: offerId }).set({ updatedAt: event.block.timestamp });
});

ponder.on("Market:OfferRemoved", async ({ event, context }) => {
  // The market deletes the offer; its row stays, flagged, for the history of its peers and deals.
  const removed = await context.db
    .update(offer, { id: event.args.offerId })
    .set({ removed: true, updatedAt: event.block.timestamp });
  await context.db.update(provider, { address: removed.provider }).set((row) => ({ offerCount: row.offerCount - 1 }));
});

ponder.on("Market:PeerAdded", async ({ event, context }) => {
  const { offerId, peerId, publicKey, operator } = event.args;
  const owner = (await context.db.update(offer, { id: offerId }).set((row) => ({ peerCount: row.peerCount + 1 })))
    .provider;
  // A removed peer's id may come back, in any offer of its provider: it starts afresh.
  const fresh = { publicKey, offerId, provider: owner, operator, unitCount: 0, commitmentId: null, removed: false };
  await context.db
    .insert(peer)
    .values({ id: peerId, ...fresh, addedAt: event.block.timestamp })
    .onConflictDoUpdate({ ...fresh, addedAt: event.block.timestamp });
  await context.db.update(provider, { address: owner }).set((row) => ({ peerCount: row.peerCount + 1 }));
});

ponder.on("Market:PeerOperatorChanged", async ({ event, context }) => {
  await context.db.update(peer, { id: event.args.peerId }).set({ operator: event.args.operator });
});

ponder.on("Market:PeerRemoved", async ({ event, context }) => {
  const { offerId, peerId } = event.args;
  const removed = await context.db.update(peer, { id: peerId }).set({ removed: true });
  await context.db.update(offer, { id: offerId }).set((row) => ({ peerCount: row.peerCount - 1 }));
  await context.db.update(provider, { address: removed.provider }).set((row) => ({ peerCount: row.peerCount - 1 }));
});

ponder.on("Market:UnitsAdded", async ({ event, context }) => {
  const { peerId, unitIds } = event.args;
  const n = unitIds.length;
  const p = await context.db.update(peer, { id: peerId }).set((row) => ({ unitCount: row.unitCount + n }));
  // A removed CU's id may come back (under its peer: ids are scoped by the peer).
  const owner = { peerId, offerId: p.offerId, provider: p.provider, deal: null, removed: false };
  for (const id of unitIds) {
    await context.db
      .insert(computeUnit)
      .values({ id, ...owner, addedAt: event.block.timestamp })
      .onConflictDoUpdate({ ...owner, addedAt: event.block.timestamp });
  }
  await context.db.update(offer, { id: p.offerId }).set((row) => ({ unitCount: row.unitCount + n }));
  await context.db.update(provider, { address: p.provider }).set((row) => ({ unitCount: row.unitCount + n }));
});

ponder.on("Market:UnitsRemoved", async ({ event, context }) => {
  const { peerId, unitIds } = event.args;
  const n = unitIds.length;
  const p = await context.db.update(peer, { id: peerId }).set((row) => ({ unitCount: row.unitCount - n }));
  for (const id of unitIds) await context.db.update(computeUnit, { id }).set({ removed: true });
  await context.db.update(offer, { id: p.offerId }).set((row) => ({ unitCount: row.unitCount - n }));
  await context.db.update(provider, { address: p.provider }).set((row) => ({ unitCount: row.unitCount - n }));
});

ponder.on("Market:PeerCommitmentSet", async ({ event, context }) => {
  await context.db.update(peer, { id: event.args.peerId }).set({ commitmentId: event.args.commitmentId });
});
