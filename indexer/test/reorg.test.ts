// A chain reorganisation while Ponder indexes live: blocks it indexed are replaced by others (anvil's evm_revert
// to a snapshot, then new blocks), and the rows the old blocks wrote disappear while the new ones appear.
import { join } from "node:path";
import { parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyIndexer } from "../../sdk/src/indexer/verify.ts";
import { ids } from "../../sdk/test/support/ids.ts";
import { startChain, type TestChain } from "./support/chain.ts";
import { type Indexer, startIndexer, stopIndexers } from "./support/indexer.ts";

let chain: TestChain;
let indexer: Indexer | undefined;

beforeAll(async () => {
  chain = await startChain();
});

afterAll(async () => {
  await stopIndexers();
  await chain?.stop();
});

type Providers = { providers: { items: { name: string; offerCount: number; unitCount: number }[] } };
const providersQuery = `{ providers(orderBy: "name") { items { name offerCount unitCount } } }`;

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("reorg", () => {
  it("drops the rows of blocks a reorganisation replaced", async () => {
    const { paymentToken } = chain.deployment.contracts;
    const register = async (index: number, name: string, units: number) => {
      const provider = chain.client(index);
      await provider.market.registerProvider(name);
      await provider.market.createOffer({
        minPricePerUnit: parseUnits("1", 6),
        paymentToken,
        peers: ids.peers(1, units, name),
      });
    };
    await register(1, "Before", 2);
    indexer = await startIndexer({
      rpcUrl: chain.rpcUrl,
      deploymentPath: chain.deploymentPath,
      pgliteDir: join(chain.dir, "db"),
    });

    const snapshot = await chain.rpc<string>("evm_snapshot");
    const fork = await chain.head();
    await register(2, "Orphan", 3);
    await indexer.waitForBlock(await chain.head());
    const seen = await indexer.graphql<Providers>(providersQuery);
    expect(seen.providers.items.map((p) => p.name)).toEqual(["Before", "Orphan"]);

    // the blocks after the fork are replaced by a longer chain without the orphan's transactions
    await chain.rpc("evm_revert", [snapshot]);
    expect(await chain.head()).toBe(fork);
    await register(3, "Replacement", 1);
    await chain.rpc("anvil_mine", ["0x5"]);
    const head = await chain.head();
    await indexer.waitForBlock(head);

    const after = await eventually(
      () => indexer!.graphql<Providers>(providersQuery),
      (r) => r.providers.items.every((p) => p.name !== "Orphan"),
    );
    expect(after.providers.items).toEqual([
      { name: "Before", offerCount: 1, unitCount: 2 },
      { name: "Replacement", offerCount: 1, unitCount: 1 },
    ]);
    const offers = await indexer.graphql<{ offers: { items: { id: string; provider: string }[] } }>(
      `{ offers(orderBy: "id") { items { id provider } } }`,
    );
    expect(offers.offers.items.map((o) => o.id)).toEqual(["1", "2"]);
    expect(await verifyIndexer({ cloudless: chain.client(0), indexerUrl: indexer.url })).toEqual([]);
  });
});
