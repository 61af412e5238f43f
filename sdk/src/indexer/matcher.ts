// Matching through the indexer: wait until it has indexed the chain's head, take the candidates it proposes for
// the deal and send them to matchDeal, which re-checks each one on chain and reports any it skipped.
import type { Address } from "viem";
import type { Cloudless } from "../client.ts";
import type { MatchOutcome } from "../contracts/matching.ts";
import { toCloudlessError } from "../decode.ts";
import { withRetry } from "../retry.ts";
import { type CandidateOptions, createIndexerClient, type IndexerClient } from "./client.ts";
import type { IndexerCandidate } from "./types.ts";

export interface MatcherConfig {
  /** Sends matchDeal; signs as the deal's owner, or as a provider matching its own CUs to an open deal. */
  cloudless: Cloudless;
  /** The indexer, or its URL. */
  indexer: IndexerClient | string;
  /** How long to wait for the indexer to reach the chain's head; default 30 s. */
  syncTimeoutMs?: number;
}

export interface MatchDealResult {
  /** What the indexer proposed, cheapest first. */
  candidates: IndexerCandidate[];
  /** The chain's answer; undefined when there was no candidate, and so nothing was sent. */
  outcome: MatchOutcome | undefined;
}

export function createMatcher(config: MatcherConfig) {
  const { cloudless } = config;
  const indexer = typeof config.indexer === "string" ? createIndexerClient({ url: config.indexer }) : config.indexer;

  /** The indexer's candidates for the deal, once it has indexed the chain's head. */
  async function candidates(deal: Address, options: CandidateOptions = {}): Promise<IndexerCandidate[]> {
    const head = await withRetry(() => cloudless.publicClient.getBlockNumber()).catch((err: unknown) => {
      throw toCloudlessError(err);
    });
    await indexer.waitForBlock(head, { timeoutMs: config.syncTimeoutMs });
    return (await indexer.candidates(deal, options)).candidates;
  }

  return {
    indexer,
    candidates,

    /** Matches the deal with the candidates the indexer proposes. */
    async matchDeal(deal: Address, options: CandidateOptions = {}): Promise<MatchDealResult> {
      const proposed = await candidates(deal, options);
      if (!proposed.length) return { candidates: proposed, outcome: undefined };
      const outcome = await cloudless.matching.match(
        deal,
        proposed.map((c) => c.unitId),
      );
      return { candidates: proposed, outcome };
    },
  };
}

export type Matcher = ReturnType<typeof createMatcher>;
