// The matching rules as SQL conditions, shared by the candidates query and the explanation so that both apply
// exactly the same checks (the ones matchDeal applies on chain, docs/deals.md). `o` is an offer row, `c` a
// commitment row.
import { dealAccess, offerEffector } from "ponder:schema";
import { sql } from "ponder";
import type { DealTerms } from "./deal-terms.ts";
import type { SQL } from "./query.ts";

const o = sql.raw("o");

/** The offer's minimum price is at most the deal's price. */
export const priceAccepted = (deal: DealTerms) =>
  sql`${o}.min_price_per_unit <= ${deal.pricePerWorkerEpoch.toString()}::numeric`;

/** The offer is paid in the deal's token. */
export const tokenAccepted = (deal: DealTerms) => sql`${o}.payment_token = ${deal.paymentToken}`;

/** The offer's effectors (rows `e` of offer_effector) among those the deal requires; needs deal.effectors. */
export const requiredEffectorsOfOffer = (deal: DealTerms) =>
  sql`${offerEffector} e where e.offer_id = ${o}.id and e.effector in (${sql.join(
    deal.effectors.map((e) => sql`${e}`),
    sql`, `,
  )})`;

/** The offer supports every effector the deal requires. */
export const effectorsSupported = (deal: DealTerms) =>
  deal.effectors.length === 0
    ? sql`true`
    : sql`(select count(*) from ${requiredEffectorsOfOffer(deal)}) = ${deal.effectors.length}`;

/** The deal's access list lets the offer's provider serve it. */
export function providerAllowed(deal: DealTerms): SQL {
  if (deal.accessMode === "None") return sql`true`;
  const listed = sql`exists (select 1 from ${dealAccess} a where a.deal = ${deal.address} and a.provider = ${o}.provider and a.listed)`;
  return deal.accessMode === "Allowlist" ? listed : sql`not ${listed}`;
}

/**
 * The commitment `c` is in its active period at `epoch`: deposited (the epochs are set then), started, not ended,
 * and not failed before `epoch` (as on chain, a commitment failing in epoch f ends after f).
 */
export function commitmentActive(epoch: bigint): SQL {
  const e = sql`${epoch.toString()}::numeric`;
  return sql`(c.start_epoch <= ${e} and c.end_epoch > ${e} and (c.failed_at_epoch is null or c.failed_at_epoch >= ${e}))`;
}
