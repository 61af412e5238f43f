// Splitting against a chain whose blocks are small: chunks that cannot even be estimated (beyond the block gas
// limit) are halved, and every transaction sent fits the budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChain, type TestChain } from "./support/chain.ts";
import { ids } from "./support/ids.ts";

const BLOCK_GAS = 300_000;
let chain: TestChain;
beforeAll(async () => {
  chain = await startChain({ gasLimit: BLOCK_GAS });
});
afterAll(() => chain?.stop());

describe("gas-sized batches on small blocks", () => {
  it("registers 300 CUs in transactions under half the block gas limit", async () => {
    const p = chain.client(1);
    await p.market.registerProvider("Small Blocks");
    const { offerId, results, peers } = await p.market.createOffer({
      minPricePerUnit: 1_000n,
      paymentToken: chain.deployment.contracts.paymentToken,
      peers: ids.peers(3, 100, "small-blocks"),
    });
    expect(results.length).toBeGreaterThanOrEqual(6);
    for (const r of results) expect(r.receipt.gasUsed).toBeLessThanOrEqual(BigInt(BLOCK_GAS / 2));
    expect((await p.market.getOffer(offerId)).peerCount).toBe(3);
    for (const peer of peers) expect((await p.market.getPeer(peer.peerId)).unitCount).toBe(100);
  });

  it("still reports a real revert of a single item instead of splitting forever", async () => {
    const p = chain.client(2);
    // not a registered provider: even one CU reverts with the contract's reason
    await expect(
      p.market.createOffer({
        minPricePerUnit: 1_000n,
        paymentToken: chain.deployment.contracts.paymentToken,
        peers: ids.peers(1, 300, "unregistered"),
      }),
    ).rejects.toMatchObject({ errorName: "ProviderNotRegistered" });
  });
});
