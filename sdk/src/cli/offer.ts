// `cloudless provider offer ...` and `cloudless provider peer ...`: an offer's terms, its peers and their CUs.
import type { Command } from "commander";
import type { Hex } from "viem";
import type { Cloudless } from "../client.ts";
import type { PeerSpec } from "../contracts/market.ts";
import { InputError } from "../errors.ts";
import type { WriteResult } from "../tx.ts";
import { action, type Cli, examples, hashes, sentText } from "./command.ts";
import { amount, keyValues, section, table } from "./format.ts";
import { type OfferFlags, offerInput, peerSpec } from "./offer-input.ts";
import { parseAmount, parseId, parseInteger, parsePeerFlag } from "./parse.ts";
import { effectorsOf, peerIdsOf, unitIdsOf } from "./scan.ts";

const PEER_HELP =
  "<publicKey>:<unitCount> (that many new random CU labels) or <publicKey>:<label>,<label>...; repeatable";

const peersText = (peers: { peerId: Hex; unitIds: Hex[] }[]) =>
  table(
    ["peer", "CU"],
    peers.flatMap((p) => p.unitIds.map((u) => [p.peerId, u])),
  );

async function showOffer(cl: Cloudless, offerId: bigint) {
  const offer = await cl.market.getOffer(offerId);
  const [peerIds, effectors] = await Promise.all([peerIdsOf(cl, offerId), effectorsOf(cl, offerId)]);
  const peers = await Promise.all(
    peerIds.map(async (peerId) => {
      const [peer, unitIds] = await Promise.all([cl.market.getPeer(peerId), unitIdsOf(cl, peerId)]);
      return { peerId, operator: peer.operator, commitmentId: peer.commitmentId, unitIds };
    }),
  );
  return { offer, effectors, peers };
}

