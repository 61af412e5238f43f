// The whole protocol life cycle through the SDK on anvil, indexed live by Ponder: providers, offers and their
// changes, commitments (one removed, one failed and slashed), proofs over several epochs, rewards, a deal matched
// with skipped candidates, workers, billing, claims, a returned CU, the deal's settings and ownership, its stop and
// withdrawal. The indexed rows are checked through GraphQL, then every entity against the contracts (verifyIndexer).
import { join } from "node:path";
import { type Address, type Hex, parseEther, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capacityAbi, type Cloudless, coreAbi, effectorId } from "@cloudless/sdk";
import { verifyIndexer } from "../../sdk/src/indexer/verify.ts";
import { ids } from "../../sdk/test/support/ids.ts";
import { startChain, type TestChain } from "./support/chain.ts";
import { type Indexer, startIndexer, stopIndexers } from "./support/indexer.ts";
import { tamperProxy } from "./support/tamper-proxy.ts";

const tUSD = (v: string) => parseUnits(v, 6);
const CURL = "bafkreigph22wbqxqnkkaqgsylgwrjx5zbcasvvjceuwmb56p5igbpm6e2y";
const IPFS = "bafkreihafi3t4haj2db2bwh4dpuvgouseoextumawnvfkpugnttti55c4m";
const APP = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

let chain: TestChain;
let indexer: Indexer | undefined;
let indexing: Promise<Indexer>;

beforeAll(async () => {
  chain = await startChain();
  // Ponder starts (about ten seconds) while the life cycle runs: most of it is indexed live, block by block.
  indexing = startIndexer({
    rpcUrl: chain.rpcUrl,
    deploymentPath: chain.deploymentPath,
    pgliteDir: join(chain.dir, "db"),
  });
  indexing.catch(() => undefined); // awaited by the test, which reports a failure
});

afterAll(async () => {
  await stopIndexers();
  await chain?.stop();
});

/** Waits for an admin call of the protocol owner, which the SDK does not wrap. */
async function mined(owner: Cloudless, sent: Promise<Hex>) {
  const receipt = await owner.publicClient.waitForTransactionReceipt({ hash: await sent });
  expect(receipt.status).toBe("success");
}

