// For every offer, peer and CU of the market: whether the deal could match it now and, if not, every reason,
// named as the chain names its skip reasons. The same SQL conditions as the candidates query decide each rule;
// the candidates query itself marks which eligible CUs would be proposed.
import type { ExplainReason, Explanation, OfferExplanation, PeerExplanation } from "@cloudless/sdk";
import { commitment, computeUnit, dealUnit, offer, peer } from "ponder:schema";
import { sql } from "ponder";
import type { Address, Hex } from "viem";
import { findCandidates, inDealOrResting } from "./candidates.ts";
import type { IndexedBlock } from "./clock.ts";
import {
  commitmentActive,
  priceAccepted,
  providerAllowed,
  requiredEffectorsOfOffer,
  tokenAccepted,
} from "./conditions.ts";
import type { DealTerms } from "./deal-terms.ts";
import { big, rows } from "./query.ts";

// The order matchDeal checks them in (DealEnded and DealCannotPay make the whole call revert).
const ORDER: readonly ExplainReason[] = [
  "DealEnded",
  "DealCannotPay",
  "TargetReached",
  "PriceTooHigh",
  "WrongToken",
  "MissingEffectors",
  "ProviderNotAllowed",
  "PeerInDeal",
  "RejoinTooSoon",
  "ProviderCapReached",
  "UnitInDeal",
  "CommitmentNotActive",
];
const sorted = (reasons: ExplainReason[]) => ORDER.filter((r) => reasons.includes(r));

interface OfferRow extends Record<string, unknown> {
  id: string;
  provider: Address;
  payment_token: Address;
  price: string;
  price_ok: boolean;
  token_ok: boolean;
  supported: Hex[] | null;
  allowed: boolean;
}
interface PeerRow extends Record<string, unknown> {
  id: Hex;
  offer_id: string;
  commitment_id: string | null;
  active: boolean | null;
}
interface UnitRow extends Record<string, unknown> {
  id: Hex;
  peer_id: Hex;
  deal: Address | null;
}
interface ServingRow extends Record<string, unknown> {
  peer_id: Hex;
  provider: Address;
  active: boolean;
}

export async function explainDeal(
  deal: DealTerms,
  at: IndexedBlock,
  provider: Address | undefined,
): Promise<Explanation> {
  const ofProvider = (alias: string) => (provider ? sql`and ${sql.raw(alias)}.provider = ${provider}` : sql``);
  const supported = deal.effectors.length
    ? sql`array(select e.effector from ${requiredEffectorsOfOffer(deal)})`
    : sql`null`;
  const [offers, peers, units, serving, candidates] = await Promise.all([
    rows<OfferRow>(sql`
      select o.id, o.provider, o.payment_token, o.min_price_per_unit as price,
        ${priceAccepted(deal)} as price_ok, ${tokenAccepted(deal)} as token_ok, ${supported} as supported,
        ${providerAllowed(deal)} as allowed
      from ${offer} o where not o.removed ${ofProvider("o")} order by o.min_price_per_unit, o.id`),
    rows<PeerRow>(sql`
      select p.id, p.offer_id, p.commitment_id, ${commitmentActive(at.epoch)} as active
      from ${peer} p left join ${commitment} c on c.id = p.commitment_id
      where not p.removed ${ofProvider("p")} order by p.id`),
    rows<UnitRow>(sql`
      select u.id, u.peer_id, u.deal from ${computeUnit} u where not u.removed ${ofProvider("u")} order by u.id`),
    rows<ServingRow>(
      sql`select s.peer_id, s.provider, s.active from ${dealUnit} s where s.deal = ${deal.address} and ${inDealOrResting(at)}`,
    ),
    findCandidates(deal, at, { provider }),
  ]);

  const dealReasons: ExplainReason[] = [];
  if (deal.ended) dealReasons.push("DealEnded");
  if (deal.cannotPay) dealReasons.push("DealCannotPay");
  if (deal.units >= deal.targetWorkers) dealReasons.push("TargetReached");

  const servingPeers = new Set(serving.filter((s) => s.active).map((s) => s.peer_id));
  const restingPeers = new Set(serving.filter((s) => !s.active).map((s) => s.peer_id));
  const perProvider = new Map<Address, bigint>();
  for (const s of serving.filter((s) => s.active))
    perProvider.set(s.provider, (perProvider.get(s.provider) ?? 0n) + 1n);
  const picked = new Set(candidates.map((x) => x.unitId));

  const unitsOf = new Map<Hex, UnitRow[]>();
  for (const u of units) unitsOf.set(u.peer_id, [...(unitsOf.get(u.peer_id) ?? []), u]);
  const peersOf = new Map<string, PeerRow[]>();
  for (const p of peers) peersOf.set(p.offer_id, [...(peersOf.get(p.offer_id) ?? []), p]);

  const explainPeer = (p: PeerRow, above: ExplainReason[]): PeerExplanation => {
    const reasons = [...above];
    if (!p.active) reasons.push("CommitmentNotActive");
    if (servingPeers.has(p.id)) reasons.push("PeerInDeal");
    else if (restingPeers.has(p.id)) reasons.push("RejoinTooSoon");
    return {
      peerId: p.id,
      commitmentId: p.commitment_id === null ? null : big(p.commitment_id),
      eligible: reasons.length === 0,
      reasons: sorted(reasons),
      units: (unitsOf.get(p.id) ?? []).map((u) => {
        const own = u.deal === null ? reasons : [...reasons, "UnitInDeal" as const];
        return {
          unitId: u.id,
          eligible: own.length === 0,
          candidate: picked.has(u.id),
          reasons: sorted(own),
          deal: u.deal,
        };
      }),
    };
  };

  const explainOffer = (row: OfferRow): OfferExplanation => {
    const supported = new Set(row.supported ?? []);
    const missingEffectors = deal.effectors.filter((e) => !supported.has(e));
    const reasons = [...dealReasons];
    if (!row.price_ok) reasons.push("PriceTooHigh");
    if (!row.token_ok) reasons.push("WrongToken");
    if (missingEffectors.length) reasons.push("MissingEffectors");
    if (!row.allowed) reasons.push("ProviderNotAllowed");
    if ((perProvider.get(row.provider) ?? 0n) >= deal.maxWorkersPerProvider) reasons.push("ProviderCapReached");
    return {
      offerId: big(row.id),
      provider: row.provider,
      paymentToken: row.payment_token,
      minPricePerUnit: big(row.price),
      missingEffectors,
      eligible: reasons.length === 0,
      reasons: sorted(reasons),
      peers: (peersOf.get(row.id) ?? []).map((p) => explainPeer(p, reasons)),
    };
  };

  return {
    deal: deal.address,
    block: at.number,
    epoch: at.epoch,
    needed: deal.needed,
    reasons: dealReasons,
    offers: offers.map(explainOffer),
  };
}
