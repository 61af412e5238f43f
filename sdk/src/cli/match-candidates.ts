// Where `deal match` takes its candidates when no --unit is given: the indexer, once it has reached the chain's
// head; or, when the default indexer does not answer, follows another chain or does not know the deal, a scan of
// the chain. An indexer named with --indexer or CLOUDLESS_INDEXER must answer.
import type { Address, Hex } from "viem";
import type { Cloudless } from "../client.ts";
import { CloudlessError, InputError } from "../errors.ts";
import { createMatcher } from "../indexer/matcher.ts";
import type { Session } from "./session.ts";

export async function matchCandidates(
  s: Session,
  cl: Cloudless,
  deal: Address,
): Promise<{ unitIds: Hex[]; source: string }> {
  const { client, given } = s.indexer();
  try {
    const { chainId } = await client.status();
    if (chainId !== cl.deployment.chainId)
      throw new InputError(`the indexer at ${client.url} follows chain ${chainId}, not ${cl.deployment.chainId}`);
    const candidates = await createMatcher({ cloudless: cl, indexer: client }).candidates(deal);
    return { unitIds: candidates.map((c) => c.unitId), source: `the indexer at ${client.url}` };
  } catch (err) {
    if (given || !(err instanceof CloudlessError) || !["RPC", "NOT_FOUND", "INPUT"].includes(err.code)) throw err;
    const found = await cl.matching.findCandidates(deal);
    return { unitIds: found.map((c) => c.unitId), source: `a scan of the chain (${err.shortMessage})` };
  }
}