describe("life cycle", () => {
  it("is indexed as the contracts see it", async () => {
    const owner = chain.client(0);
    const alpha = chain.client(1);
    const delegator = chain.client(2);
    const developer = chain.client(3);
    const beta = chain.client(4);
    const heir = chain.client(5);
    const address = (c: Cloudless) => c.account!.address;
    const { stakingToken, paymentToken, capacity, core } = chain.deployment.contracts;
    const admin = { account: owner.account!, chain: owner.chain };

    // the protocol: rewards funded and part of the reserve returned, a parameter, the allowlist and approvals
    await owner.tokens.mint(stakingToken, address(owner), parseEther("100000"));
    await owner.tokens.approve(stakingToken, capacity, parseEther("100000"));
    await owner.capacity.fundRewards(parseEther("100000"));
    await mined(
      owner,
      owner.walletClient!.writeContract({
        ...admin,
        address: capacity,
        abi: capacityAbi,
        functionName: "withdrawRewardReserve",
        args: [parseEther("1000")],
      }),
    );
    await mined(
      owner,
      owner.walletClient!.writeContract({
        ...admin,
        address: core,
        abi: coreAbi,
        functionName: "setParam",
        args: [1, parseEther("900")],
      }),
    );
    await mined(
      owner,
      owner.walletClient!.writeContract({
        ...admin,
        address: core,
        abi: coreAbi,
        functionName: "setProviderApproval",
        args: [address(alpha), true],
      }),
    );
    await mined(
      owner,
      owner.walletClient!.writeContract({
        ...admin,
        address: core,
        abi: coreAbi,
        functionName: "setAllowlistEnabled",
        args: [true],
      }),
    );
    await mined(
      owner,
      owner.walletClient!.writeContract({
        ...admin,
        address: core,
        abi: coreAbi,
        functionName: "setAllowlistEnabled",
        args: [false],
      }),
    );

    // Alpha: two peers of two CUs with curl, and a third peer it takes back; its offer's terms change
    const [pa0, pa1, pa2] = ids.placed(3, 2, "alpha", address(alpha));
    await alpha.market.registerProvider("Alpha");
    await alpha.market.updateProvider("Alpha Compute");
    const { offerId: alphaOffer } = await alpha.market.createOffer({
      minPricePerUnit: tUSD("1"),
      paymentToken,
      effectors: [CURL],
      peers: [pa0!, pa1!, pa2!],
    });
    await alpha.market.setOfferPrice(alphaOffer, tUSD("0.8"));
    await alpha.market.addEffectors(alphaOffer, [IPFS]);
    await alpha.market.removeEffectors(alphaOffer, [IPFS]);
    await alpha.market.removeUnits(pa2!.peerId, pa2!.unitIds);
    await alpha.market.removePeer(pa2!.peerId);
    await alpha.market.setPeerOperator(pa1!.peerId, address(alpha));

    // Beta: one peer without curl, whose commitment is removed once, then never proves
    const [pb0] = ids.placed(1, 2, "beta", address(beta));
    await beta.market.registerProvider("Beta");
    await beta.market.createOffer({ minPricePerUnit: tUSD("1"), paymentToken, peers: [pb0!] });
    const { commitmentId: removed } = await beta.capacity.createCommitment({
      peerId: pb0!.peerId,
      duration: 5n,
      delegatorShareBps: 0n,
    });
    await beta.capacity.removeCommitment(removed);

    // commitments: Alpha's name their delegator, Beta's is open to the first depositor
    const commitments: bigint[] = [];
    for (const peer of [pa0!, pa1!]) {
      const { commitmentId } = await alpha.capacity.createCommitment({
        peerId: peer.peerId,
        duration: 10n,
        delegator: address(delegator),
        delegatorShareBps: 2_000n,
      });
      commitments.push(commitmentId);
    }
    const { commitmentId: failing } = await beta.capacity.createCommitment({
      peerId: pb0!.peerId,
      duration: 5n,
      delegatorShareBps: 1_000n,
    });
    await delegator.tokens.mint(stakingToken, address(delegator), parseEther("1000"));
    for (const id of [...commitments, failing]) await delegator.capacity.depositCollateral(id, { approve: true });

    // three epochs of proofs from Alpha; Beta proves nothing and fails
    const start = await chain.nextEpoch();
    const alphaUnits = [...pa0!.unitIds, ...pa1!.unitIds];
    for (let e = 0; e < 3; e++) {
      await alpha.prove(alphaUnits);
      await chain.nextEpoch();
    }
    await alpha.prove(alphaUnits); // settles the earlier epochs
    await alpha.capacity.withdrawRewards(commitments[0]!);
    await delegator.capacity.withdrawRewards(commitments[0]!);

    // a deal needing curl, matched with candidates the chain skips
    await developer.tokens.mint(paymentToken, address(developer), tUSD("1000"));
    const { deal } = await developer.deals.create(
      {
        appCid: APP,
        minWorkers: 1n,
        targetWorkers: 2n,
        maxWorkersPerProvider: 2n,
        pricePerWorkerEpoch: tUSD("1.5"),
        paymentToken,
        effectors: [CURL],
        accessMode: "Denylist",
        accessList: [address(chain.client(7))],
        deposit: tUSD("30"),
      },
      { approve: true },
    );
    const unknown = ids.id("no such CU");
    const outcome = await developer.matching.match(deal, [
      pa0!.unitIds[0]!,
      pa0!.unitIds[1]!,
      pb0!.unitIds[0]!,
      unknown,
      pa1!.unitIds[0]!,
    ]);
    expect(outcome.skipped.map((s) => s.reason)).toEqual(["PeerInDeal", "MissingEffectors", "UnknownUnit"]);
    const [kept, returned] = [pa0!.unitIds[0]!, pa1!.unitIds[0]!];
    await alpha.deals.setWorker(deal, kept, ids.id("worker 1"));
    await alpha.deals.setWorker(deal, returned, ids.id("worker 2"));
    await alpha.deals.setWorker(deal, kept, ids.id("worker 1 again"));

    // a second deal that runs on with a worker and no event: the chain bills it lazily, the check must too
    const { deal: running } = await developer.deals.create(
      {
        appCid: APP,
        minWorkers: 1n,
        targetWorkers: 1n,
        maxWorkersPerProvider: 1n,
        pricePerWorkerEpoch: tUSD("1"),
        paymentToken,
        deposit: tUSD("10"),
      },
      { approve: true },
    );
    await developer.matching.match(running, [pa1!.unitIds[1]!]);
    await alpha.deals.setWorker(running, pa1!.unitIds[1]!, ids.id("worker 3"));

    // billed over two epochs; a deposit, a claim, a CU back to its commitment
    await chain.nextEpoch();
    await chain.nextEpoch();
    await developer.deals.deposit(deal, tUSD("5"), { approve: true });
    await alpha.deals.claimPay(deal, kept);
    await alpha.deals.returnUnit(deal, returned);
    await chain.nextEpoch();

    // the owner's settings, a new owner, and the end of the deal
    await developer.deals.setAppCid(deal, CURL);
    await developer.deals.setAccessMode(deal, "None");
    await developer.deals.setAccessList(deal, [address(chain.client(7))], false);
    await developer.deals.transferOwnership(deal, address(heir));
    await heir.deals.acceptOwnership(deal);
    await heir.deals.stop(deal);
    const { billing } = await heir.deals.get(deal);
    await heir.deals.withdraw(deal, billing.balance);
    await alpha.deals.claimProviderPay(deal);

    // Beta's commitment failed long ago; finishing it settles and slashes it
    await chain.nextEpoch();
    await beta.capacity.finishCommitment(failing);

    const head = await chain.head();
    indexer = await indexing;
    await indexer.waitForBlock(head, 60_000);

    type Page<T> = { items: T[]; totalCount?: number };
    const q = await indexer.graphql<{
      offer: { peerCount: number; unitCount: number; minPricePerUnit: string };
      offerEffectors: Page<{ effector: Hex }>;
      peer: { removed: boolean; unitCount: number };
      provider: { name: string; offerCount: number; peerCount: number; unitCount: number };
      commitments: Page<{
        id: string;
        stage: string;
        delegator: Address | null;
        slashed: string;
        failedAtEpoch: string;
      }>;
      deal: {
        owner: Address;
        ended: boolean;
        balance: string;
        units: number;
        workers: number;
        accessMode: string;
        claimed: string;
      };
      matchOutcomes: Page<{ unitId: Hex; result: string }>;
      dealPayments: Page<{ kind: string }>;
      proofs: Page<never>;
      protocol: {
        rewardPerEpoch: string;
        paramsEffectiveEpoch: string;
        allowlistEnabled: boolean;
        rewardReserve: string;
      };
    }>(
      `query ($offer: BigInt!, $removedPeer: String!, $alpha: String!, $deal: String!) {
        offer(id: $offer) { peerCount unitCount minPricePerUnit }
        offerEffectors(where: { offerId: $offer }) { items { effector } }
        peer(id: $removedPeer) { removed unitCount }
        provider(address: $alpha) { name offerCount peerCount unitCount }
        commitments(orderBy: "id") { items { id stage delegator slashed failedAtEpoch } }
        deal(address: $deal) { owner ended balance units workers accessMode claimed }
        matchOutcomes(where: { deal: $deal }, orderBy: "id") { items { unitId result } }
        dealPayments(where: { deal: $deal }) { items { kind } }
        proofs { totalCount }
        protocol(id: 1) { rewardPerEpoch paramsEffectiveEpoch allowlistEnabled rewardReserve }
      }`,
      { offer: alphaOffer.toString(), removedPeer: pa2!.peerId, alpha: address(alpha), deal },
    );
    expect(q.offer).toEqual({ peerCount: 2, unitCount: 4, minPricePerUnit: tUSD("0.8").toString() });
    expect(q.offerEffectors.items.map((e) => e.effector)).toEqual([effectorId(CURL)]);
    expect(q.peer).toEqual({ removed: true, unitCount: 0 });
    expect(q.provider).toEqual({ name: "Alpha Compute", offerCount: 1, peerCount: 2, unitCount: 4 });
    const stages = Object.fromEntries(q.commitments.items.map((c) => [c.id, c]));
    expect(stages[removed.toString()]!.stage).toBe("Removed");
    expect(stages[commitments[0]!.toString()]).toMatchObject({
      stage: "Deposited",
      delegator: address(delegator).toLowerCase(),
    });
    expect(stages[failing.toString()]).toMatchObject({ stage: "Finished", failedAtEpoch: (start + 3n).toString() });
    expect(BigInt(stages[failing.toString()]!.slashed)).toBeGreaterThan(0n);
    expect(q.deal).toMatchObject({
      owner: address(heir).toLowerCase(),
      ended: true,
      balance: "0",
      units: 1,
      workers: 1,
      accessMode: "None",
    });
    expect(q.matchOutcomes.items.map((m) => m.result).sort()).toEqual(
      ["Matched", "Matched", "MissingEffectors", "PeerInDeal", "UnknownUnit"].sort(),
    );
    expect(new Set(q.dealPayments.items.map((p) => p.kind))).toEqual(
      new Set(["deposit", "billing", "claim", "stop", "withdrawal"]),
    );
    const proofEvents = await owner.publicClient.getContractEvents({
      address: capacity,
      abi: capacityAbi,
      eventName: "ProofSubmitted",
      fromBlock: 0n,
    });
    expect(q.proofs.totalCount).toBe(proofEvents.length);
    expect(q.protocol).toMatchObject({ rewardPerEpoch: parseEther("900").toString(), allowlistEnabled: false });
    expect(BigInt(q.protocol.rewardReserve)).toBe(await owner.capacity.rewardReserve());

    const lazily = await developer.deals.get(running);
    expect(lazily.billing.balance).toBeLessThan(tUSD("10"));
    expect(lazily.status).toBe("Active");
    expect(await verifyIndexer({ cloudless: owner, indexerUrl: indexer.url })).toEqual([]);
  });

  it("fails the consistency check of an indexer that is wrong", async () => {
    const proxy = await tamperProxy(indexer!.url, (data) => {
      const first = (table: string) => data[table]?.items?.[0];
      const ended = data.deals?.items?.find((d) => d.endEpoch !== null);
      if (ended) ended.balance = "1";
      if (first("peers")) first("peers")!.operator = "0x00000000000000000000000000000000000000aa";
      if (first("commitments")) first("commitments")!.stage = "Finished";
    });
    try {
      const differences = await verifyIndexer({ cloudless: chain.client(0), indexerUrl: proxy.url });
      expect(differences.map((d) => `${d.entity}.${d.field}`).sort()).toEqual(
        ["commitment.stage", "deal.balance", "peer.operator"].sort(),
      );
      expect(differences.find((d) => d.field === "balance")).toMatchObject({ indexed: "1", chain: "0" });
    } finally {
      await proxy.close();
    }
  });
});
