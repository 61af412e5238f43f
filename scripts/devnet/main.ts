// `npm start`: a local Cloudless devnet. Starts anvil, deploys the protocol with the real deploy script, seeds a
// sample market through the SDK and prints what is where; then keeps time moving, proves the seeded commitments
// every epoch and prints a status line, until Ctrl-C or SIGTERM.
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  ANVIL_CHAIN_ID,
  type Anvil,
  portFree,
  PortInUseError,
  repoRoot,
  startAnvil,
} from "../../sdk/src/devnet/anvil.ts";
import { deployProtocol } from "../../sdk/src/devnet/deploy.ts";
import { type PonderProcess, startPonder } from "../../sdk/src/devnet/ponder.ts";
import { devnetClients, seedMarket } from "../../sdk/src/devnet/seed.ts";
import { CloudlessError, InputError } from "../../sdk/src/errors.ts";
import { type DevnetOptions, parseOptions, usage } from "./options.ts";
import { startProverLoop } from "./prover-loop.ts";
import { repeat, type Repeating } from "./repeat.ts";
import { statusLine } from "./status.ts";
import { summary } from "./summary.ts";

const STATUS_MS = 10_000;

let anvil: Anvil | undefined;
let indexer: PonderProcess | undefined;
const loops: Repeating[] = [];
let stopping = false;

const log = (line: string) => console.log(line);
const elapsed = () => `${(performance.now() / 1000).toFixed(1)} s`;

function explain(err: unknown): string {
  if (err instanceof CloudlessError) {
    return err.details ? `${err.shortMessage}\n  ${err.details.split("\n").join("\n  ")}` : err.shortMessage;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Stops the loops, then anvil, says why and exits: 0 when asked to stop, non-zero on a failure. */
async function shutdown(code: number, message: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(loops.map((l) => l.stop()));
  await indexer?.stop();
  await anvil?.stop();
  if (code === 0) console.log(message);
  else console.error(`devnet: ${message}`);
  process.exit(code);
}

/** Checks the indexer's port before anything starts: Ponder itself would silently move to the next free one. */
async function assertIndexerPort(port: number): Promise<void> {
  if (!(await portFree(port))) throw new PortInUseError(port);
}

async function run(options: DevnetOptions): Promise<void> {
  if (options.indexerPort !== undefined) await assertIndexerPort(options.indexerPort);
  log(`starting anvil on 127.0.0.1:${options.port}`);
  anvil = await startAnvil({ port: options.port, chainId: ANVIL_CHAIN_ID, blockTime: options.blockTime });
  // Ctrl-C in a terminal signals anvil too, and it may exit before our own handler runs: that is a stop, not a fault.
  anvil.process.once("exit", (code, signal) =>
    signal === "SIGINT" || signal === "SIGTERM"
      ? void shutdown(0, `devnet stopped (${signal})`)
      : void shutdown(1, `anvil exited unexpectedly (${signal ?? `code ${code}`})`),
  );
  const compiled = existsSync(join(repoRoot, "out", "Deploy.s.sol"));
  log(
    `deploying the protocol with script/Deploy.s.sol${compiled ? "" : " (compiling the contracts first: about 40 s)"}`,
  );
  const { rpcUrl } = anvil;
  const { deployment, path } = await deployProtocol({ rpcUrl, file: options.deploymentFile, keep: true });
  log("seeding the market");
  const market = await seedMarket({ rpcUrl, deployment });
  const client = devnetClients(rpcUrl, deployment);
  const reader = client(market.plan.owner);
  log(await summary({ rpcUrl, deploymentPath: path, market, client: reader }));
  if (options.indexerPort !== undefined) {
    log(`starting the indexer on 127.0.0.1:${options.indexerPort}`);
    // a fresh PGlite database, removed at stop: every devnet run starts from an empty chain
    indexer = await startPonder({ port: options.indexerPort, rpcUrl, deploymentPath: path, schema: "devnet" });
    log(
      `\nIndexer\n  GraphQL  ${indexer.url}/graphql\n  SQL      ${indexer.url}/sql\n  status   ${indexer.url}/status\n`,
    );
    // as with anvil: Ctrl-C in a terminal reaches the indexer too, and its exit then is a stop
    indexer.process.once("exit", (code, signal) =>
      signal === "SIGINT" || signal === "SIGTERM" || code === 0
        ? void shutdown(0, `devnet stopped (${signal ?? "indexer stopped"})`)
        : void shutdown(1, `the indexer exited unexpectedly (${signal ?? `code ${code}`})`),
    );
  }

  const printStatus = async () => {
    try {
      log(await statusLine(reader));
    } catch (err) {
      log(`status: ${explain(err)}`);
    }
  };
  loops.push(startProverLoop(market, client, log), repeat(STATUS_MS, printStatus));
  log(`ready in ${elapsed()} · a status line every ${STATUS_MS / 1000} s · Ctrl-C stops the devnet`);
  await printStatus();
}

async function main(): Promise<void> {
  let options: DevnetOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`devnet: ${explain(err)}`);
    process.exit(2);
  }
  if (options.help) {
    log(usage);
    return;
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => void shutdown(0, `devnet stopped (${signal})`));
  }
  try {
    await run(options);
  } catch (err) {
    // a failure caused by stopping midway (anvil gone under a pending call) is not one
    if (!stopping) await shutdown(err instanceof InputError ? 2 : 1, explain(err));
  }
}

await main();
