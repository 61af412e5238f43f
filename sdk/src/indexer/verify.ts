// A consistency check of the indexer against the contracts: every indexed provider, offer, peer, CU, commitment and
// deal is compared with the contracts' own views, read at the block the indexer has reached, so that an indexer
// lagging behind the chain is not reported as wrong. State the chain settles lazily (a commitment's failures and
// rewards, a deal's billing) is brought to that block the way the contracts do before it is compared.
import { type Address, type Hex, zeroAddress, zeroHash } from "viem";
import type { Cloudless } from "../client.ts";
import { capacityAbi, coreAbi, dealAbi, dealFactoryAbi, enums, marketAbi } from "../contracts/abis.ts";
import { ACCESS_MODE, DEAL_STATUS } from "../contracts/deals.ts";
import { toCloudlessError } from "../decode.ts";
import { CloudlessError, RpcError } from "../errors.ts";
import { withRetry } from "../retry.ts";
import { createIndexerClient, type IndexerClient } from "./client.ts";

export interface IndexerDifference {
  entity: "protocol" | "provider" | "offer" | "peer" | "unit" | "commitment" | "deal" | "dealUnit";
  /** The entity's id: an address, a number or a 32-byte id. */
  id: string;
  field: string;
  indexed: string;
  chain: string;
}

export interface VerifyIndexerOptions {
  cloudless: Cloudless;
  indexerUrl: string;
  /** Contract reads in flight at once; default 16. */
  concurrency?: number;
}

// GraphQL returns bigints as strings and hex in lower case; nullable columns as null.
type Num = string;
interface Indexed {
  providers: {
    address: Address;
    name: string;
    metadataCid: Hex;
    offerCount: number;
    peerCount: number;
    unitCount: number;
  }[];
  offers: {
    id: Num;
    provider: Address;
    paymentToken: Address;
    minPricePerUnit: Num;
    peerCount: number;
    unitCount: number;
    removed: boolean;
  }[];
  offerEffectors: { offerId: Num; effector: Hex }[];
  peers: {
    id: Hex;
    offerId: Num;
    provider: Address;
    operator: Address;
    unitCount: number;
    commitmentId: Num | null;
    removed: boolean;
  }[];
  computeUnits: { id: Hex; peerId: Hex; offerId: Num; provider: Address; deal: Address | null; removed: boolean }[];
  commitments: {
    id: Num;
    peerId: Hex;
    provider: Address;
    delegator: Address | null;
    unitCount: Num;
    duration: Num;
    collateralPerUnit: Num;
    delegatorShareBps: Num;
    stage: string;
    collateral: Num;
    startEpoch: Num | null;
    endEpoch: Num | null;
    failedUnitEpochs: Num;
    slashed: Num;
    rewardsEarned: Num;
    checkpointEpoch: Num | null;
  }[];
  deals: {
    address: Address;
    owner: Address;
    pendingOwner: Address | null;
    appCodec: Num;
    appCid: Hex;
    minWorkers: Num;
    targetWorkers: Num;
    maxWorkersPerProvider: Num;
    pricePerWorkerEpoch: Num;
    minDepositEpochs: Num;
    minBalance: Num;
    paymentToken: Address;
    effectors: Hex[];
    accessMode: string;
    openToSelfMatching: boolean;
    balance: Num;
    paidEpochs: Num;
    billedThrough: Num;
    paidThrough: Num;
    endEpoch: Num | null;
    units: number;
    workers: number;
  }[];
  dealUnits: { deal: Address; unitId: Hex; peerId: Hex; workerId: Hex | null; active: boolean }[];
  dealAccesss: { deal: Address; provider: Address; listed: boolean }[];
}

const FIELDS: { [K in keyof Indexed]: string } = {
  providers: "address name metadataCid offerCount peerCount unitCount",
  offers: "id provider paymentToken minPricePerUnit peerCount unitCount removed",
  offerEffectors: "offerId effector",
  peers: "id offerId provider operator unitCount commitmentId removed",
  computeUnits: "id peerId offerId provider deal removed",
  commitments: `id peerId provider delegator unitCount duration collateralPerUnit delegatorShareBps stage collateral
    startEpoch endEpoch failedUnitEpochs slashed rewardsEarned checkpointEpoch`,
  deals: `address owner pendingOwner appCodec appCid minWorkers targetWorkers maxWorkersPerProvider
    pricePerWorkerEpoch minDepositEpochs minBalance paymentToken effectors accessMode openToSelfMatching balance
    paidEpochs billedThrough paidThrough endEpoch units workers`,
  dealUnits: "deal unitId peerId workerId active",
  dealAccesss: "deal provider listed",
};

