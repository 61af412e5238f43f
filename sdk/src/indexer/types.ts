// What the indexer's HTTP API answers (docs/indexer.md). The indexer builds these values and the client parses
// them back: on the wire every bigint is a decimal string and addresses and ids are lower-case hex.
import type { Address, Hex } from "viem";
import type { Candidate, MatchResult } from "../contracts/matching.ts";

/** `GET /status/lag`: the last indexed block, the chain's head, and how far behind the first is. */
export interface IndexerStatus {
  chainId: number;
  /** The backfill is complete (what `/ready` answers). */
  ready: boolean;
  /** null until the first block is indexed. */
  indexed: { block: bigint; timestamp: bigint; epoch: bigint } | null;
  /** null when the chain's node did not answer (then `headError` says why). */
  head: { block: bigint; timestamp: bigint } | null;
  lag: { blocks: bigint; seconds: bigint } | null;
  headError?: string;
}

/** Where the indexed state stands: the block it reflects and the protocol epoch at that block. */
export interface IndexedAt {
  block: bigint;
  epoch: bigint;
}

export interface IndexerCandidate extends Candidate {
  offerId: bigint;
}

/** `GET /deals/:address/candidates`. */
export interface Candidates extends IndexedAt {
  deal: Address;
  /** CUs the deal still takes: targetWorkers minus its CUs (0 once ended). */
  needed: bigint;
  /** Cheapest offer first; at most `needed` (or `limit`). */
  candidates: IndexerCandidate[];
}

/** Why something cannot be matched now: the chain's skip reasons that apply off chain, and the deal's own
 * (`DealEnded`, `DealCannotPay`: matchDeal reverts with them). */
export type ExplainReason =
  "DealEnded" | "DealCannotPay" | Exclude<MatchResult, "Matched" | "UnknownUnit" | "NotCallersUnit">;

/** Every level's `reasons` includes those of the levels above it: a CU's list is complete on its own. */
export interface UnitExplanation {
  unitId: Hex;
  /** Passes every rule now. */
  eligible: boolean;
  /** Among the candidates (eligible, and picked under one-per-peer, the provider cap and the CUs needed). */
  candidate: boolean;
  reasons: ExplainReason[];
  /** The deal it serves, if any. */
  deal: Address | null;
}

export interface PeerExplanation {
  peerId: Hex;
  /** The peer's latest commitment, if any. */
  commitmentId: bigint | null;
  eligible: boolean;
  reasons: ExplainReason[];
  units: UnitExplanation[];
}

export interface OfferExplanation {
  offerId: bigint;
  provider: Address;
  paymentToken: Address;
  minPricePerUnit: bigint;
  /** The deal's effectors this offer lacks. */
  missingEffectors: Hex[];
  eligible: boolean;
  reasons: ExplainReason[];
  peers: PeerExplanation[];
}

/** `GET /deals/:address/explain`. */
export interface Explanation extends IndexedAt {
  deal: Address;
  needed: bigint;
  /** Reasons that rule out every CU: the deal ended, or has all its CUs. */
  reasons: ExplainReason[];
  offers: OfferExplanation[];
}
