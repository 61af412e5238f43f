// The API tests' stack: the indexer tests' chain (anvil, real deploy, frozen block time) and Ponder following it,
// with the SDK's indexer client pointed at it.
import { join } from "node:path";
import { createIndexerClient, type IndexerClient } from "@cloudless/sdk";
import { startChain, type TestChain } from "./chain.ts";
import { freshSchema, type Indexer, startIndexer } from "./indexer.ts";

export interface ApiStack extends TestChain {
  /** The indexer's base URL. */
  url: string;
  process: Indexer;
  indexer: IndexerClient;
  /** Waits until the indexer has indexed the chain's latest block. */
  synced(): Promise<void>;
}

export async function startApiStack(): Promise<ApiStack> {
  const chain = await startChain();
  try {
    const process = await startIndexer({
      rpcUrl: chain.rpcUrl,
      deploymentPath: chain.deploymentPath,
      pgliteDir: join(chain.dir, "pglite"),
      schema: freshSchema("api"),
    });
    const indexer = createIndexerClient({ url: process.url });
    return {
      ...chain,
      url: process.url,
      process,
      indexer,
      async synced() {
        await indexer.waitForBlock(await chain.head(), { timeoutMs: 60_000, pollMs: 50 });
      },
      async stop() {
        await process.stop();
        await chain.stop();
      },
    };
  } catch (err) {
    await chain.stop();
    throw err;
  }
}
