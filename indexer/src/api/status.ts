// GET /status/lag: the last indexed block and the chain's head, and how far the first is behind. Ponder keeps
// /status (indexed block only) and /ready for itself. The head is read with a client of its own: Ponder's RPC
// client paces its requests to the node, and frequent status checks must not slow the indexing down.
import type { IndexerStatus } from "@cloudless/sdk";
import { createPublicClient, http } from "viem";
import { chainId, indexedBlock, isReady } from "./clock.ts";

// the node ponder.config.ts follows
const node = createPublicClient({
  transport: http(process.env.CLOUDLESS_RPC ?? "http://127.0.0.1:8545", { retryCount: 0, timeout: 5_000 }),
});

async function chainHead(): Promise<{ block: bigint; timestamp: bigint } | { error: string }> {
  try {
    const block = await node.getBlock({ blockTag: "latest" });
    return { block: block.number, timestamp: block.timestamp };
  } catch (err) {
    return { error: err instanceof Error ? err.message.split("\n")[0]! : String(err) };
  }
}

export async function indexerStatus(): Promise<IndexerStatus> {
  const [indexed, ready, head] = await Promise.all([indexedBlock(), isReady(), chainHead()]);
  const status: IndexerStatus = {
    chainId,
    ready,
    indexed: indexed ? { block: indexed.number, timestamp: indexed.timestamp, epoch: indexed.epoch } : null,
    head: "error" in head ? null : head,
    lag: null,
  };
  if ("error" in head) status.headError = head.error;
  else if (indexed) {
    const blocks = head.block - indexed.number;
    const seconds = head.timestamp - indexed.timestamp;
    status.lag = { blocks: blocks > 0n ? blocks : 0n, seconds: seconds > 0n ? seconds : 0n };
  }
  return status;
}
