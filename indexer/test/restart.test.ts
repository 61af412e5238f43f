// A backfill killed in the middle (SIGKILL, as in a crash) and restarted with the same database schema resumes
// where it stopped and ends with exactly the tables of a clean run over the same chain.
import { join } from "node:path";
import { parseEther, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ids } from "../../sdk/test/support/ids.ts";
import { startChain, type TestChain } from "./support/chain.ts";
import { startIndexer, stopIndexers } from "./support/indexer.ts";
import { slowRpc } from "./support/slow-rpc.ts";
import { dumpTables, tableNames } from "./support/tables.ts";

let chain: TestChain;

beforeAll(async () => {
  chain = await startChain();
});

afterAll(async () => {
  await stopIndexers();
  await chain?.stop();
});

/** 50 CUs proving ten times an epoch for four epochs, a matched deal with workers, spread over ~150 blocks. */
async function seedBusyMarket() {
  const owner = chain.client(0);
  const provider = chain.client(1);
  const developer = chain.client(3);
  const { stakingToken, paymentToken, capacity } = chain.deployment.contracts;
  await owner.tokens.mint(stakingToken, owner.account!.address, parseEther("100000"));
  await owner.tokens.approve(stakingToken, capacity, parseEther("100000"));
  await owner.capacity.fundRewards(parseEther("100000"));

  const peers = ids.placed(5, 10, "busy", provider.account!.address);
  await provider.market.registerProvider("Busy");
  await provider.market.createOffer({ minPricePerUnit: parseUnits("1", 6), paymentToken, peers });
  await provider.tokens.mint(stakingToken, provider.account!.address, parseEther("100000"));
  await provider.tokens.approve(stakingToken, capacity, parseEther("100000"));
  for (const peer of peers) {
    const { commitmentId } = await provider.capacity.createCommitment({
      peerId: peer.peerId,
      duration: 20n,
      delegatorShareBps: 0n,
    });
    await provider.capacity.depositCollateral(commitmentId);
  }
  await chain.nextEpoch();
  await developer.tokens.mint(paymentToken, developer.account!.address, parseUnits("1000", 6));
  const { deal } = await developer.deals.create(
    {
      appCid: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
      minWorkers: 1n,
      targetWorkers: 2n,
      maxWorkersPerProvider: 2n,
      pricePerWorkerEpoch: parseUnits("1", 6),
      paymentToken,
      deposit: parseUnits("100", 6),
    },
    { approve: true },
  );
  const matched = [peers[0]!.unitIds[0]!, peers[1]!.unitIds[0]!];
  await developer.matching.match(deal, matched);
  for (const unitId of matched) await provider.deals.setWorker(deal, unitId, ids.id(`worker ${unitId}`));

  const units = peers.flatMap((p) => p.unitIds);
  for (let e = 0; e < 4; e++) {
    await provider.prove(units, 10);
    await chain.rpc("anvil_mine", ["0x14"]);
    await chain.nextEpoch();
    await developer.deals.deposit(deal, parseUnits("1", 6), { approve: true });
  }
}

describe("restart", () => {
  it("resumes a backfill killed in the middle and ends with the tables of a clean run", async () => {
    const deployed = await chain.head();
    await seedBusyMarket();
    const head = await chain.head();
    const options = { rpcUrl: chain.rpcUrl, deploymentPath: chain.deploymentPath };
    const resumedDir = join(chain.dir, "resumed");

    // slowed down so that it can be caught in the middle of its backfill
    const slow = await slowRpc(chain.rpcUrl, 300);
    const first = await startIndexer({ ...options, rpcUrl: slow.url, pgliteDir: resumedDir, waitReady: false });
    let partial: bigint | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (partial === undefined || partial <= deployed)) {
      partial = await first.indexedBlock();
      await new Promise((r) => setTimeout(r, 20));
    }
    await first.stop("SIGKILL");
    await slow.close();
    expect(partial!).toBeGreaterThan(deployed);
    expect(partial!).toBeLessThan(head - 30n); // Ponder's backfill ends 30 blocks (finality on anvil) below the head

    // The killed run still holds its lock: the restart waits for it to expire (25 s after its last heartbeat),
    // while a clean run indexes the same chain from scratch for reference.
    const [resumed, clean] = await Promise.all([
      startIndexer({
        ...options,
        schema: first.schema,
        pgliteDir: resumedDir,
        readyTimeoutMs: 90_000,
      }),
      startIndexer({ ...options, pgliteDir: join(chain.dir, "clean") }),
    ]);
    await Promise.all([resumed.waitForBlock(head, 60_000), clean.waitForBlock(head, 60_000)]);
    expect(resumed.output()).toContain("Detected crash recovery");

    const [after, reference] = await Promise.all([dumpTables(resumed), dumpTables(clean)]);
    expect(Object.keys(reference).sort()).toEqual([...tableNames].sort());
    expect(reference.proof!.length).toBe(48 * 10 * 4); // the 2 CUs in the deal do not prove
    expect(after).toEqual(reference);
  });
});
