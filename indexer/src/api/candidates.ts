// The CUs a deal can match now, in one query: every rule matchDeal checks (none while the deal cannot pay: its
// `needed` is 0), then one free CU per peer that may join (not serving it, not within its rejoin delay), the provider
// cap (counting the CUs each provider already has in the deal), cheapest offer first (then lowest offer id, then
// lowest peer id), up to the CUs the deal needs.
import type { CandidateOptions, IndexerCandidate } from "@cloudless/sdk";
import { commitment, computeUnit, dealUnit, offer, peer } from "ponder:schema";
import { sql } from "ponder";
import type { Address, Hex } from "viem";
import type { IndexedBlock } from "./clock.ts";
import { commitmentActive, effectorsSupported, priceAccepted, providerAllowed, tokenAccepted } from "./conditions.ts";
import type { DealTerms } from "./deal-terms.ts";
import { big, rows, type SQL } from "./query.ts";

interface CandidateRow extends Record<string, unknown> {
  unit_id: Hex;
  peer_id: Hex;
  provider: Address;
  offer_id: string;
  price: string;
}

/** A stay `s` of a CU in the deal that keeps its peer out: the CU serves it, or left fewer than rejoinDelay epochs
 * ago. */
export const inDealOrResting = (at: IndexedBlock) => sql`(s.active or s.rejoin_from > ${at.epoch.toString()}::numeric)`;

/** One free CU of the peer `peerId`. */
const freeUnitOf = (peerId: SQL) =>
  sql`select u.id from ${computeUnit} u where u.peer_id = ${peerId} and coalesce(u.deal, '') = '' and not u.removed limit 1`;

export async function findCandidates(
  deal: DealTerms,
  at: IndexedBlock,
  options: CandidateOptions = {},
): Promise<IndexerCandidate[]> {
  const needed = Number(deal.needed);
  const limit = Math.min(options.limit ?? needed, needed);
  if (limit <= 0) return [];
  const onlyProvider = options.provider ? sql`and o.provider = ${options.provider}` : sql``;
  const cap = sql`${deal.maxWorkersPerProvider.toString()}::numeric`;
  // Peers are ranked within their provider by price; a provider contributes its cheapest (cap - CUs already in the
  // deal) peers, which is what taking the cheapest peer overall, one at a time, under the cap gives. Written for
  // PGlite, which keeps no planner statistics and disables sequential scans, so that every step reads an index
  // once per row at most: the CUs a provider has in the deal join its offers, not each peer (and a provider at its
  // cap drops out with its offers); the peers serving the deal are a hashed set; a peer's free CU is found through
  // the index on peer (`coalesce(u.deal, '')` keeps the planner off the index on deal, which holds every free CU).
  const found = await rows<CandidateRow>(sql`
    with used as (
      select provider, count(*) as units from ${dealUnit} where deal = ${deal.address} and active group by provider
    ),
    offers as (
      select o.id, o.provider, o.min_price_per_unit, coalesce(used.units, 0) as used
      from ${offer} o left join used on used.provider = o.provider
      where not o.removed and ${priceAccepted(deal)} and ${tokenAccepted(deal)} ${onlyProvider}
        and coalesce(used.units, 0) < ${cap} and ${effectorsSupported(deal)} and ${providerAllowed(deal)}
    ),
    free_peers as (
      select p.id as peer_id, o.provider, o.id as offer_id, o.min_price_per_unit as price, o.used,
        row_number() over (partition by o.provider order by o.min_price_per_unit, o.id, p.id) as rank
      from offers o
      join ${peer} p on p.offer_id = o.id and not p.removed
      join ${commitment} c on c.id = p.commitment_id and ${commitmentActive(at.epoch)}
      where p.id not in (select s.peer_id from ${dealUnit} s where s.deal = ${deal.address} and ${inDealOrResting(at)})
        and exists (${freeUnitOf(sql`p.id`)})
    ),
    picked as (
      select f.peer_id, f.provider, f.offer_id, f.price from free_peers f
      where f.rank + f.used <= ${cap}
      order by f.price, f.offer_id, f.peer_id
      limit ${limit}
    )
    select u.id as unit_id, k.peer_id, k.provider, k.offer_id, k.price
    from picked k cross join lateral (${freeUnitOf(sql`k.peer_id`)}) u
    order by k.price, k.offer_id, k.peer_id`);
  return found.map((r) => ({
    unitId: r.unit_id,
    peerId: r.peer_id,
    provider: r.provider,
    offerId: big(r.offer_id),
    minPricePerUnit: big(r.price),
  }));
}
