// Market events: providers, offers, effectors, peers and CUs.
import { ponder } from "ponder:registry";
import { computeUnit, offer, offerEffector, peer, provider } from "ponder:schema";

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

ponder.on("Market:PeerAdded", async ({ event, context }) => {
  const o = await context.db.find(offer, { id: event.args.offerId });
  await context.db
    .insert(peer)
    .values({
      id: event.args.peerId,
      offerId: event.args.offerId,
      provider: o!.provider,
      operator: event.args.operator,
      addedAt: event.block.timestamp,
    })
    .onConflictDoUpdate({ offerId: event.args.offerId, operator: event.args.operator, removed: false, unitCount: 0 });
  await context.db.update(offer, { id: event.args.offerId }).set((row) => ({ peerCount: row.peerCount + 1 }));
});

ponder.on("Market:UnitsAdded", async ({ event, context }) => {
  const p = await context.db.find(peer, { id: event.args.peerId });
  for (const id of event.args.unitIds) {
    await context.db
      .insert(computeUnit)
      .values({ id, peerId: p!.id, offerId: p!.offerId, provider: p!.provider, addedAt: event.block.timestamp })
      .onConflictDoUpdate({ peerId: p!.id, offerId: p!.offerId, provider: p!.provider, removed: false, deal: null });
  }
  const n = event.args.unitIds.length;
  await context.db.update(peer, { id: p!.id }).set((row) => ({ unitCount: row.unitCount + n }));
  await context.db.update(offer, { id: p!.offerId }).set((row) => ({ unitCount: row.unitCount + n }));
});

export { offerEffector };
