// `cloudless deal explain`: for every offer, peer and CU, whether the deal can match it now and why not, from the
// indexer.
import type { Command } from "commander";
import type { Address } from "viem";
import type { Explanation } from "../indexer/types.ts";
import { action, type Cli, examples } from "./command.ts";
import { amount, keyValues, section, table, type TokenInfo } from "./format.ts";
import { parseAddress } from "./parse.ts";

const reasons = (list: readonly string[]) => (list.length ? list.join(", ") : "-");

/** One row per CU (or per peer without CUs, per offer without peers). */
function rows(explanation: Explanation, tokens: Map<Address, TokenInfo>): string[][] {
  return explanation.offers.flatMap((o) => {
    const price = amount(o.minPricePerUnit, tokens.get(o.paymentToken)!);
    const offer = [String(o.offerId), o.provider, price];
    if (!o.peers.length) return [[...offer, "-", "-", "no", reasons(o.reasons)]];
    return o.peers.flatMap((p) =>
      p.units.length
        ? p.units.map((u) => [
            ...offer,
            p.peerId,
            u.unitId,
            u.candidate ? "candidate" : u.eligible ? "eligible" : "no",
            reasons(u.reasons),
          ])
        : [[...offer, p.peerId, "-", "no", reasons(p.reasons)]],
    );
  });
}

export function registerDealExplainCommand(deal: Command, cli: Cli) {
  deal
    .command("explain")
    .argument("<address>", "the deal's address")
    .description(
      "for every offer, peer and CU: whether the deal can match it now, and every reason it cannot (from the indexer)",
    )
    .option("--provider <address>", "only this provider's offers")
    .addHelpText("after", examples("deal explain 0x<deal>", "deal explain 0x<deal> --provider 0x<provider> --json"))
    .action(
      action(cli, async (s, address: string, opts: { provider?: string }) => {
        const dealAddress = parseAddress(address, "deal");
        const provider = opts.provider === undefined ? undefined : parseAddress(opts.provider, "--provider");
        const { client } = s.indexer();
        const explanation = await client.explain(dealAddress, { provider });
        const cl = await s.reader();
        const tokens = new Map<Address, TokenInfo>();
        for (const token of new Set(explanation.offers.map((o) => o.paymentToken)))
          tokens.set(token, await s.token(cl, token));
        const units = explanation.offers.flatMap((o) => o.peers.flatMap((p) => p.units));
        return {
          data: { ...explanation },
          text:
            keyValues([
              ["deal", explanation.deal],
              ["indexed block", explanation.block],
              ["epoch", explanation.epoch],
              ["CUs needed", explanation.needed],
              ["deal-wide", explanation.reasons.length ? explanation.reasons.join(", ") : undefined],
              ["candidates", units.filter((u) => u.candidate).length],
              ["eligible CUs", `${units.filter((u) => u.eligible).length} of ${units.length}`],
            ]) +
            section(
              "offers, peers and CUs",
              table(["offer", "provider", "min price", "peer", "CU", "match", "reasons"], rows(explanation, tokens)),
            ),
        };
      }),
    );
}
