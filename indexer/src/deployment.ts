// The deployment the indexer follows: the record in CLOUDLESS_DEPLOYMENT, or the devnet's. The config, the handlers
// (a deal's billing moves with time alone while it has no worker, so they need a block's epoch) and the API share it.
import { fileURLToPath } from "node:url";
import { epochAt as epochOf, loadDeployment } from "@cloudless/sdk";

export const deployment = loadDeployment(
  process.env.CLOUDLESS_DEPLOYMENT ?? fileURLToPath(new URL("../../deployments/31337.json", import.meta.url)),
);

/** The protocol epoch at a block's timestamp. */
export const epochAt = (timestamp: bigint): bigint => epochOf(deployment, timestamp);
