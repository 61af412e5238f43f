// The indexer follows one deployment: its record (deployments/<chainId>.json, or CLOUDLESS_DEPLOYMENT) gives the
// chain, the addresses and the start block; CLOUDLESS_RPC the node or nodes (src/rpc.ts). DATABASE_URL switches
// PGlite to PostgreSQL.
import { capacityAbi, coreAbi, dealAbi, dealFactoryAbi, marketAbi } from "@cloudless/sdk";
import { createConfig, factory } from "ponder";
import { getAbiItem } from "viem";
import { deployment } from "./src/deployment.ts";
import { isLoopback, rpcEndpoints } from "./src/rpc.ts";

const startBlock = Number(deployment.startBlock);
const chain = "cloudless" as const;
const rpc = rpcEndpoints();
// A chain served from this machine (anvil, the devnet, tests) is usually rebuilt from scratch under the same chain id:
// caching its blocks between runs would serve a previous chain's data. Re-reading a local node costs little.
const local = deployment.chainId === 31337 || rpc.every(isLoopback);

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.CLOUDLESS_PGLITE_DIR ?? ".ponder/pglite" },
  chains: {
    [chain]: {
      id: deployment.chainId,
      rpc,
      disableCache: local,
      pollingInterval: local ? 250 : 1_000,
    },
  },
  contracts: {
    Core: { chain, abi: coreAbi, address: deployment.contracts.core, startBlock },
    Market: { chain, abi: marketAbi, address: deployment.contracts.market, startBlock },
    Capacity: { chain, abi: capacityAbi, address: deployment.contracts.capacity, startBlock },
    DealFactory: { chain, abi: dealFactoryAbi, address: deployment.contracts.dealFactory, startBlock },
    Deal: {
      chain,
      abi: dealAbi,
      address: factory({
        address: deployment.contracts.dealFactory,
        event: getAbiItem({ abi: dealFactoryAbi, name: "DealCreated" }),
        parameter: "deal",
      }),
      startBlock,
    },
  },
});
