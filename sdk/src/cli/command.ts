// Glue between commander and the commands: each action gets a Session for its global options and returns a
// Report, which is printed as text or JSON.
import type { Command } from "commander";
import type { Io } from "./io.ts";
import type { Output, Report } from "./output.ts";
import { type GlobalOptions, Session } from "./session.ts";

export interface Cli {
  io: Io;
  out: Output;
  /** Set by a command that succeeded with a finding (e.g. `indexer verify` with differences). */
  exitCode?: number;
}

/** Wraps `run(session, ...arguments, options)` as a commander action. */
export function action<A extends unknown[]>(cli: Cli, run: (session: Session, ...args: A) => Promise<Report>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const session = new Session(cli.io, cli.out, command.optsWithGlobals<GlobalOptions>());
    const report = await run(session, ...(args.slice(0, -1) as A));
    cli.out.report(report);
    cli.exitCode = report.exitCode;
  };
}

export const hashes = (results: readonly { hash: `0x${string}` }[]) => results.map((r) => r.hash);

/** The lines every write prints after its own: the transactions it sent. */
export function sentText(transactions: readonly string[]): string {
  return transactions.map((h) => `tx  ${h}\n`).join("");
}

/** Help text listing example command lines. */
export function examples(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? "s" : ""}:\n${lines.map((l) => `  cloudless ${l}`).join("\n")}`;
}
