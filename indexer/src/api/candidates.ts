// The CUs a deal can match now, in one query: every rule matchDeal checks, then one CU per peer (its free CU with
// the lowest id), the provider cap (counting the CUs each provider already has in the deal), cheapest offer first
// (then lowest offer id, then lowest peer id), up to the CUs the deal needs.
import type { CandidateOptions, IndexerCandidate } from "@cloudless/sdk";
import { commitment, computeUnit, dealUnit, offer, peer } from "ponder:schema";
import { sql } from "ponder";
import type { Address, Hex } from "viem";
import type { IndexedBlock } from "./clock.ts";
import { commitmentActive, effectorsSupported, priceAccepted, providerAllowed, tokenAccepted } from "./conditions.ts";
import type { DealTerms } from "./deal-terms.ts";
import { big, rows } from "./query.ts";

interface CandidateRow extends Record<string, unknown> {
  unit_id: Hex;
  peer_id: Hex;
  provider: Address;
  offer_id: string;
  price: string;
}

export async function findCandidates(
  deal: DealTerms,
  at: IndexedBlock,
  options: CandidateOptions = {},
): Promise<IndexerCandidate[]> {
  const needed = Number(deal.needed);
  const limit = Math.min(options.limit ?? needed, needed);
  if (limit <= 0) return [];
  const onlyProvider = options.provider ? sql`and o.provider = ${options.provider}` : sql``;
  // Peers are ranked within their provider by price; a provider contributes its cheapest (cap - CUs already in the
  // deal) peers, which is what taking the cheapest peer overall, one at a time, under the cap gives. A peer has a
  // free CU when it has more CUs than CUs in deals; one free CU is looked up for the picked peers only. Written
  // for PGlite, which keeps no planner statistics and disables sequential scans: `coalesce(u.deal, '')` keeps the
  // planner from reading the index on deal (every free CU of the market) for each picked peer.
  const found = await rows<CandidateRow>(sql`
    with serving as (
      select peer_id, provider from ${dealUnit} where deal = ${deal.address} and active
    ),
    used as (
      select provider, count(*) as units from serving group by provider
    ),
    busy as (
      select peer_id, count(*) as units from ${computeUnit} where deal is not null and not removed group by peer_id
    ),
    offers as (
      select o.id, o.provider, o.min_price_per_unit from ${offer} o
      where not o.removed and ${priceAccepted(deal)} and ${tokenAccepted(deal)} ${onlyProvider}
        and ${effectorsSupported(deal)} and ${providerAllowed(deal)}
    ),
    free_peers as (
      select p.id as peer_id, o.provider, o.id as offer_id, o.min_price_per_unit as price,
        row_number() over (partition by o.provider order by o.min_price_per_unit, o.id, p.id) as rank
      from offers o
      join ${peer} p on p.offer_id = o.id and not p.removed
      join ${commitment} c on c.id = p.commitment_id and ${commitmentActive(at.epoch)}
      left join busy b on b.peer_id = p.id
      where p.unit_count > coalesce(b.units, 0) and not exists (select 1 from serving s where s.peer_id = p.id)
    ),
    picked as (
      select f.peer_id, f.provider, f.offer_id, f.price
      from free_peers f left join used on used.provider = f.provider
      where f.rank + coalesce(used.units, 0) <= ${deal.maxWorkersPerProvider.toString()}::numeric
      order by f.price, f.offer_id, f.peer_id
      limit ${limit}
    )
    select u.id as unit_id, k.peer_id, k.provider, k.offer_id, k.price
    from picked k
    cross join lateral (
      select u.id from ${computeUnit} u
      where u.peer_id = k.peer_id and coalesce(u.deal, '') = '' and not u.removed
      order by u.id limit 1
    ) u
    order by k.price, k.offer_id, k.peer_id`);
  return found.map((r) => ({
    unitId: r.unit_id,
    peerId: r.peer_id,
    provider: r.provider,
    offerId: big(r.offer_id),
    minPricePerUnit: big(r.price),
  }));
}
