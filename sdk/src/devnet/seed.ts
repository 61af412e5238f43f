// Seeds a local devnet with a small, realistic market through the SDK alone: providers with offers, peers and CUs,
// capacity commitments whose collateral delegators deposit, a funded reward pool, and a developer whose deal is
// matched and has workers. Commitments start at the next epoch: the chain is moved there instead of waited for.
import { type Address, createTestClient, type Hex, http, isAddressEqual, keccak256, parseUnits, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type Cloudless, createCloudless } from "../client.ts";
import { type Deployment, epochStartsAt } from "../deployment.ts";
import { CloudlessError } from "../errors.ts";
import { peerIdOf, unitIdOf } from "../contracts/ids.ts";
import type { PeerSpec } from "../contracts/market.ts";
import { eventsOf } from "../tx.ts";
import { ANVIL_KEYS } from "./deploy.ts";

/** Effector CIDs (raw sha2-256 CIDv1) the devnet's offers support. */
export const DEVNET_EFFECTORS = {
  curl: "bafkreigph22wbqxqnkkaqgsylgwrjx5zbcasvvjceuwmb56p5igbpm6e2y",
  ipfs: "bafkreihafi3t4haj2db2bwh4dpuvgouseoextumawnvfkpugnttti55c4m",
} as const;

export interface ProviderPlan {
  /** Index into anvil's default accounts. */
  account: number;
  name: string;
  /** Minimum price in whole payment tokens per CU per epoch. */
  price: string;
  effectors: string[];
  /** How many CUs each of its peers holds. */
  unitsPerPeer: number[];
}

/** Who does what (indices into anvil's default accounts) and how much, in whole tokens. */
export interface DevnetPlan {
  owner: number;
  providers: ProviderPlan[];
  /** Commitments take their delegators from this list in turn. */
  delegators: number[];
  developer: number;
  commitmentEpochs: bigint;
  delegatorShareBps: bigint;
  /** Staking tokens minted to each delegator. */
  delegatorStake: string;
  /** Staking tokens the owner puts into the reward pool. */
  rewardFunding: string;
  /** Payment tokens minted to the developer. */
  developerFunds: string;
  deal: { appCid: string; targetWorkers: bigint; maxWorkersPerProvider: bigint; price: string; deposit: string };
}

export const DEVNET_PLAN: DevnetPlan = {
  owner: 0,
  providers: [
    { account: 1, name: "Northwind Compute", price: "0.8", effectors: [], unitsPerPeer: [2, 3] },
    { account: 2, name: "Bluefin Cloud", price: "1.0", effectors: [DEVNET_EFFECTORS.curl], unitsPerPeer: [3, 4] },
    {
      account: 3,
      name: "Cedar Racks",
      price: "1.2",
      effectors: [DEVNET_EFFECTORS.curl, DEVNET_EFFECTORS.ipfs],
      unitsPerPeer: [2, 4],
    },
  ],
  delegators: [4, 5],
  developer: 6,
  // 10,000 epochs of 30 s: about three and a half days
  commitmentEpochs: 10_000n,
  delegatorShareBps: 3_000n,
  delegatorStake: "10000",
  // the pool for every epoch of the commitments at the devnet's 1,000 CLS per epoch
  rewardFunding: "10000000",
  developerFunds: "100000",
  deal: {
    appCid: "bafkreigl7p337gcnnprgbk4wzhukgi7wyd3zd6b3osw5hcb2uujfg6y2tq",
    targetWorkers: 3n,
    maxWorkersPerProvider: 1n,
    price: "1.5",
    deposit: "10000",
  },
};

export interface SeededPeer {
  peerId: Hex;
  unitIds: Hex[];
  commitmentId: bigint;
  delegator: Address;
}

export interface SeededProvider {
  account: number;
  address: Address;
  name: string;
  offerId: bigint;
  minPricePerUnit: bigint;
  effectors: string[];
  peers: SeededPeer[];
}

export interface SeededWorker {
  unitId: Hex;
  peerId: Hex;
  provider: Address;
  workerId: Hex;
}

