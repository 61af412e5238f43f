// Backfill benchmark: seeds at least 100,000 protocol events on anvil (a provider's 2,000 CUs proving for several
// epochs), then measures, over the same blocks, the raw rate of eth_getLogs plus ABI decoding (the reference) and
// the indexer's backfill rate from a cold start to /ready.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { decodeEventLog, type Hex, keccak256, numberToHex, parseEther, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { protocolAbi } from "../../sdk/src/contracts/abis.ts";
import { createCloudless } from "../../sdk/src/client.ts";
import { freePort, repoRoot, startAnvil } from "../../sdk/src/devnet/anvil.ts";
import { epochStartsAt } from "../../sdk/src/deployment.ts";
import { ANVIL_KEYS, deployProtocol } from "../../sdk/src/devnet/deploy.ts";
import { startIndexer } from "../../scripts/devnet/indexer.ts";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const PEERS = 100;
const UNITS_PER_PEER = 20;
const PROOFS_PER_UNIT = 10; // the devnet's maxProofsPerEpoch

const id = (label: string): Hex => keccak256(toHex(label));

export interface BackfillResult {
  events: number;
  blocks: bigint;
  ours: number;
  raw: number;
}

export async function benchBackfill(log: (line: string) => void = console.log): Promise<BackfillResult> {
  const anvil = await startAnvil();
  const file = `test-bench-${anvil.port}.json`;
  try {
    const { deployment, path } = await deployProtocol({ rpcUrl: anvil.rpcUrl, file, keep: true });
    const owner = createCloudless({ deployment, rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(ANVIL_KEYS[0]) });
    const provider = createCloudless({ deployment, rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(ANVIL_KEYS[1]) });
    const { stakingToken, paymentToken, capacity } = deployment.contracts;

    log(`seeding: ${PEERS} peers x ${UNITS_PER_PEER} CUs, ${PROOFS_PER_UNIT} proofs per CU per epoch`);
    const started = performance.now();
    await owner.tokens.mint(stakingToken, owner.account!.address, parseEther("10000000"));
    await owner.tokens.approve(stakingToken, capacity, parseEther("10000000"));
    await owner.capacity.fundRewards(parseEther("10000000"));
    await provider.market.registerProvider("Bench Compute");
    const peers = Array.from({ length: PEERS }, (_, p) => ({
      peerId: id(`bench/peer/${p}`),
      unitIds: Array.from({ length: UNITS_PER_PEER }, (_, u) => id(`bench/peer/${p}/cu/${u}`)),
    }));
    await provider.market.createOffer({ minPricePerUnit: 1_000_000n, paymentToken, peers });
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

    // ours: a cold indexer; Ponder reports how long its backfill (fetching and indexing) took, start-up excluded
    let backfillMs: number | undefined;
    let pending = "";
    const t = performance.now();
    const indexer = await startIndexer({
      port: await freePort(),
      rpcUrl: anvil.rpcUrl,
      deploymentPath: path,
      logArgs: ["--log-level", "info", "--log-format", "json"],
      onOutput(text) {
        pending += text;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          if (!line.includes("Completed backfill indexing")) continue;
          backfillMs = Number((JSON.parse(line) as { duration: number }).duration);
        }
      },
    });
    const toReady = (performance.now() - t) / 1000;
    await indexer.stop();
    if (backfillMs === undefined) throw new Error("the indexer never reported its backfill duration");
    const ours = events / (backfillMs / 1000);
    log(
      `indexer: backfilled ${events} events in ${(backfillMs / 1000).toFixed(1)} s, ${ours.toFixed(0)} events/s ` +
        `(${toReady.toFixed(1)} s from a cold start to /ready)`,
    );
    return { events, blocks: head - deployment.startBlock, ours, raw };
  } finally {
    rmSync(join(repoRoot, "deployments", file), { force: true });
    await anvil.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchBackfill();
  console.log(
    `BENCH indexer_backfill ${r.ours.toFixed(0)} events/s ref=${r.raw.toFixed(0)} ratio=${(r.ours / r.raw).toFixed(2)}`,
  );
}
