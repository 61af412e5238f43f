// Backfill benchmark: seeds at least 100,000 protocol events on anvil (a provider's 2,000 CUs on 10 peers proving for
// several epochs), then measures, over the same blocks, the raw rate of eth_getLogs plus ABI decoding (the reference)
// and the indexer's backfill rate, from the start of its backfill to /ready.
import { decodeEventLog, type Hex, keccak256, numberToHex, parseEther, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createCloudless, type Deployment, epochStartsAt, protocolAbi } from "@cloudless/sdk";
import { ANVIL_CHAIN_ID, startAnvil } from "../../sdk/src/devnet/anvil.ts";
import { ANVIL_KEYS, deployProtocol, discardDeployment } from "../../sdk/src/devnet/deploy.ts";
import { startPonder } from "../../sdk/src/devnet/ponder.ts";
import { dropThrowaways, throwawayChainId } from "./postgres-cleanup.ts";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
/** The indexer's database: PGlite, or the PostgreSQL that DATABASE_URL names. */
const databaseUrl = process.env.DATABASE_URL || undefined;
const PEERS = 10;
const UNITS_PER_PEER = 200;
const PROOFS_PER_UNIT = 10; // the devnet's maxProofsPerEpoch

const FINALITY_BLOCKS = 30; // Ponder's finality depth for chains it has no figure for

const id = (label: string): Hex => keccak256(toHex(label));

interface Timeline {
  started?: number;
  ready?: number;
  indexed: number;
}

/** Picks the backfill's start, its indexed events and the moment /ready turns 200 out of Ponder's JSON log. */
function readPonderLog(line: string, timeline: Timeline) {
  if (!line.startsWith("{")) return;
  const entry = JSON.parse(line) as { msg: string; time: number; event_count?: number; endpoint?: string };
  if (entry.msg === "Started backfill indexing") timeline.started ??= entry.time;
  if (entry.msg === "Indexed block range" && timeline.ready === undefined) timeline.indexed += entry.event_count ?? 0;
  if (entry.msg === "Started returning 200 responses" && entry.endpoint === "/ready") timeline.ready = entry.time;
}

export interface BackfillResult {
  events: number;
  blocks: bigint;
  ours: number;
  raw: number;
}