const PAGE = 500;
/** ICapacity.Stage; the indexer's "Failed" is the chain's Deposited with a failure settled. */
const STAGES = enums.ICapacity.Stage;

async function readAll<K extends keyof Indexed>(indexer: IndexerClient, table: K): Promise<Indexed[K]> {
  const rows: Indexed[K][number][] = [];
  let after: string | null = null;
  do {
    type Page = { items: Indexed[K]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const data: Record<string, Page> = await indexer.graphql(
      `query ($after: String) { ${table}(limit: ${PAGE}, after: $after) {
        items { ${FIELDS[table]} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const page: Page = data[table]!;
    rows.push(...page.items);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return rows as Indexed[K];
}

/** Everything indexed, read between two identical indexed blocks so that it is one block's state. */
async function readIndexed(indexer: IndexerClient): Promise<{ block: bigint; indexed: Indexed }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = (await indexer.status()).indexed?.block;
    if (before === undefined) throw new RpcError("the indexer has not indexed any block yet", { retryable: true });
    const tables = Object.keys(FIELDS) as (keyof Indexed)[];
    const indexed = Object.fromEntries(
      await Promise.all(tables.map(async (t) => [t, await readAll(indexer, t)] as const)),
    ) as unknown as Indexed;
    if ((await indexer.status()).indexed?.block === before) return { block: before, indexed };
  }
  throw new RpcError("the indexer kept indexing new blocks while it was read", {
    details: "run the check again when the chain is quieter",
    retryable: true,
  });
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A deal's billing brought to `epoch` as the contract does it (docs/deals.md). */
function billingAt(
  d: { balance: bigint; paidEpochs: bigint; billedThrough: bigint; paidThrough: bigint; ended: boolean },
  workers: bigint,
  price: bigint,
  epoch: bigint,
) {
  const b = { ...d };
  if (d.ended || epoch <= d.billedThrough) return b;
  if (workers === 0n) {
    b.paidThrough = epoch;
  } else {
    const affordable = d.balance / (workers * price);
    const paid = affordable < epoch - d.billedThrough ? affordable : epoch - d.billedThrough;
    b.balance -= paid * workers * price;
    b.paidEpochs += paid;
    if (paid !== 0n) b.paidThrough = d.billedThrough + paid;
  }
  b.billedThrough = epoch;
  return b;
}

const text = (v: unknown) => (v === null || v === undefined ? "" : String(v).toLowerCase());

export async function verifyIndexer(options: VerifyIndexerOptions): Promise<IndexerDifference[]> {
  const { cloudless } = options;
  const client = cloudless.publicClient;
  const { contracts } = cloudless.deployment;
  const indexer = createIndexerClient({ url: options.indexerUrl });
  const { block: blockNumber, indexed } = await readIndexed(indexer);
  const differences: IndexerDifference[] = [];

  const compare = (entity: IndexerDifference["entity"], id: string, field: string, a: unknown, b: unknown) => {
    if (text(a) !== text(b)) differences.push({ entity, id, field, indexed: text(a), chain: text(b) });
  };
  const read = <T>(fn: () => Promise<T>): Promise<T> =>
    withRetry(fn).catch((err: unknown) => {
      throw toCloudlessError(err);
    });
  /** A view that reverts with Unknown...(id) for what the chain does not have: undefined then. */
  const readKnown = <T>(fn: () => Promise<T>): Promise<T | undefined> =>
    read(fn).catch((err: unknown) => {
      if (err instanceof CloudlessError && err.code === "NOT_FOUND") return undefined;
      throw err;
    });
  const market = { address: contracts.market, abi: marketAbi, blockNumber } as const;
  const capacity = { address: contracts.capacity, abi: capacityAbi, blockNumber } as const;
  const limit = options.concurrency ?? 16;

  const epoch = await read(() =>
    client.readContract({ address: contracts.core, abi: coreAbi, functionName: "currentEpoch", blockNumber }),
  );
  const [offerCount, commitmentCount, dealCount] = await Promise.all([
    read(() => client.readContract({ ...market, functionName: "offerCount" })),
    read(() => client.readContract({ ...capacity, functionName: "commitmentCount" })),
    read(() =>
      client.readContract({
        address: contracts.dealFactory,
        abi: dealFactoryAbi,
        functionName: "dealCount",
        blockNumber,
      }),
    ),
  ]);
  compare("protocol", "market", "offers", indexed.offers.length, offerCount);
  compare("protocol", "capacity", "commitments", indexed.commitments.length, commitmentCount);
  compare("protocol", "dealFactory", "deals", indexed.deals.length, dealCount);

  // Counts kept by the handlers, against the rows they count.
  const offers = indexed.offers.filter((o) => !o.removed);
  const peers = indexed.peers.filter((p) => !p.removed);
  const offersOf = groupBy(offers, (o) => o.provider);
  const peersOf = groupBy(peers, (p) => p.provider);
  const peersOfOffer = groupBy(peers, (p) => p.offerId);
  const unitsOfPeer = groupBy(
    indexed.computeUnits.filter((u) => !u.removed),
    (u) => u.peerId,
  );
  const unitCount = (list: { unitCount: number }[] = []) => list.reduce((n, p) => n + p.unitCount, 0);
  for (const p of indexed.providers) {
    compare("provider", p.address, "offerCount (rows)", p.offerCount, offersOf.get(p.address)?.length ?? 0);
    compare("provider", p.address, "peerCount (rows)", p.peerCount, peersOf.get(p.address)?.length ?? 0);
    compare("provider", p.address, "unitCount (rows)", p.unitCount, unitCount(peersOf.get(p.address)));
  }
  for (const o of offers) compare("offer", o.id, "unitCount (rows)", o.unitCount, unitCount(peersOfOffer.get(o.id)));
  for (const p of peers) compare("peer", p.id, "unitCount (rows)", p.unitCount, unitsOfPeer.get(p.id)?.length ?? 0);

  await eachLimited(indexed.providers, limit, async (p) => {
    const [registered, name, cid] = await read(() =>
      client.readContract({ ...market, functionName: "provider", args: [p.address] }),
    );
    compare("provider", p.address, "registered", true, registered);
    compare("provider", p.address, "name", p.name, name);
    compare("provider", p.address, "metadataCid", p.metadataCid, cid);
  });

  await eachLimited(indexed.offers, limit, async (o) => {
    const id = BigInt(o.id);
    const chain = await readKnown(() => client.readContract({ ...market, functionName: "offer", args: [id] }));
    compare("offer", o.id, "removed", o.removed, chain === undefined);
    if (!chain || o.removed) return;
    compare("offer", o.id, "provider", o.provider, chain.provider);
    compare("offer", o.id, "paymentToken", o.paymentToken, chain.paymentToken);
    compare("offer", o.id, "minPricePerUnit", o.minPricePerUnit, chain.minPricePerUnit);
    compare("offer", o.id, "peerCount", o.peerCount, chain.peerCount);
  });

  await eachLimited(indexed.offerEffectors, limit, async (e) => {
    const has = await read(() =>
      client.readContract({ ...market, functionName: "hasEffector", args: [BigInt(e.offerId), e.effector] }),
    );
    compare("offer", e.offerId, `effector ${e.effector}`, true, has);
  });

  await eachLimited(indexed.peers, limit, async (p) => {
    const chain = await readKnown(() => client.readContract({ ...market, functionName: "peer", args: [p.id] }));
    compare("peer", p.id, "removed", p.removed, chain === undefined);
    if (!chain || p.removed) return;
    compare("peer", p.id, "offerId", p.offerId, chain.offerId);
    compare("peer", p.id, "operator", p.operator, chain.operator);
    compare("peer", p.id, "unitCount", p.unitCount, chain.unitCount);
    compare("peer", p.id, "commitmentId", p.commitmentId ?? 0, chain.commitmentId);
  });

  await eachLimited(indexed.computeUnits, limit, async (u) => {
    const [chain, deal] = await Promise.all([
      readKnown(() => client.readContract({ ...market, functionName: "unit", args: [u.id] })),
      read(() => client.readContract({ ...capacity, functionName: "dealOf", args: [u.id] })),
    ]);
    compare("unit", u.id, "removed", u.removed, chain === undefined);
    compare("unit", u.id, "deal", u.deal ?? zeroAddress, deal);
    if (!chain || u.removed) return;
    compare("unit", u.id, "peerId", u.peerId, chain.peerId);
    compare("unit", u.id, "offerId", u.offerId, chain.offerId);
    compare("unit", u.id, "provider", u.provider, chain.provider);
  });

  await eachLimited(indexed.commitments, limit, async (c) => {
    const id = BigInt(c.id);
    const [chain, acc] = await Promise.all([
      readKnown(() => client.readContract({ ...capacity, functionName: "commitment", args: [id] })),
      readKnown(() => client.readContract({ ...capacity, functionName: "accounting", args: [id] })),
    ]);
    if (!chain || !acc) return compare("commitment", c.id, "exists", true, false);
    const cmp = (field: string, a: unknown, b: unknown) => compare("commitment", c.id, field, a, b);
    cmp("peerId", c.peerId, chain.peerId);
    cmp("provider", c.provider, chain.provider);
    cmp("delegator", c.delegator ?? zeroAddress, chain.delegator);
    cmp("unitCount", c.unitCount, chain.unitCount);
    cmp("duration", c.duration, chain.duration);
    cmp("collateralPerUnit", c.collateralPerUnit, chain.collateralPerUnit);
    cmp("delegatorShareBps", c.delegatorShareBps, chain.delegatorShareBps);
    const stage = STAGES[chain.stage] ?? String(chain.stage);
    cmp("stage", c.stage === "Failed" ? "Deposited" : c.stage, stage);
    const holds = stage === "Deposited" || stage === "Finished";
    cmp("collateral", c.collateral, holds ? chain.unitCount * chain.collateralPerUnit : 0n);
    cmp("startEpoch", c.startEpoch ?? 0, chain.startEpoch);
    if (stage === "Finished") cmp("slashed", c.slashed, acc.slashed);
    if (stage !== "Deposited") {
      cmp("failedUnitEpochs", c.failedUnitEpochs, acc.failedUnitEpochs);
      cmp("rewardsEarned", c.rewardsEarned, acc.rewardsEarned);
      cmp("endEpoch", c.endEpoch ?? 0, chain.endEpoch);
      return;
    }
    // The chain's views settle the epochs after the checkpoint; the indexer knows them once they are touched.
    const end = BigInt(c.endEpoch!);
    const pending = (epoch < end ? epoch : end) > BigInt(c.checkpointEpoch!);
    const failed = acc.status === 5; // ICapacity.Status.Failed
    if (!pending) {
      cmp("failed", c.stage === "Failed", failed);
      cmp("failedUnitEpochs", c.failedUnitEpochs, acc.failedUnitEpochs);
      cmp("rewardsEarned", c.rewardsEarned, acc.rewardsEarned);
      cmp("endEpoch", end, chain.endEpoch);
      return;
    }
    if (BigInt(c.failedUnitEpochs) > acc.failedUnitEpochs)
      cmp("failedUnitEpochs", c.failedUnitEpochs, acc.failedUnitEpochs);
    if (BigInt(c.rewardsEarned) > acc.rewardsEarned) cmp("rewardsEarned", c.rewardsEarned, acc.rewardsEarned);
    if (end < chain.endEpoch) cmp("endEpoch", end, chain.endEpoch);
    if (c.stage === "Failed" && !failed) cmp("failed", true, false);
  });

  const activeUnits = indexed.dealUnits.filter((u) => u.active);
  const activeUnitsOf = groupBy(activeUnits, (u) => u.deal);
  await eachLimited(indexed.deals, limit, async (d) => {
    const view = { address: d.address, abi: dealAbi, blockNumber } as const;
    const [owner, pendingOwner, terms, app, accessMode, effectors, billing, unitCount, status] = await Promise.all([
      read(() => client.readContract({ ...view, functionName: "owner" })),
      read(() => client.readContract({ ...view, functionName: "pendingOwner" })),
      read(() => client.readContract({ ...view, functionName: "terms" })),
      read(() => client.readContract({ ...view, functionName: "appCid" })),
      read(() => client.readContract({ ...view, functionName: "accessMode" })),
      read(() => client.readContract({ ...view, functionName: "effectors" })),
      read(() => client.readContract({ ...view, functionName: "billing" })),
      read(() => client.readContract({ ...view, functionName: "unitCount" })),
      read(() => client.readContract({ ...view, functionName: "status" })),
    ]);
    const cmp = (field: string, a: unknown, b: unknown) => compare("deal", d.address, field, a, b);
    cmp("owner", d.owner, owner);
    cmp("pendingOwner", d.pendingOwner ?? zeroAddress, pendingOwner);
    cmp("paymentToken", d.paymentToken, terms.paymentToken);
    cmp("pricePerWorkerEpoch", d.pricePerWorkerEpoch, terms.pricePerWorkerEpoch);
    cmp("minWorkers", d.minWorkers, terms.minWorkers);
    cmp("targetWorkers", d.targetWorkers, terms.targetWorkers);
    cmp("maxWorkersPerProvider", d.maxWorkersPerProvider, terms.maxWorkersPerProvider);
    cmp("minDepositEpochs", d.minDepositEpochs, terms.minDepositEpochs);
    cmp("openToSelfMatching", d.openToSelfMatching, terms.openToSelfMatching);
    cmp("appCodec", d.appCodec, app[0]);
    cmp("appCid", d.appCid, app[1]);
    cmp("accessMode", d.accessMode, ACCESS_MODE[accessMode]);
    cmp("effectors", d.effectors.join(","), effectors.join(","));
    cmp("units", d.units, unitCount);
    cmp("workers", d.workers, billing.workers);
    cmp("endEpoch", d.endEpoch ?? 0, billing.endEpoch);
    const price = BigInt(d.pricePerWorkerEpoch);
    const now = billingAt(
      {
        balance: BigInt(d.balance),
        paidEpochs: BigInt(d.paidEpochs),
        billedThrough: BigInt(d.billedThrough),
        paidThrough: BigInt(d.paidThrough),
        ended: d.endEpoch !== null,
      },
      BigInt(d.workers),
      price,
      epoch,
    );
    cmp("balance", now.balance, billing.balance);
    cmp("paidEpochs", now.paidEpochs, billing.paidEpochs);
    cmp("billedThrough", now.billedThrough, billing.billedThrough);
    cmp("paidThrough", now.paidThrough, billing.paidThrough);
    const derived =
      d.endEpoch !== null
        ? "Ended"
        : d.workers !== 0 && now.paidThrough < now.billedThrough
          ? "InsufficientFunds"
          : BigInt(d.units) < BigInt(d.minWorkers)
            ? "NotEnoughWorkers"
            : now.balance < BigInt(d.minBalance)
              ? "SmallBalance"
              : "Active";
    cmp("status", derived, DEAL_STATUS[status]);
    const active = activeUnitsOf.get(d.address) ?? [];
    compare("deal", d.address, "units (rows)", d.units, active.length);
    compare("deal", d.address, "workers (rows)", d.workers, active.filter((u) => u.workerId !== null).length);
  });

  const dealOfUnit = new Map(indexed.computeUnits.map((u) => [u.id, u.deal]));
  await eachLimited(activeUnits, limit, async (u) => {
    const view = { address: u.deal, abi: dealAbi, blockNumber } as const;
    const [unitId, workerId] = await Promise.all([
      read(() => client.readContract({ ...view, functionName: "unitOfPeer", args: [u.peerId] })),
      read(() => client.readContract({ ...view, functionName: "workerOfPeer", args: [u.peerId] })),
    ]);
    const id = `${u.deal}/${u.unitId}`;
    compare("dealUnit", id, "unitOfPeer", u.unitId, unitId);
    compare("dealUnit", id, "workerOfPeer", u.workerId ?? zeroHash, workerId);
    compare("dealUnit", id, "unit's deal (rows)", u.deal, dealOfUnit.get(u.unitId));
  });

  await eachLimited(indexed.dealAccesss, limit, async (a) => {
    const listed = await read(() =>
      client.readContract({ address: a.deal, abi: dealAbi, functionName: "isListed", args: [a.provider], blockNumber }),
    );
    compare("deal", a.deal, `listed ${a.provider}`, a.listed, listed);
  });

  return differences;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