export interface SeededMarket {
  plan: DevnetPlan;
  providers: SeededProvider[];
  rewardFunding: bigint;
  /** The commitments' first epoch, already proved when seeding returns. */
  activeEpoch: bigint;
  deal: { address: Address; workers: SeededWorker[] };
}

/** SDK clients signing with anvil's default accounts, one per index, made once. */
export function devnetClients(rpcUrl: string, deployment: Deployment): (index: number) => Cloudless {
  const made = new Map<number, Cloudless>();
  return (index) => {
    let client = made.get(index);
    if (!client) {
      const key = ANVIL_KEYS[index];
      if (!key) throw new CloudlessError("INPUT", `anvil has no default account #${index}`);
      client = createCloudless({ deployment, rpcUrl, account: privateKeyToAccount(key) });
      made.set(index, client);
    }
    return client;
  };
}

export const devnetAddress = (index: number): Address => privateKeyToAccount(ANVIL_KEYS[index]!).address;

const devnetId = (label: string): Hex => keccak256(toHex(`cloudless-devnet/${label}`));

/** A provider's peers and CUs: public keys and CU labels derived from its name (the same on every run). */
export function devnetPeers(p: ProviderPlan): PeerSpec[] {
  return p.unitsPerPeer.map((units, i) => ({
    publicKey: devnetId(`${p.name}/peer/${i}`),
    unitLabels: Array.from({ length: units }, (_, u) => devnetId(`${p.name}/peer/${i}/cu/${u}`)),
  }));
}

/** The ids the market gives a provider's devnet peers and their CUs. */
export function devnetPeerIds(p: ProviderPlan): { peerId: Hex; unitIds: Hex[] }[] {
  const provider = devnetAddress(p.account);
  return devnetPeers(p).map((spec) => {
    const peerId = peerIdOf(provider, spec.publicKey);
    return { peerId, unitIds: spec.unitLabels.map((label) => unitIdOf(peerId, label)) };
  });
}

/**
 * Brings every seeded CU that serves no deal to the epoch's minimum proofs, each provider's in parallel. The owner
 * opens the epoch first, so that the providers do not race to do it.
 */
export async function proveSeeded(market: SeededMarket, client: (index: number) => Cloudless): Promise<bigint> {
  const owner = client(market.plan.owner);
  let challenge = await owner.capacity.epochChallenge();
  if (!challenge) {
    await owner.capacity.advanceEpoch();
    challenge = (await owner.capacity.epochChallenge())!;
  }
  await Promise.all(market.providers.map((p) => client(p.account).prove(p.peers.flatMap((peer) => peer.unitIds))));
  return challenge.epoch;
}

