// Candidates benchmark: a market of 10,000 CUs on anvil (20 providers, 1,000 committed peers of 10 CUs, offers at
// several prices, in two tokens, with and without an effector), three deals with different terms (one partly
// matched), indexed by a cold indexer; then the latency of GET /deals/:address/candidates over 300 requests.
// Block time is frozen and transactions are mined together every few milliseconds, so that seeding makes a few
// hundred blocks rather than thousands (the indexer's backfill fetches every block that has an event).
import { type Address, type Hex, keccak256, numberToHex, parseEther, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type Cloudless, createCloudless } from "../../sdk/src/client.ts";
import { createIndexerClient } from "../../sdk/src/indexer/client.ts";
import { anvilRpc, startAnvil } from "../../sdk/src/devnet/anvil.ts";
import { type Deployment, epochStartsAt } from "../../sdk/src/deployment.ts";
import { ANVIL_KEYS, deployProtocol, discardDeployment } from "../../sdk/src/devnet/deploy.ts";
import { startPonder } from "../../sdk/src/devnet/ponder.ts";

const PROVIDERS = 20;
const PEERS_PER_PROVIDER = 50;
const UNITS_PER_PEER = 10;
const REQUESTS = 300;
const WARM_UP = 20;

const id = (label: string): Hex => keccak256(toHex(label));
const EFFECTOR = id("bench/effector");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` with automine off and a block mined every few milliseconds, taking what is pending. */
async function inBatchedBlocks<T>(rpcUrl: string, fn: () => Promise<T>): Promise<T> {
  await anvilRpc(rpcUrl, "evm_setAutomine", [false]);
  let mining = true;
  const miner = (async () => {
    while (mining) {
      await anvilRpc(rpcUrl, "evm_mine");
      await sleep(10);
    }
  })();
  try {
    return await fn();
  } finally {
    mining = false;
    await miner;
    await anvilRpc(rpcUrl, "evm_setAutomine", [true]);
  }
}

/** One provider: two offers of 25 peers (the second one dearer, every fourth provider paid in the staking token). */
async function seedProvider(cl: Cloudless, index: number) {
  const { stakingToken, paymentToken, capacity } = cl.deployment.contracts;
  await cl.market.registerProvider(`bench provider ${index}`);
  const specs = Array.from({ length: PEERS_PER_PROVIDER }, (_, p) => ({
    publicKey: id(`bench/${index}/peer/${p}`),
    unitLabels: Array.from({ length: UNITS_PER_PEER }, (_, u) => id(`bench/${index}/peer/${p}/cu/${u}`)),
  }));
  const half = PEERS_PER_PROVIDER / 2;
  const price = 1_000_000n + BigInt(index) * 50_000n;
  const cheap = await cl.market.createOffer({
    minPricePerUnit: price,
    paymentToken,
    effectors: index % 2 ? [EFFECTOR] : [],
    peers: specs.slice(0, half),
  });
  const dear = await cl.market.createOffer({
    minPricePerUnit: price * 2n,
    paymentToken: index % 4 === 3 ? stakingToken : paymentToken,
    effectors: [EFFECTOR],
    peers: specs.slice(half),
  });
  const peers = [...cheap.peers, ...dear.peers];
  await cl.tokens.mint(stakingToken, cl.account!.address, parseEther("100000000"));
  await cl.tokens.approve(stakingToken, capacity, parseEther("100000000"));
  for (const peer of peers) {
    const { commitmentId } = await cl.capacity.createCommitment({
      peerId: peer.peerId,
      duration: 100n,
      delegatorShareBps: 0n,
    });
    await cl.capacity.depositCollateral(commitmentId);
  }
}

async function seedDeals(owner: Cloudless, providers: Address[]) {
  const { paymentToken } = owner.deployment.contracts;
  await owner.tokens.mint(paymentToken, owner.account!.address, 10n ** 15n);
  const create = (spec: Partial<Parameters<Cloudless["deals"]["create"]>[0]>) =>
    owner.deals
      .create(
        {
          appCid: id("bench/app"),
          minWorkers: 1n,
          targetWorkers: 100n,
          maxWorkersPerProvider: 10n,
          pricePerWorkerEpoch: 5_000_000n,
          paymentToken,
          deposit: 10n ** 13n,
          ...spec,
        },
        { approve: true },
      )
      .then((r) => r.deal);
  return [
    // every offer in the token qualifies on price
    await create({}),
    // the effector, three providers denied, a big deal: long answers
    await create({
      pricePerWorkerEpoch: 2_000_000n,
      effectors: [EFFECTOR],
      targetWorkers: 1_000n,
      maxWorkersPerProvider: 100n,
      accessMode: "Denylist",
      accessList: providers.slice(0, 3),
    }),
    // five providers allowed
    await create({
      targetWorkers: 50n,
      maxWorkersPerProvider: 5n,
      accessMode: "Allowlist",
      accessList: providers.slice(5, 10),
    }),
  ];
}

export interface CandidatesBenchResult {
  units: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

export async function benchCandidates(log: (line: string) => void = console.log): Promise<CandidatesBenchResult> {
  const anvil = await startAnvil();
  const file = `test-bench-candidates-${anvil.port}.json`;
  let record: { deployment: Deployment; path: string } | undefined;
  try {
    record = await deployProtocol({ rpcUrl: anvil.rpcUrl, file, keep: true });
    const { deployment, path } = record;
    const connect = (key: Hex) =>
      createCloudless({ deployment, rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(key), pollingIntervalMs: 5 });
    const keys = Array.from({ length: PROVIDERS }, (_, i) => id(`bench/provider-key/${i}`));
    const providers = keys.map(connect);
    for (const cl of providers)
      await anvilRpc(anvil.rpcUrl, "anvil_setBalance", [cl.account!.address, numberToHex(parseEther("1000"))]);
    await anvilRpc(anvil.rpcUrl, "anvil_setBlockTimestampInterval", [0]);

    const units = PROVIDERS * PEERS_PER_PROVIDER * UNITS_PER_PEER;
    log(`seeding: ${PROVIDERS} providers, ${PROVIDERS * PEERS_PER_PROVIDER} committed peers, ${units} CUs`);
    let started = performance.now();
    await inBatchedBlocks(anvil.rpcUrl, () => Promise.all(providers.map((cl, i) => seedProvider(cl, i))));
    const owner = connect(ANVIL_KEYS[0]);
    await warpToNextEpoch(anvil.rpcUrl, owner);
    const deals = await seedDeals(
      owner,
      providers.map((cl) => cl.account!.address),
    );
    const seeded = BigInt(await anvilRpc<Hex>(anvil.rpcUrl, "eth_blockNumber"));
    log(`seeded ${seeded} blocks in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    started = performance.now();
    // a fresh PGlite database, whatever DATABASE_URL says
    const indexer = await startPonder({ rpcUrl: anvil.rpcUrl, deploymentPath: path, schema: "bench" });
    try {
      const client = createIndexerClient({ url: indexer.url });
      const head = BigInt(await anvilRpc<Hex>(anvil.rpcUrl, "eth_blockNumber"));
      await client.waitForBlock(head, { timeoutMs: 300_000 });
      log(`indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

      // a partly matched deal: its CUs, peers and per-provider counts take part in the query
      const first = await client.candidates(deals[0]!, { limit: 40 });
      const { skipped } = await owner.matching.match(
        deals[0]!,
        first.candidates.map((c) => c.unitId),
      );
      if (skipped.length) throw new Error(`matchDeal skipped ${skipped.length} of the indexer's candidates`);
      await client.waitForBlock(BigInt(await anvilRpc<Hex>(anvil.rpcUrl, "eth_blockNumber")), { timeoutMs: 60_000 });

      const perDeal = deals.map(() => ({ size: 0, latencies: [] as number[] }));
      for (let i = 0; i < WARM_UP + REQUESTS; i++) {
        const d = perDeal[i % deals.length]!;
        const t = performance.now();
        const res = await fetch(`${indexer.url}/deals/${deals[i % deals.length]}/candidates`);
        const body = (await res.json()) as { candidates: unknown[] };
        const ms = performance.now() - t;
        if (!res.ok) throw new Error(`candidates answered HTTP ${res.status}`);
        d.size = body.candidates.length;
        if (i >= WARM_UP) d.latencies.push(ms);
      }
      for (const d of perDeal) {
        d.latencies.sort((a, b) => a - b);
        log(
          `  a deal answered with ${d.size} CUs: p50 ${percentile(d.latencies, 0.5).toFixed(1)} ms, ` +
            `p99 ${percentile(d.latencies, 0.99).toFixed(1)} ms`,
        );
      }
      const latencies = perDeal.flatMap((d) => d.latencies).sort((a, b) => a - b);
      const result = {
        units,
        requests: latencies.length,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        max: latencies[latencies.length - 1]!,
      };
      log(
        `candidates over ${units} CUs: ${result.requests} requests, ` +
          `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
      );
      return result;
    } finally {
      await indexer.stop();
    }
  } finally {
    if (record) discardDeployment(record.deployment, record.path);
    await anvil.stop();
  }
}

async function warpToNextEpoch(rpcUrl: string, cl: Cloudless) {
  const { deployment } = cl;
  const { epoch } = await cl.epochs.current();
  await anvilRpc(rpcUrl, "evm_setNextBlockTimestamp", [numberToHex(epochStartsAt(deployment, epoch + 1n))]);
  await anvilRpc(rpcUrl, "evm_mine");
}

/** The closing line: `BENCH candidates_p99 <ms> ms ref=50 ratio=<50/ms>`. */
export const candidatesBenchLine = (r: CandidatesBenchResult) =>
  `BENCH candidates_p99 ${r.p99.toFixed(2)} ms ref=50 ratio=${(50 / r.p99).toFixed(2)}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(candidatesBenchLine(await benchCandidates()));
}
