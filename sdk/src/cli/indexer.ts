// `cloudless indexer status|verify`: how far the indexer is behind the chain, and whether what it indexed agrees with
// the contracts.
import type { Command } from "commander";
import { verifyIndexer } from "../indexer/verify.ts";
import { action, type Cli, examples } from "./command.ts";
import { EXIT } from "./exit-codes.ts";
import { keyValues, table } from "./format.ts";

export function registerIndexerCommands(program: Command, cli: Cli) {
  const indexer = program
    .command("indexer")
    .description("the Cloudless indexer (--indexer): its lag behind the chain and its consistency with the contracts");

  indexer
    .command("status")
    .description("the block the indexer has reached, the chain's head, and the lag between them")
    .addHelpText("after", examples("indexer status", "indexer status --indexer http://127.0.0.1:42069"))
    .action(
      action(cli, async (s) => {
        const { client } = s.indexer();
        const status = await client.status();
        return {
          data: { url: client.url, ...status },
          text: keyValues([
            ["indexer", client.url],
            ["chain", status.chainId],
            ["backfill", status.ready ? "complete" : "running"],
            ["indexed block", status.indexed?.block ?? "none yet"],
            ["epoch", status.indexed?.epoch],
            ["chain head", status.head?.block ?? `unknown (${status.headError ?? "no answer"})`],
            ["lag", status.lag ? `${status.lag.blocks} blocks, ${status.lag.seconds} s` : undefined],
          ]),
        };
      }),
    );

  indexer
    .command("verify")
    .description(
      `compare every indexed provider, offer, peer, CU, commitment and deal with the contracts' views at the block ` +
        `the indexer reached; exits ${EXIT.inconsistent} when they differ`,
    )
    .addHelpText("after", examples("indexer verify", "indexer verify --json"))
    .action(
      action(cli, async (s) => {
        const cloudless = await s.reader();
        const { client } = s.indexer();
        const differences = await verifyIndexer({ cloudless, indexerUrl: client.url });
        return {
          data: { indexer: client.url, consistent: differences.length === 0, differences },
          text: differences.length
            ? `${differences.length} difference(s) between the indexer and the contracts\n` +
              table(
                ["entity", "id", "field", "indexed", "chain"],
                differences.map((d) => [d.entity, d.id, d.field, d.indexed, d.chain]),
              )
            : "the indexer agrees with the contracts\n",
          exitCode: differences.length ? EXIT.inconsistent : undefined,
        };
      }),
    );
}
