// The `cloudless` command line: global options, the command groups, and how any outcome becomes an exit code.
// main() never exits the process; bin/cloudless.mjs sets the exit code it returns.
import { Command, CommanderError } from "commander";
import pkg from "../../package.json" with { type: "json" };
import { registerChainCommands } from "./chain.ts";
import type { Cli } from "./command.ts";
import { registerDealCommands } from "./deal.ts";
import { describeError, EXIT, EXIT_CODES_HELP, exitCodeOf } from "./exit-codes.ts";
import { type Io, processIo } from "./io.ts";
import { Output } from "./output.ts";
import { RAW_PREFIX } from "./parse.ts";
import { registerIndexerCommands } from "./indexer.ts";
import { registerProviderCommands } from "./provider.ts";
import { DEFAULT_INDEXER, DEFAULT_RPC } from "./session.ts";

const HELP_AFTER = `
Amounts are in token units with the token's decimals (--price 1.5 in tUSD is 1500000); ${RAW_PREFIX}<integer>
gives the smallest unit instead (${RAW_PREFIX}1500000).

Keys: commands that send transactions sign with --keystore <file> (Web3 Secret Storage v3, password in
CLOUDLESS_KEYSTORE_PASSWORD) or with the hex key in CLOUDLESS_PRIVATE_KEY. Keys are never printed.
Read-only commands need no key.

${EXIT_CODES_HELP}`;

function buildProgram(cli: Cli): Command {
  const program = new Command("cloudless")
    .description("Cloudless: sell compute capacity, rent workers for compute functions, on any EVM chain")
    .version(pkg.version)
    .option("--rpc <url>", `JSON-RPC endpoint (env CLOUDLESS_RPC; default ${DEFAULT_RPC})`)
    .option("--deployment <file>", "deployment record (env CLOUDLESS_DEPLOYMENT; default deployments/<chainId>.json)")
    .option("--keystore <file>", "sign with this v3 keystore; its password comes from CLOUDLESS_KEYSTORE_PASSWORD")
    .option("--indexer <url>", `the Cloudless indexer (env CLOUDLESS_INDEXER; default ${DEFAULT_INDEXER})`)
    .option("--json", "print one JSON object on stdout (errors as JSON on stderr); amounts in the smallest unit")
    .addHelpText("after", HELP_AFTER)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => cli.io.stdout(text),
      // help shown for a group called without a command; with --json, stderr is kept for the error object
      writeErr: (text) => (cli.out.json ? undefined : cli.io.stderr(text)),
      outputError: () => undefined,
    });
  registerProviderCommands(program, cli);
  registerDealCommands(program, cli);
  registerChainCommands(program, cli);
  registerIndexerCommands(program, cli);
  return program;
}

/** The command words of argv ("cloudless deal show"), for pointing at the right --help. */
function commandPath(program: Command, args: string[]): string {
  const path = [program.name()];
  let current = program;
  for (const arg of args) {
    const next = current.commands.find((c) => c.name() === arg);
    if (!next) {
      if (arg.startsWith("-")) continue;
      break;
    }
    path.push(arg);
    current = next;
  }
  return path.join(" ");
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const args = argv.slice(2);
  const end = args.indexOf("--");
  const out = new Output(io, (end < 0 ? args : args.slice(0, end)).includes("--json"));
  out.hide(io.env.CLOUDLESS_PRIVATE_KEY ?? "");
  const cli: Cli = { io, out };
  const program = buildProgram(cli);
  try {
    await program.parseAsync(argv);
    return cli.exitCode ?? EXIT.ok;
  } catch (err) {
    const path = commandPath(program, args);
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return EXIT.ok;
      if (err.code === "commander.help") {
        if (out.json)
          out.error({ code: "INPUT", message: `${path} needs a command`, details: `see \`${path} --help\`` });
        return EXIT.usage;
      }
    }
    out.error(describeError(err, path));
    return exitCodeOf(err);
  }
}