export function registerOfferCommands(provider: Command, cli: Cli) {
  const offer = provider
    .command("offer")
    .description("publish and manage offers: price, payment token, effectors, peers");

  offer
    .command("create")
    .description("publish an offer with its peers and CUs")
    .option("--price <amount>", "minimum price per CU per epoch, in payment-token units (e.g. 0.5)")
    .option("--token <address>", "payment token (default: the deployment's payment token)")
    .option("--effector <cid...>", "effector CIDs the peers support")
    .option("--peer <spec...>", PEER_HELP)
    .option(
      "--file <offer.json>",
      'the offer as JSON: {"price","token"?,"effectors"?,"peers":[{"publicKey","units","operator"?}]}',
    )
    .addHelpText(
      "after",
      examples(
        "provider offer create --price 0.5 --peer 0x<keyA>:4 --peer 0x<keyB>:0x<label1>,0x<label2>",
        "provider offer create --file offer.json",
      ),
    )
    .action(
      action(cli, async (s, opts: OfferFlags) => {
        const input = offerInput(opts, s.cwd);
        const { cl, me } = await s.writer();
        const token = await s.token(cl, input.token ?? s.paymentToken(cl, undefined));
        const price = parseAmount(input.price, token.decimals, "--price");
        const { offerId, results, peers } = await cl.market.createOffer({
          minPricePerUnit: price,
          paymentToken: token.address,
          effectors: input.effectors,
          peers: input.peers,
        });
        const transactions = hashes(results);
        return {
          data: {
            offerId,
            provider: me,
            minPricePerUnit: price,
            paymentToken: token.address,
            peers,
            transactions,
          },
          text:
            keyValues([
              ["offer", offerId],
              ["provider", me],
              ["price", `${amount(price, token)} per CU-epoch`],
              ["peers", peers.length],
            ]) +
            section("CUs", peersText(peers)) +
            sentText(transactions),
        };
      }),
    );

  offer
    .command("show")
    .argument("<offerId>", "the offer's number")
    .description("an offer's terms, effectors, peers and CUs")
    .addHelpText("after", examples("provider offer show 1"))
    .action(
      action(cli, async (s, id: string) => {
        const offerId = parseInteger(id, "offer id");
        const cl = await s.reader();
        const { offer, effectors, peers } = await showOffer(cl, offerId);
        const token = await s.token(cl, offer.paymentToken);
        return {
          data: { ...offer, token: { symbol: token.symbol, decimals: token.decimals }, effectors, peers },
          text:
            keyValues([
              ["offer", offerId],
              ["provider", offer.provider],
              ["price", `${amount(offer.minPricePerUnit, token)} per CU-epoch`],
              ["token", `${token.symbol} ${token.address}`],
              ["effectors", effectors.length ? effectors.join(" ") : "-"],
            ]) +
            section(
              "peers",
              table(
                ["peer", "operator", "commitment", "CUs"],
                peers.map((p) => [
                  p.peerId,
                  p.operator,
                  p.commitmentId === 0n ? "-" : p.commitmentId,
                  p.unitIds.length,
                ]),
              ),
            ) +
            section("CUs", peersText(peers)),
        };
      }),
    );

  offer
    .command("update")
    .argument("<offerId>", "the offer's number")
    .description("change an offer's price, payment token or effectors")
    .option("--price <amount>", "new minimum price per CU per epoch, in payment-token units")
    .option("--token <address>", "new payment token")
    .option("--add-effector <cid...>", "effector CIDs to add")
    .option("--remove-effector <cid...>", "effector CIDs to remove")
    .addHelpText(
      "after",
      examples(
        "provider offer update 1 --price 0.75 --add-effector bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      ),
    )
    .action(
      action(
        cli,
        async (
          s,
          id: string,
          opts: { price?: string; token?: string; addEffector?: string[]; removeEffector?: string[] },
        ) => {
          const offerId = parseInteger(id, "offer id");
          if (opts.price === undefined && opts.token === undefined && !opts.addEffector && !opts.removeEffector) {
            throw new InputError("nothing to update: give --price, --token, --add-effector or --remove-effector");
          }
          const { cl } = await s.writer();
          const current = await cl.market.getOffer(offerId);
          const token = await s.token(
            cl,
            opts.token === undefined ? current.paymentToken : s.paymentToken(cl, opts.token),
          );
          const price = opts.price === undefined ? undefined : parseAmount(opts.price, token.decimals, "--price");
          const results: WriteResult[] = [];
          if (opts.token !== undefined) results.push(await cl.market.setOfferToken(offerId, token.address));
          if (price !== undefined) results.push(await cl.market.setOfferPrice(offerId, price));
          if (opts.addEffector) results.push(await cl.market.addEffectors(offerId, opts.addEffector));
          if (opts.removeEffector) results.push(await cl.market.removeEffectors(offerId, opts.removeEffector));
          const updated = await cl.market.getOffer(offerId);
          const transactions = hashes(results);
          return {
            data: {
              offerId,
              minPricePerUnit: updated.minPricePerUnit,
              paymentToken: updated.paymentToken,
              transactions,
            },
            text:
              keyValues([
                ["offer", offerId],
                ["price", `${amount(updated.minPricePerUnit, token)} per CU-epoch`],
                ["token", `${token.symbol} ${token.address}`],
              ]) + sentText(transactions),
          };
        },
      ),
    );

  offer
    .command("remove")
    .argument("<offerId>", "the offer's number")
    .description("remove an offer (remove its peers first)")
    .addHelpText("after", examples("provider offer remove 1"))
    .action(
      action(cli, async (s, id: string) => {
        const offerId = parseInteger(id, "offer id");
        const { cl } = await s.writer();
        const transactions = hashes([await cl.market.removeOffer(offerId)]);
        return { data: { offerId, transactions }, text: `removed offer ${offerId}\n${sentText(transactions)}` };
      }),
    );

  const peer = provider.command("peer").description("add peers to an offer or remove them");

  peer
    .command("add")
    .argument("<offerId>", "the offer's number")
    .description("add peers and their CUs to an offer")
    .requiredOption("--peer <spec...>", PEER_HELP)
    .addHelpText("after", examples("provider peer add 1 --peer 0x<keyC>:2"))
    .action(
      action(cli, async (s, id: string, opts: { peer: string[] }) => {
        const offerId = parseInteger(id, "offer id");
        const specs = opts.peer.map((p) => peerSpec(parsePeerFlag(p)));
        const { cl } = await s.writer();
        const { results, peers } = await cl.market.addPeers(offerId, specs);
        const transactions = hashes(results);
        return {
          data: { offerId, peers, transactions },
          text: `added ${peers.length} peer(s) to offer ${offerId}\n` + peersText(peers) + sentText(transactions),
        };
      }),
    );

  peer
    .command("remove")
    .argument("<peerId>", "the peer (32-byte hex)")
    .description("remove a peer and its CUs from its offer (not while a commitment holds it)")
    .addHelpText("after", examples("provider peer remove 0x<peerC>"))
    .action(
      action(cli, async (s, id: string) => {
        const peerId: Hex = parseId(id, "peer id");
        const { cl } = await s.writer();
        const info = await cl.market.getPeer(peerId);
        const unitIds = info.unitCount ? await unitIdsOf(cl, peerId) : [];
        const results: WriteResult[] = [];
        if (unitIds.length) results.push(await cl.market.removeUnits(peerId, unitIds));
        results.push(await cl.market.removePeer(peerId));
        const transactions = hashes(results);
        return {
          data: { peerId, offerId: info.offerId, removedUnits: unitIds, transactions },
          text: `removed peer ${peerId} and ${unitIds.length} CU(s) from offer ${info.offerId}\n${sentText(transactions)}`,
        };
      }),
    );
}
