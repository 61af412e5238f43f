// GET /deals/:address/candidates and /explain against a real chain and a running indexer: every matching rule,
// the provider cap counting CUs already in the deal, one CU per peer, cheapest first, and matching through the
// SDK's matcher with nothing skipped on chain.
import { createMatcher, type Explanation, type UnitExplanation } from "@cloudless/sdk";
import { type Hex, keccak256, toHex, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiStack, startApiStack } from "./support/api-harness.ts";
import { buildMarket, EFFECTORS, type Market, PEERS, type PeerName, PRICE } from "./support/api-market.ts";

const lower = (a: string) => a.toLowerCase();
const byPeerId = (...names: PeerName[]) => names.sort((a, b) => (PEERS[a].peerId < PEERS[b].peerId ? -1 : 1));
const peerOf = (unitId: Hex) => Object.values(PEERS).find((p) => p.unitIds.includes(unitId))!.peerId;

function units(explanation: Explanation): Map<Hex, UnitExplanation> {
  return new Map(explanation.offers.flatMap((o) => o.peers.flatMap((p) => p.units.map((u) => [u.unitId, u]))));
}

let stack: ApiStack;
let market: Market;
/** The CU of G2 that deal Y takes. */
let inY: Hex;

beforeAll(async () => {
  stack = await startApiStack();
  market = await buildMarket(stack);
  await stack.synced();
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

async function get(path: string) {
  const res = await fetch(`${stack.url}${path}`);
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

describe("requests", { timeout: 60_000 }, () => {
  it("answers 400 for a malformed address or limit and 404 for an unknown deal", async () => {
    expect(await get("/deals/0x1234/candidates")).toMatchObject({ status: 400, body: { error: { code: "INPUT" } } });
    expect(await get("/deals/not-an-address/explain")).toMatchObject({
      status: 400,
      body: { error: { code: "INPUT" } },
    });
    expect(await get(`/deals/${market.dealX}/candidates?limit=0`)).toMatchObject({ status: 400 });
    expect(await get(`/deals/${market.dealX}/candidates?limit=abc`)).toMatchObject({ status: 400 });
    expect(await get(`/deals/${market.dealX}/candidates?provider=0x12`)).toMatchObject({ status: 400 });
    const unknown = await get(`/deals/${zeroAddress.replace(/0$/, "1")}/candidates`);
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect((await get(`/deals/${market.owner.deployment.contracts.market}/explain`)).status).toBe(404);
    await expect(stack.indexer.candidates(market.owner.deployment.contracts.market)).rejects.toMatchObject({
      name: "NotFoundError",
    });
  });
});

describe("an allowlist deal", { timeout: 60_000 }, () => {
  it("takes only listed providers' CUs with an active commitment, and nothing once it has its CUs", async () => {
    const before = await stack.indexer.candidates(market.dealY);
    expect(before.needed).toBe(1n);
    expect(before.epoch).toBe(market.epoch);
    // P6 alone is listed; its peer G1's commitment failed
    expect(before.candidates.map((c) => c.peerId)).toEqual([PEERS.G2.peerId]);
    expect(PEERS.G2.unitIds).toContain(before.candidates[0]!.unitId);

    const explained = units(await stack.indexer.explain(market.dealY));
    expect(explained.get(PEERS.A1.unitIds[0]!)!.reasons).toEqual(["ProviderNotAllowed"]);
    expect(explained.get(PEERS.G1.unitIds[0]!)!.reasons).toEqual(["CommitmentNotActive"]);

    const { outcome } = await createMatcher({ cloudless: market.owner, indexer: stack.indexer }).matchDeal(
      market.dealY,
    );
    expect(outcome!.matched.map((m) => m.unitId)).toEqual([before.candidates[0]!.unitId]);
    inY = before.candidates[0]!.unitId;
    await stack.synced();

    const after = await stack.indexer.candidates(market.dealY);
    expect(after).toMatchObject({ needed: 0n, candidates: [] });
    const full = await stack.indexer.explain(market.dealY);
    expect(full.reasons).toEqual(["TargetReached"]);
    expect([...units(full).values()].every((u) => !u.eligible && u.reasons.includes("TargetReached"))).toBe(true);
  });
});

describe("a denylist deal with effectors and a provider cap", { timeout: 60_000 }, () => {
  it("counts the CUs a provider already has in the deal against its cap", async () => {
    const outcome = await market.owner.matching.match(market.dealX, [PEERS.A3.unitIds[0]!]);
    expect(outcome.matched).toHaveLength(1);
    await stack.synced();

    const { candidates, needed } = await stack.indexer.candidates(market.dealX);
    expect(needed).toBe(5n);
    const [cheaperB, dearerB] = byPeerId("B1", "B2");
    const [firstA] = byPeerId("A1", "A2");
    expect(candidates.map((c) => c.peerId)).toEqual([
      PEERS.G2.peerId, // 0.6: the CU G2 has left after deal Y took one
      PEERS[cheaperB!].peerId, // 0.8: P2's two peers (cap 2)
      PEERS[dearerB!].peerId,
      PEERS[firstA!].peerId, // 1.0: P1 has A3 in the deal already, so one more
    ]);
    expect(candidates.every((c) => peerOf(c.unitId) === c.peerId && c.unitId !== inY)).toBe(true);
    expect(candidates.map((c) => c.minPricePerUnit)).toEqual([PRICE.G, PRICE.B, PRICE.B, PRICE.A]);
    expect(candidates.map((c) => lower(c.provider))).toEqual(
      [market.providers.P6, market.providers.P2, market.providers.P2, market.providers.P1].map(lower),
    );
  });

  it("honours limit and a provider filter", async () => {
    const all = (await stack.indexer.candidates(market.dealX)).candidates;
    expect((await stack.indexer.candidates(market.dealX, { limit: 2 })).candidates).toEqual(all.slice(0, 2));
    const own = await stack.indexer.candidates(market.dealX, { provider: market.providers.P2 });
    expect(own.candidates).toEqual(all.filter((c) => lower(c.provider) === lower(market.providers.P2)));
  });

  it("explains every offer, peer and CU with the chain's reasons", async () => {
    const explanation = await stack.indexer.explain(market.dealX);
    expect(explanation.reasons).toEqual([]);
    const unit = units(explanation);
    const reasonsOf = (name: PeerName, index = 0) => unit.get(PEERS[name].unitIds[index]!)!.reasons;
    expect(reasonsOf("Ax")).toEqual(["MissingEffectors"]);
    expect(reasonsOf("C1")).toEqual(["PriceTooHigh"]);
    expect(reasonsOf("D1")).toEqual(["WrongToken"]);
    expect(reasonsOf("F1")).toEqual(["ProviderNotAllowed"]);
    for (const name of ["B3", "B4", "B5", "G1"] as const) expect(reasonsOf(name)).toEqual(["CommitmentNotActive"]);
    expect(unit.get(inY)).toMatchObject({ reasons: ["UnitInDeal"], deal: lower(market.dealY) });
    expect(reasonsOf("A3")).toEqual(["PeerInDeal", "UnitInDeal"]);
    // eligible on their own, but P1's cap leaves room for one more of its peers only
    const [, secondA] = byPeerId("A1", "A2");
    for (const id of PEERS[secondA!].unitIds)
      expect(unit.get(id)).toMatchObject({ eligible: true, candidate: false, reasons: [] });

    const candidates = (await stack.indexer.candidates(market.dealX)).candidates.map((c) => c.unitId).sort();
    const flagged = [...unit.values()]
      .filter((u) => u.candidate)
      .map((u) => u.unitId)
      .sort();
    expect(flagged).toEqual(candidates);

    const offerAx = explanation.offers.find((o) => o.peers.some((p) => p.peerId === PEERS.Ax.peerId))!;
    expect(offerAx).toMatchObject({
      eligible: false,
      reasons: ["MissingEffectors"],
      missingEffectors: [EFFECTORS.ipfs],
    });
    const peerG1 = explanation.offers.flatMap((o) => o.peers).find((p) => p.peerId === PEERS.G1.peerId)!;
    expect(peerG1).toMatchObject({ eligible: false, reasons: ["CommitmentNotActive"] });
    const { commitment } = await stack.indexer.graphql<{ commitment: { stage: string; failedAtEpoch: string } }>(
      "query ($id: BigInt!) { commitment(id: $id) { stage failedAtEpoch } }",
      { id: peerG1.commitmentId!.toString() },
    );
    expect(commitment.stage).toBe("Finished");
    expect(commitment.failedAtEpoch).not.toBeNull();
    const peerB4 = explanation.offers.flatMap((o) => o.peers).find((p) => p.peerId === PEERS.B4.peerId)!;
    expect(peerB4.commitmentId).toBeNull();
  });

  it("matches the candidates through the SDK's matcher with nothing skipped, then has none left", async () => {
    const expected = (await stack.indexer.candidates(market.dealX)).candidates.map((c) => c.unitId);
    const matcher = createMatcher({ cloudless: market.owner, indexer: stack.url });
    const { candidates, outcome } = await matcher.matchDeal(market.dealX);
    expect(candidates.map((c) => c.unitId)).toEqual(expected);
    expect(outcome!.skipped).toEqual([]);
    expect(outcome!.matched.map((m) => m.unitId)).toEqual(expected);
    await stack.synced();

    const after = await stack.indexer.candidates(market.dealX);
    expect(after).toMatchObject({ needed: 1n, candidates: [] });
    expect(await matcher.matchDeal(market.dealX)).toEqual({ candidates: [], outcome: undefined });

    const unit = units(await stack.indexer.explain(market.dealX));
    const [, secondA] = byPeerId("A1", "A2");
    for (const id of PEERS[secondA!].unitIds) expect(unit.get(id)!.reasons).toEqual(["ProviderCapReached"]);
    const matchedB1 = PEERS.B1.unitIds.find((u) => expected.includes(u))!;
    const otherB1 = PEERS.B1.unitIds.find((u) => u !== matchedB1)!;
    expect(unit.get(matchedB1)!.reasons).toEqual(["PeerInDeal", "ProviderCapReached", "UnitInDeal"]);
    expect(unit.get(otherB1)!.reasons).toEqual(["PeerInDeal", "ProviderCapReached"]);
  });
});

describe("status", { timeout: 60_000 }, () => {
  it("reports the indexed block, the chain head and the lag between them", async () => {
    await stack.synced();
    const synced = await stack.indexer.status();
    expect(synced).toMatchObject({ chainId: stack.deployment.chainId, ready: true, lag: { blocks: 0n } });
    expect(synced.indexed!.epoch).toBe(market.epoch);

    await stack.rpc("anvil_mine", ["0x14"]);
    const behind = await stack.indexer.status();
    expect(behind.head!.block).toBe(synced.head!.block + 20n);
    expect(behind.lag!.blocks).toBeGreaterThan(0n);
    expect(behind.lag!.blocks).toBe(behind.head!.block - behind.indexed!.block);

    await stack.synced();
    expect((await stack.indexer.status()).lag!.blocks).toBe(0n);
  });
});

// Last: these move the clock on.
describe("a peer that left a deal, and a deal that cannot pay", { timeout: 120_000 }, () => {
  it("proposes no CU of a peer within its rejoin delay, as the chain skips it", async () => {
    await market.owner.deals.returnUnit(market.dealY, inY);
    await stack.synced();
    const resting = await stack.indexer.candidates(market.dealY);
    expect(resting).toMatchObject({ needed: 1n, candidates: [] });
    const explained = units(await stack.indexer.explain(market.dealY));
    expect(explained.get(inY)!.reasons).toEqual(["RejoinTooSoon"]);
    // G2's other CU serves deal X
    for (const id of PEERS.G2.unitIds.filter((u) => u !== inY))
      expect(explained.get(id)!.reasons).toEqual(["RejoinTooSoon", "UnitInDeal"]);
    const outcome = await market.owner.matching.match(market.dealY, [inY]);
    expect(outcome.skipped).toEqual([{ unitId: inY, reason: "RejoinTooSoon" }]);

    const { rejoinDelay } = (await market.owner.deals.get(market.dealY)).terms;
    await stack.warpToEpoch(market.epoch + rejoinDelay);
    await stack.synced();
    const back = await stack.indexer.candidates(market.dealY);
    expect(back.candidates.map((c) => c.peerId)).toEqual([PEERS.G2.peerId]);
  });

  it("proposes nothing while the deal's balance is below its floor, and says why", async () => {
    const deal = await market.owner.deals.get(market.dealY);
    await market.owner.deals.withdraw(market.dealY, deal.billing.balance - deal.minBalance);
    const { outcome } = await createMatcher({ cloudless: market.owner, indexer: stack.indexer }).matchDeal(
      market.dealY,
    );
    const unitId = outcome!.matched[0]!.unitId;
    await stack.client(6).deals.setWorker(market.dealY, unitId, keccak256(toHex("worker")));
    // the worker's first epoch is paid from the floor; its CU then leaves, so the deal has room for one
    await stack.warpToEpoch((await market.owner.epochs.current()).epoch + 1n);
    await market.owner.deals.returnUnit(market.dealY, unitId);
    await stack.synced();

    expect(await stack.indexer.candidates(market.dealY)).toMatchObject({ needed: 0n, candidates: [] });
    expect((await stack.indexer.explain(market.dealY)).reasons).toEqual(["DealCannotPay"]);
    await expect(market.owner.matching.match(market.dealY, [PEERS.G2.unitIds[0]!])).rejects.toMatchObject({
      name: "ContractError",
      message: expect.stringContaining("cannot pay"),
    });
  });
});