export async function seedMarket(options: {
  rpcUrl: string;
  deployment: Deployment;
  plan?: DevnetPlan;
}): Promise<SeededMarket> {
  const { rpcUrl, deployment } = options;
  const plan = options.plan ?? DEVNET_PLAN;
  const client = devnetClients(rpcUrl, deployment);
  const { stakingToken, paymentToken, capacity } = deployment.contracts;
  const owner = client(plan.owner);
  const [stake, pay] = await Promise.all([owner.tokens.metadata(stakingToken), owner.tokens.metadata(paymentToken)]);
  const inStake = (amount: string) => parseUnits(amount, stake.decimals);
  const inPay = (amount: string) => parseUnits(amount, pay.decimals);
  const rewardFunding = inStake(plan.rewardFunding);

  // Each account sends its own transactions in order; different accounts run in parallel.
  const fundRewards = async () => {
    await owner.tokens.mint(stakingToken, devnetAddress(plan.owner), rewardFunding);
    await owner.tokens.approve(stakingToken, capacity, rewardFunding);
    await owner.capacity.fundRewards(rewardFunding);
  };

  let commitmentsMade = 0;
  const nextDelegator = () => devnetAddress(plan.delegators[commitmentsMade++ % plan.delegators.length]!);

  const setUpProvider = async (p: ProviderPlan): Promise<SeededProvider> => {
    const c = client(p.account);
    const specs = devnetPeers(p);
    // Delegators are assigned before any await, so the assignment does not depend on timing.
    const delegators = specs.map(nextDelegator);
    const minPricePerUnit = inPay(p.price);
    await c.market.registerProvider(p.name);
    const { offerId, peers } = await c.market.createOffer({
      minPricePerUnit,
      paymentToken,
      effectors: p.effectors,
      peers: specs,
    });
    const seeded: SeededPeer[] = [];
    for (const [i, { peerId, unitIds }] of peers.entries()) {
      const delegator = delegators[i]!;
      const { commitmentId } = await c.capacity.createCommitment({
        peerId,
        duration: plan.commitmentEpochs,
        delegator,
        delegatorShareBps: plan.delegatorShareBps,
      });
      seeded.push({ peerId, unitIds, commitmentId, delegator });
    }
    return {
      account: p.account,
      address: devnetAddress(p.account),
      name: p.name,
      offerId,
      minPricePerUnit,
      effectors: p.effectors,
      peers: seeded,
    };
  };

  const createDeal = async () => {
    const dev = client(plan.developer);
    await dev.tokens.mint(paymentToken, devnetAddress(plan.developer), inPay(plan.developerFunds));
    const { deal } = await dev.deals.create(
      {
        appCid: plan.deal.appCid,
        minWorkers: 1n,
        targetWorkers: plan.deal.targetWorkers,
        maxWorkersPerProvider: plan.deal.maxWorkersPerProvider,
        pricePerWorkerEpoch: inPay(plan.deal.price),
        paymentToken,
        deposit: inPay(plan.deal.deposit),
      },
      { approve: true },
    );
    return deal;
  };

  const [providers, dealAddress] = await Promise.all([
    Promise.all(plan.providers.map(setUpProvider)),
    createDeal(),
    fundRewards(),
    Promise.all(
      plan.delegators.map((d) => client(d).tokens.mint(stakingToken, devnetAddress(d), inStake(plan.delegatorStake))),
    ),
  ]);

  const peers = providers.flatMap((p) => p.peers);
  const startEpochs = await Promise.all(
    plan.delegators.map(async (d) => {
      const starts: bigint[] = [];
      for (const peer of peers.filter((p) => isAddressEqual(p.delegator, devnetAddress(d)))) {
        const { results } = await client(d).capacity.depositCollateral(peer.commitmentId, { approve: true });
        starts.push(eventsOf(results[results.length - 1]!, "CollateralDeposited")[0]!.args.startEpoch);
      }
      return starts;
    }),
  );
  const activeEpoch = startEpochs.flat().reduce((a, b) => (a > b ? a : b));

  const { epoch } = await owner.epochs.current();
  if (epoch < activeEpoch) {
    const chain = createTestClient({ mode: "anvil", transport: http(rpcUrl) });
    await chain.setNextBlockTimestamp({
      timestamp: epochStartsAt(deployment, activeEpoch),
    });
    await chain.mine({ blocks: 1 });
  }

  const market: SeededMarket = {
    plan,
    providers,
    rewardFunding,
    activeEpoch,
    deal: { address: dealAddress, workers: [] },
  };
  await proveSeeded(market, client);

  const dev = client(plan.developer);
  const candidates = await dev.matching.findCandidates(dealAddress);
  const { matched, skipped } = await dev.matching.match(
    dealAddress,
    candidates.map((c) => c.unitId),
  );
  if (BigInt(matched.length) < plan.deal.targetWorkers) {
    throw new CloudlessError(
      "CONTRACT",
      `the sample deal matched ${matched.length} of ${plan.deal.targetWorkers} CUs`,
      {
        details: skipped.map((s) => `${s.unitId}: ${s.reason}`).join("\n") || "too few candidates",
      },
    );
  }
  const workers = await Promise.all(
    providers.map(async (p) => {
      const set: SeededWorker[] = [];
      for (const unit of matched.filter((m) => isAddressEqual(m.provider, p.address))) {
        const workerId = devnetId(`worker/${unit.unitId}`);
        await client(p.account).deals.setWorker(dealAddress, unit.unitId, workerId);
        set.push({ ...unit, workerId });
      }
      return set;
    }),
  );
  market.deal.workers = workers.flat();
  return market;
}
