// `cloudless provider ...`: registration, the provider's overview and the reference prover; offers, peers,
// commitments, collateral and rewards are in offer.ts and commitment.ts.
import type { Command } from "commander";
import { action, type Cli, examples, hashes, sentText } from "./command.ts";
import { registerCommitmentCommands } from "./commitment.ts";
import { amount, keyValues, section, table } from "./format.ts";
import { registerOfferCommands } from "./offer.ts";
import { parseId, parseInteger } from "./parse.ts";
import { commitmentIdsOf, offerIdsOf } from "./scan.ts";

export function registerProviderCommands(program: Command, cli: Cli) {
  const provider = program
    .command("provider")
    .description("register as a provider, publish offers, commit capacity, prove it");

  provider
    .command("register")
    .description("register the signer as a provider")
    .requiredOption("--name <name>", "the provider's public name")
    .option("--metadata <cid>", "CID of a metadata document (contacts, regions, hardware)")
    .addHelpText(
      "after",
      examples("provider register --name Acme --metadata bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"),
    )
    .action(
      action(cli, async (s, opts: { name: string; metadata?: string }) => {
        const { cl, me } = await s.writer();
        const result = await cl.market.registerProvider(opts.name, opts.metadata);
        const transactions = hashes([result]);
        return {
          data: { provider: me, name: opts.name, metadataCid: opts.metadata ?? null, transactions },
          text: `registered provider ${me} as "${opts.name}"\n${sentText(transactions)}`,
        };
      }),
    );

  provider
    .command("show")
    .argument("[address]", "the provider (default: the signer)")
    .description("a provider's name, offers and commitments")
    .addHelpText("after", examples("provider show 0x70997970C51812dc3A010C7d01b50e0d17dc79C8"))
    .action(
      action(cli, async (s, address: string | undefined) => {
        const who = await s.addressOr(address, "provider");
        const cl = await s.reader();
        const info = await cl.market.getProvider(who);
        const [offerIds, commitmentIds] = await Promise.all([offerIdsOf(cl, who), commitmentIdsOf(cl, who)]);
        const offers = await Promise.all(offerIds.map((id) => cl.market.getOffer(id)));
        const commitments = await Promise.all(commitmentIds.map((id) => cl.capacity.getCommitment(id)));
        const tokens = await Promise.all(offers.map((o) => s.token(cl, o.paymentToken)));
        return {
          data: {
            address: who,
            name: info.name,
            metadataCid: info.metadataCid ?? null,
            offers: offers.map((o) => ({
              offerId: o.offerId,
              minPricePerUnit: o.minPricePerUnit,
              paymentToken: o.paymentToken,
              peerCount: o.peerCount,
            })),
            commitments: commitments.map((c) => ({
              commitmentId: c.commitmentId,
              peerId: c.peerId,
              status: c.status,
              unitCount: c.unitCount,
            })),
          },
          text:
            keyValues([
              ["provider", who],
              ["name", info.name],
              ["metadata", info.metadataCid ?? "-"],
            ]) +
            section(
              "offers",
              table(
                ["offer", "price per CU-epoch", "peers"],
                offers.map((o, i) => [o.offerId, amount(o.minPricePerUnit, tokens[i]!), o.peerCount]),
              ),
            ) +
            section(
              "commitments",
              table(
                ["commitment", "peer", "status", "CUs"],
                commitments.map((c) => [c.commitmentId, c.peerId, c.status, c.unitCount]),
              ),
            ),
        };
      }),
    );

  provider
    .command("prove")
    .description("bring CUs to the epoch's proof minimum with the reference prover (devnets and tests)")
    .requiredOption("--unit <id...>", "CU ids to prove (32-byte hex)")
    .option("--count <n>", "proofs per CU (default: the protocol's minProofsPerEpoch)")
    .addHelpText(
      "after",
      "\nCUs serving a deal, or already at the count, are left alone.\n" +
        examples("provider prove --unit 0x<cu1> 0x<cu2>"),
    )
    .action(
      action(cli, async (s, opts: { unit: string[]; count?: string }) => {
        const unitIds = opts.unit.map((u) => parseId(u, "CU id"));
        const count = opts.count === undefined ? undefined : Number(parseInteger(opts.count, "--count"));
        const { cl } = await s.writer();
        const result = await cl.prove(unitIds, count);
        const perUnit = unitIds.map((unitId) => ({
          unitId,
          proofs: result.proofs.filter((p) => p.unitId === unitId).length,
        }));
        const transactions = hashes(result.results);
        return {
          data: { epoch: result.epoch, units: perUnit, proofs: result.proofs, transactions },
          text:
            `submitted ${result.proofs.length} proofs in epoch ${result.epoch}\n` +
            table(
              ["CU", "new proofs"],
              perUnit.map((u) => [u.unitId, u.proofs]),
            ) +
            sentText(transactions),
        };
      }),
    );

  registerOfferCommands(provider, cli);
  registerCommitmentCommands(provider, cli);
}
