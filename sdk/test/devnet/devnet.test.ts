// `npm start` end to end: the real devnet process on a free port, its seeded market read back through the SDK, the
// prover loop across an epoch, a clean stop on SIGINT, and a clear refusal of a taken port.
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createTestClient, http, parseUnits, zeroHash } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cloudless, createCloudless } from "../../src/client.ts";
import { freePort, portFree, repoRoot } from "../../src/devnet/anvil.ts";
import { DEVNET_PLAN, devnetAddress, devnetPeerIds } from "../../src/devnet/seed.ts";
import { type Deployment, epochStartsAt, loadDeployment } from "../../src/deployment.ts";
import { type DevnetProcess, startDevnet } from "./process.ts";

const plan = DEVNET_PLAN;
const tusd = (amount: string) => parseUnits(amount, 6);
const cls = (amount: string) => parseUnits(amount, 18);

describe("npm start", () => {
  let devnet: DevnetProcess;
  let port: number;
  let indexerPort: number;
  let rpcUrl: string;
  let recordPath: string;
  let deployment: Deployment;
  let client: Cloudless;

  beforeAll(async () => {
    port = await freePort();
    indexerPort = await freePort();
    rpcUrl = `http://127.0.0.1:${port}`;
    const file = `test-devnet-${port}.json`;
    recordPath = join(repoRoot, "deployments", file);
    devnet = startDevnet(["--port", String(port), "--deployment-file", file, "--indexer-port", String(indexerPort)]);
    await devnet.waitFor(/ready in [\d.]+ s/, 90_000);
    deployment = loadDeployment(recordPath);
    client = createCloudless({ deployment, rpcUrl });
  }, 100_000);

  afterAll(() => {
    if (devnet?.child.exitCode === null) devnet.child.kill("SIGKILL");
    if (recordPath) rmSync(recordPath, { force: true });
  });

  it("writes the deployment record and prints where everything is", () => {
    expect(deployment.chainId).toBe(31337);
    const out = devnet.output();
    expect(out).toContain(rpcUrl);
    for (const address of Object.values(deployment.contracts)) expect(out).toContain(address);
    expect(out).toMatch(/well-known devnet keys/);
    for (const p of plan.providers) expect(out).toContain(`provider "${p.name}"`);
    expect(out).toMatch(/npx cloudless deal show 0x[0-9a-fA-F]{40}/);
  });

  it("seeds three named providers, each with an offer at its price, two peers and their CUs", async () => {
    expect(await client.market.offerCount()).toBe(3n);
    for (const p of plan.providers) {
      const address = devnetAddress(p.account);
      expect((await client.market.getProvider(address)).name).toBe(p.name);
      const peers = devnetPeerIds(p);
      const first = await client.market.getPeer(peers[0]!.peerId);
      const offer = await client.market.getOffer(first.offerId);
      expect(offer).toMatchObject({
        provider: address,
        minPricePerUnit: tusd(p.price),
        paymentToken: deployment.contracts.paymentToken,
        peerCount: 2,
      });
      for (const cid of p.effectors) expect(await client.market.hasEffector(first.offerId, cid)).toBe(true);
      for (const peer of peers) expect((await client.market.getPeer(peer.peerId)).unitCount).toBe(peer.unitIds.length);
    }
  });

  it("activates one commitment per peer, its collateral deposited by a delegator", async () => {
    const peers = plan.providers.flatMap((p) =>
      devnetPeerIds(p).map((peer) => ({ ...peer, provider: devnetAddress(p.account) })),
    );
    expect(await client.capacity.commitmentCount()).toBe(BigInt(peers.length));
    const byDelegator = new Map<string, number>();
    for (const peer of peers) {
      const { commitmentId } = await client.market.getPeer(peer.peerId);
      const c = await client.capacity.getCommitment(commitmentId);
      expect(c).toMatchObject({ status: "Active", provider: peer.provider, unitCount: BigInt(peer.unitIds.length) });
      byDelegator.set(c.delegator, (byDelegator.get(c.delegator) ?? 0) + 1);
    }
    expect([...byDelegator.keys()].sort()).toEqual(plan.delegators.map(devnetAddress).sort());
    expect([...byDelegator.values()]).toEqual([3, 3]);
  });

  it("funds the reward pool, which has paid the epochs proved so far", async () => {
    const reserve = await client.capacity.rewardReserve();
    const { rewardPerEpoch } = await client.epochs.params();
    expect(reserve).toBeLessThanOrEqual(cls(plan.rewardFunding) - rewardPerEpoch);
    expect(reserve).toBeGreaterThanOrEqual(cls(plan.rewardFunding) - 3n * rewardPerEpoch);
  });

  it("gives the developer test USD and a deal matched to three CUs of three providers, each with a worker", async () => {
    const developer = devnetAddress(plan.developer);
    expect(await client.tokens.balanceOf(deployment.contracts.paymentToken, developer)).toBe(
      tusd(plan.developerFunds) - tusd(plan.deal.deposit),
    );
    const deals = await client.deals.list(developer);
    expect(deals).toHaveLength(1);
    const deal = await client.deals.get(deals[0]!);
    expect(deal).toMatchObject({ owner: developer, appCid: plan.deal.appCid, unitCount: 3n });
    expect(deal.terms).toMatchObject({ targetWorkers: 3n, pricePerWorkerEpoch: tusd(plan.deal.price) });
    expect(deal.billing.workers).toBe(3);
    const workers = await client.deals.workers(deal.address);
    expect(workers).toHaveLength(3);
    expect(new Set(workers.map((w) => w.provider)).size).toBe(3);
    for (const w of workers) expect(w.workerId).not.toBe(zeroHash);
    expect(devnet.output()).toContain(`npx cloudless deal show ${deal.address}`);
  });

  it("proves every seeded CU outside the deal in each new epoch", async () => {
    const { epoch, secondsLeft } = await client.epochs.current();
    const next = epoch + 1n;
    // jump to the next epoch's start, unless it is about to come anyway (a block may already be past it)
    if (secondsLeft > 2n) {
      await createTestClient({ mode: "anvil", transport: http(rpcUrl) }).setNextBlockTimestamp({
        timestamp: epochStartsAt(deployment, next),
      });
    }
    const inDeal = new Set((await client.deals.workers((await client.deals.list())[0]!)).map((w) => w.unitId));
    const units = plan.providers
      .flatMap((p) => devnetPeerIds(p).flatMap((peer) => peer.unitIds))
      .filter((u) => !inDeal.has(u));
    const { minProofsPerEpoch } = await client.epochs.params();
    const proved = async () => {
      const states = await Promise.all(units.map((u) => client.capacity.unitState(u)));
      return states.every((s) => BigInt(s.epoch) === next && s.proofs >= minProofsPerEpoch);
    };
    const deadline = Date.now() + 15_000;
    while (!(await proved())) {
      if (Date.now() > deadline)
        throw new Error(`the seeded CUs were not proved in epoch ${next}; output:\n${devnet.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it("runs the indexer and prints its GraphQL URL, which answers about the seeded market", async () => {
    const graphqlUrl = `http://127.0.0.1:${indexerPort}/graphql`;
    expect(devnet.output()).toContain(graphqlUrl);
    const res = await fetch(graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ providers { items { name offerCount } } offers { items { id } } }" }),
    });
    const { data } = (await res.json()) as {
      data: { providers: { items: { name: string; offerCount: number }[] }; offers: { items: unknown[] } };
    };
    expect(data.providers.items.map((p) => p.name).sort()).toEqual(plan.providers.map((p) => p.name).sort());
    expect(data.providers.items.every((p) => p.offerCount === 1)).toBe(true);
    expect(data.offers.items).toHaveLength(3);
  });

  it("stops on SIGINT: exit code 0 within seconds, a final line, and the ports free again", async () => {
    devnet.child.kill("SIGINT");
    expect(await devnet.exit(8_000)).toBe(0);
    expect(devnet.output().trimEnd().split("\n").at(-1)).toMatch(/devnet stopped/);
    expect(await portFree(port)).toBe(true);
    expect(await portFree(indexerPort)).toBe(true);
  });
});

describe("npm start on a taken port", () => {
  it("says so in one message, without a stack trace, and exits non-zero", async () => {
    const server = createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
    );
    try {
      for (const args of [
        ["--port", String(port), "--no-indexer"],
        ["--port", String(await freePort()), "--indexer-port", String(port)],
      ]) {
        const devnet = startDevnet([...args, "--deployment-file", `test-devnet-${port}.json`]);
        expect(await devnet.exit(20_000)).not.toBe(0);
        expect(devnet.stderr()).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
        expect(devnet.stderr()).not.toMatch(/^\s+at /m);
      }
    } finally {
      server.close();
    }
  });
});
