// `cloudless deal match|workers|set-worker|claim`: CUs joining a deal, their workers, and providers' pay.
import type { Command } from "commander";
import { type Hex, zeroHash } from "viem";
import { action, type Cli, examples, hashes, sentText } from "./command.ts";
import { amount, keyValues, section, table } from "./format.ts";
import { loadDeal } from "./deal-view.ts";
import { matchCandidates } from "./match-candidates.ts";
import { parseAddress, parseId } from "./parse.ts";

export function registerDealWorkerCommands(deal: Command, cli: Cli) {
  deal
    .command("match")
    .argument("<address>", "the deal's address")
    .description(
      "match CUs to a deal: the given ones, or the cheapest that qualify now; prints what was skipped and why",
    )
    .option(
      "--unit <id...>",
      "CU ids to offer to the deal, in this order (default: the indexer's candidates, or a scan of the chain when no indexer answers at the default URL)",
    )
    .addHelpText("after", examples("deal match 0x<deal>", "deal match 0x<deal> --unit 0x<cu1> 0x<cu2>"))
    .action(
      action(cli, async (s, address: string, opts: { unit?: string[] }) => {
        const dealAddress = parseAddress(address, "deal");
        const given = opts.unit?.map((u) => parseId(u, "CU id"));
        const { cl } = await s.writer();
        const found = given ? undefined : await matchCandidates(s, cl, dealAddress);
        const unitIds: Hex[] = given ?? found!.unitIds;
        const from = found ? `candidates from ${found.source}\n` : "";
        if (!unitIds.length) {
          return {
            data: { deal: dealAddress, candidatesFrom: found?.source, matched: [], skipped: [], transactions: [] },
            text: `${from}no CU qualifies for the deal now: nothing sent\n`,
          };
        }
        const outcome = await cl.matching.match(dealAddress, unitIds);
        const transactions = hashes([outcome.result]);
        return {
          data: {
            deal: dealAddress,
            candidatesFrom: found?.source,
            matched: outcome.matched,
            skipped: outcome.skipped,
            transactions,
          },
          text:
            from +
            `matched ${outcome.matched.length} of ${unitIds.length} CU(s)\n` +
            section(
              "matched",
              table(
                ["CU", "peer", "provider"],
                outcome.matched.map((m) => [m.unitId, m.peerId, m.provider]),
              ),
            ) +
            section(
              "skipped",
              table(
                ["CU", "reason"],
                outcome.skipped.map((m) => [m.unitId, m.reason]),
              ),
            ) +
            sentText(transactions),
        };
      }),
    );

  deal
    .command("workers")
    .argument("<address>", "the deal's address")
    .description("the deal's CUs with their peers, providers and workers")
    .addHelpText("after", examples("deal workers 0x<deal>"))
    .action(
      action(cli, async (s, address: string) => {
        const dealAddress = parseAddress(address, "deal");
        const cl = await s.reader();
        const workers = await cl.deals.workers(dealAddress);
        return {
          data: {
            deal: dealAddress,
            workers: workers.map((w) => ({ ...w, workerId: w.workerId === zeroHash ? null : w.workerId })),
          },
          text: table(
            ["CU", "peer", "provider", "worker"],
            workers.map((w) => [w.unitId, w.peerId, w.provider, w.workerId === zeroHash ? "(none yet)" : w.workerId]),
          ),
        };
      }),
    );

  deal
    .command("set-worker")
    .argument("<address>", "the deal's address")
    .argument("<unitId>", "the CU serving the deal")
    .argument("<workerId>", "the worker's id (32-byte hex)")
    .description(
      "register or replace the worker of a CU (its provider or peer operator); it is paid from the next epoch",
    )
    .addHelpText("after", examples("deal set-worker 0x<deal> 0x<cu> 0x<worker>"))
    .action(
      action(cli, async (s, address: string, unit: string, worker: string) => {
        const dealAddress = parseAddress(address, "deal");
        const unitId = parseId(unit, "CU id");
        const workerId = parseId(worker, "worker id");
        const { cl } = await s.writer();
        const transactions = hashes([await cl.deals.setWorker(dealAddress, unitId, workerId)]);
        return {
          data: { deal: dealAddress, unitId, workerId, transactions },
          text: `worker ${workerId} set for CU ${unitId}\n${sentText(transactions)}`,
        };
      }),
    );

  deal
    .command("claim")
    .argument("<address>", "the deal's address")
    .description("claim a provider's pay from a deal: the signer's, or that of the provider of --unit")
    .option("--unit <id>", "claim for the provider of this CU (signed by its provider or peer operator)")
    .addHelpText("after", examples("deal claim 0x<deal>", "deal claim 0x<deal> --unit 0x<cu>"))
    .action(
      action(cli, async (s, address: string, opts: { unit?: string }) => {
        const dealAddress = parseAddress(address, "deal");
        const unitId = opts.unit === undefined ? undefined : parseId(opts.unit, "--unit");
        const { cl } = await s.writer();
        const claimed = unitId
          ? await cl.deals.claimPay(dealAddress, unitId)
          : await cl.deals.claimProviderPay(dealAddress);
        const { token } = await loadDeal(s, cl, dealAddress);
        const transactions = hashes([claimed.result]);
        return {
          data: { deal: dealAddress, amount: claimed.amount, transactions },
          text: keyValues([["claimed", amount(claimed.amount, token)]]) + sentText(transactions),
        };
      }),
    );
}
