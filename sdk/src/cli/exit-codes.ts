// Exit codes, and how any failure maps to one. The table is printed by `cloudless --help` and in docs/cli.md.
import { CommanderError } from "commander";
import { CloudlessError, ContractError } from "../errors.ts";

export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notFound: 3,
  contract: 4,
  rpc: 5,
  deployment: 6,
  inconsistent: 7,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  unexpected failure (a bug: please report it)
  2  usage or input error: bad flag, malformed address, id or amount, missing key, bad file
  3  not found: unknown offer, deal, commitment, peer or CU
  4  contract revert: e.g. too little allowance or balance, wrong signer, wrong stage
  5  RPC node or indexer unreachable or failing
  6  deployment file missing or malformed, or for another chain
  7  indexer inconsistent: \`indexer verify\` found differences with the contracts`;

export interface ErrorReport {
  code: string;
  message: string;
  details: string | undefined;
  errorName?: string;
  args?: Readonly<Record<string, unknown>>;
}

const exitByCode: Record<string, number> = {
  INPUT: EXIT.usage,
  NOT_FOUND: EXIT.notFound,
  CONTRACT: EXIT.contract,
  TX_REVERTED: EXIT.contract,
  RPC: EXIT.rpc,
  DEPLOYMENT: EXIT.deployment,
};

export function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) return EXIT.usage;
  if (err instanceof CloudlessError) return exitByCode[err.code] ?? EXIT.unexpected;
  return EXIT.unexpected;
}

// A hint for errors that come without details, so every error says what to do next.
const hints: Record<string, string> = {
  NOT_FOUND: "check the id or address, and that --rpc and --deployment point at the chain you mean",
  RPC: "check --rpc (or CLOUDLESS_RPC) and that the node is running",
  INDEXER: "check --indexer (or CLOUDLESS_INDEXER) and that the indexer is running",
  DEPLOYMENT: "pass --deployment <file> (or set CLOUDLESS_DEPLOYMENT) with the chain's deployment record",
};

const revertHints: Record<string, string> = {
  ERC20InsufficientAllowance: "pass --approve to approve the amount first",
  ERC20InsufficientBalance: "the signer holds too little of the token (see cloudless chain balance)",
};

/** What is shown of a failure: never its stack or cause chain, which may quote request data. */
export function describeError(err: unknown, command: string): ErrorReport {
  if (err instanceof CommanderError) {
    return { code: "INPUT", message: err.message.replace(/^error: /, ""), details: `see \`${command} --help\`` };
  }
  if (err instanceof ContractError) {
    // viem's text ("reverted with the following signature") says less than the decoded error
    const call = `${err.errorName}(${Object.entries(err.args)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ")})`;
    const hint = revertHints[err.errorName];
    return {
      code: err.code,
      message: err.shortMessage,
      details: hint ? `${call}; ${hint}` : call,
      errorName: err.errorName,
      args: err.args,
    };
  }
  if (err instanceof CloudlessError) {
    // the indexer client's failures are RPC errors about the indexer, not the node
    const code = err.code === "RPC" && err.shortMessage.startsWith("the indexer") ? "INDEXER" : err.code;
    const hint = err.code === "INPUT" ? `see \`${command} --help\`` : hints[code];
    const details =
      err.code === "RPC" && err.details ? `${err.details.replace(/\.$/, "")}; ${hint}` : (err.details ?? hint);
    return { code: err.code, message: err.shortMessage, details };
  }
  return {
    code: "UNEXPECTED",
    message: err instanceof Error ? err.message : String(err),
    details: "this is a bug in the cloudless CLI; please report it with the command you ran",
  };
}
