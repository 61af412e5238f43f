// The epoch clock of the deployment the indexer follows (the record ponder.config.ts reads). A deal's billing moves
// silently with time while it has no worker, so its handlers need the epoch of a block.
import { fileURLToPath } from "node:url";
import { loadDeployment } from "@cloudless/sdk";

const { epochStart, epochDuration } = loadDeployment(
  process.env.CLOUDLESS_DEPLOYMENT ?? fileURLToPath(new URL("../../../deployments/31337.json", import.meta.url)),
);

/** The epoch of a block's timestamp, as the contracts count it (0 before the first epoch). */
export function epochAt(timestamp: bigint): bigint {
  return timestamp < epochStart ? 0n : (timestamp - epochStart) / epochDuration + 1n;
}
