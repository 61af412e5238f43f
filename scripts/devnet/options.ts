// Command-line options of `npm start` (the local devnet).
import { parseArgs } from "node:util";
import { InputError } from "../../sdk/src/errors.ts";

export interface DevnetOptions {
  port: number;
  /** Seconds between blocks while idle; transactions are still mined at once. */
  blockTime: number;
  /** The deployment record's file name under deployments/. */
  deploymentFile: string;
  /** The indexer's port on 127.0.0.1, or undefined to run without it. */
  indexerPort: number | undefined;
  help: boolean;
}

export const usage = `Usage: npm start [-- options]

Starts anvil, deploys the protocol, seeds a sample market and keeps its commitments proving until Ctrl-C.

Options:
  --port <n>                 RPC port on 127.0.0.1 (default 8545, or CLOUDLESS_RPC_PORT)
  --block-time <s>           seconds between blocks while idle (default 1); transactions are mined at once
  --deployment-file <name>   deployment record under deployments/ (default 31337.json)
  --indexer-port <n>         the indexer's port on 127.0.0.1 (default 42069, or CLOUDLESS_INDEXER_PORT)
  --no-indexer               run without the indexer
  -h, --help                 show this help`;

function positiveInteger(text: string, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > max)
    throw new InputError(`${what} must be an integer from 1 to ${max}, got "${text}"`);
  return n;
}

const spec = {
  port: { type: "string" },
  "block-time": { type: "string" },
  "deployment-file": { type: "string" },
  "indexer-port": { type: "string" },
  "no-indexer": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): DevnetOptions {
  const values = (() => {
    try {
      return parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values;
    } catch (err) {
      throw new InputError((err as Error).message, { details: "npm start -- --help lists the options" });
    }
  })();
  const port = values.port ?? env.CLOUDLESS_RPC_PORT ?? "8545";
  const deploymentFile = values["deployment-file"] ?? "31337.json";
  // forge writes the record under deployments/: a bare file name keeps it there
  if (!/^[\w.-]+\.json$/.test(deploymentFile) || deploymentFile.startsWith(".")) {
    throw new InputError(`--deployment-file must be a file name ending in .json, got "${deploymentFile}"`);
  }
  return {
    port: positiveInteger(port, "the port", 65_535),
    blockTime: positiveInteger(values["block-time"] ?? "1", "--block-time", 3_600),
    deploymentFile,
    indexerPort: values["no-indexer"]
      ? undefined
      : positiveInteger(values["indexer-port"] ?? env.CLOUDLESS_INDEXER_PORT ?? "42069", "the indexer port", 65_535),
    help: values.help ?? false,
  };
}