export async function benchBackfill(log: (line: string) => void = console.log): Promise<BackfillResult> {
  // PostgreSQL keeps Ponder's raw-data cache (ponder_sync) across runs, keyed by chain id: a chain id of its own
  // keeps a previous run's blocks out of this one, and its rows are deleted at the end with the schema
  const chainId = databaseUrl ? throwawayChainId() : ANVIL_CHAIN_ID;
  const schema = `bench_${Date.now().toString(36)}`;
  const anvil = await startAnvil({ chainId });
  const file = `test-bench-${anvil.port}.json`;
  let record: { deployment: Deployment; path: string } | undefined;
  try {
    record = await deployProtocol({ rpcUrl: anvil.rpcUrl, file, keep: true });
    const { deployment, path } = record;
    const connect = (key: Hex) =>
      createCloudless({ deployment, rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(key), pollingIntervalMs: 10 });
    const owner = connect(ANVIL_KEYS[0]);
    const provider = connect(ANVIL_KEYS[1]);
    const { stakingToken, paymentToken, capacity } = deployment.contracts;

    log(`seeding: ${PEERS} peers x ${UNITS_PER_PEER} CUs, ${PROOFS_PER_UNIT} proofs per CU per epoch`);
    const started = performance.now();
    // time moves only when told: an epoch's proofs all land in that epoch, however long sending them takes
    await anvil.rpc("anvil_setBlockTimestampInterval", [0]);
    await owner.tokens.mint(stakingToken, owner.account!.address, parseEther("10000000"));
    await owner.tokens.approve(stakingToken, capacity, parseEther("10000000"));
    await owner.capacity.fundRewards(parseEther("10000000"));
    await provider.market.registerProvider("Bench Compute");
    const { peers } = await provider.market.createOffer({
      minPricePerUnit: 1_000_000n,
      paymentToken,
      peers: Array.from({ length: PEERS }, (_, p) => ({
        publicKey: id(`bench/peer/${p}`),
        unitLabels: Array.from({ length: UNITS_PER_PEER }, (_, u) => id(`bench/peer/${p}/cu/${u}`)),
      })),
    });
    await provider.tokens.mint(stakingToken, provider.account!.address, parseEther("10000000"));
    await provider.tokens.approve(stakingToken, capacity, parseEther("10000000"));
    for (const peer of peers) {
      const { commitmentId } = await provider.capacity.createCommitment({
        peerId: peer.peerId,
        duration: 1_000n,
        delegatorShareBps: 0n,
      });
      await provider.capacity.depositCollateral(commitmentId);
    }
    const units = peers.flatMap((p) => p.unitIds);
    const perEpoch = units.length * PROOFS_PER_UNIT;
    const epochs = Math.ceil(TARGET_EVENTS / perEpoch);
    let { epoch } = await owner.epochs.current();
    for (let e = 0; e < epochs; e++) {
      epoch += 1n;
      await anvil.rpc("evm_setNextBlockTimestamp", [numberToHex(epochStartsAt(deployment, epoch))]);
      await anvil.rpc("evm_mine");
      await provider.prove(units, PROOFS_PER_UNIT);
    }
    const head = BigInt(await anvil.rpc<Hex>("eth_blockNumber"));
    log(`seeded ${epochs} epochs up to block ${head} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // the reference: every protocol log over the same blocks, fetched and decoded
    const addresses = [
      deployment.contracts.core,
      deployment.contracts.market,
      capacity,
      deployment.contracts.dealFactory,
    ];
    let raw = 0;
    let events = 0;
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      const logs = await anvil.rpc<{ topics: [Hex, ...Hex[]]; data: Hex }[]>("eth_getLogs", [
        { address: addresses, fromBlock: numberToHex(deployment.startBlock), toBlock: numberToHex(head) },
      ]);
      for (const l of logs) decodeEventLog({ abi: protocolAbi, topics: l.topics, data: l.data });
      events = logs.length;
      raw = Math.max(raw, events / ((performance.now() - t) / 1000));
    }
    log(`reference: ${events} events fetched and decoded at ${raw.toFixed(0)} events/s (best of 3)`);

    // Ponder backfills up to the finalized block (the head less 30 blocks on a chain it does not know) and indexes
    // the rest live, after /ready: empty blocks on top put every seeded event in the backfill.
    await anvil.rpc("anvil_mine", [numberToHex(FINALITY_BLOCKS + 2)]);

    // ours: a cold indexer, from the start of its backfill (fetching, decoding, indexing, writing) until it serves
    // queries (/ready, after its indexes are built); process start-up excluded, as it is for the reference
    const timeline: Timeline = { indexed: 0 };
    const indexer = await startPonder({
      rpcUrl: anvil.rpcUrl,
      deploymentPath: path,
      schema,
      databaseUrl,
      logFormat: "json",
      onLine: (line) => readPonderLog(line, timeline),
    });
    await indexer.stop();
    const { started: from, ready: to, indexed } = timeline;
    if (from === undefined || to === undefined) throw new Error("the indexer's log showed no backfill start or /ready");
    if (indexed !== events) throw new Error(`the backfill indexed ${indexed} events, not the ${events} seeded`);
    const ours = events / ((to - from) / 1000);
    const db = databaseUrl ? "PostgreSQL" : "PGlite";
    log(
      `indexer: backfilled ${events} events in ${((to - from) / 1000).toFixed(2)} s, ${ours.toFixed(0)} events/s (${db})`,
    );
    return { events, blocks: head - deployment.startBlock, ours, raw };
  } finally {
    if (record) discardDeployment(record.deployment, record.path);
    await anvil.stop();
    if (databaseUrl) {
      // reported, without hiding the benchmark's own failure if it has one
      await dropThrowaways(databaseUrl, { schemas: [schema], chainIds: [chainId] }).catch((err: unknown) =>
        console.error(String(err)),
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchBackfill();
  console.log(
    `BENCH indexer_backfill ${r.ours.toFixed(0)} events/s ref=${r.raw.toFixed(0)} ratio=${(r.ours / r.raw).toFixed(2)}`,
  );
}
