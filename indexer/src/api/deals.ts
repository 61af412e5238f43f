// GET /deals/:address/candidates and /deals/:address/explain.
import type { Candidates, Explanation } from "@cloudless/sdk";
import { type Context, Hono } from "hono";
import { findCandidates } from "./candidates.ts";
import { loadDeal } from "./deal-terms.ts";
import { explainDeal } from "./explain.ts";
import { endpoint, parseAddress, parseLimit } from "./http.ts";

/** The deal of the path, and the indexed block to answer at. */
const dealAndBlock = (c: Context) => loadDeal(parseAddress(c.req.param("address"), "deal"));

const providerParam = (c: Context) => {
  const value = c.req.query("provider");
  return value === undefined ? undefined : parseAddress(value, "provider");
};

export const deals = new Hono()
  .get(
    "/:address/candidates",
    endpoint(async (c): Promise<Candidates> => {
      const limit = parseLimit(c.req.query("limit"));
      const provider = providerParam(c);
      const [deal, at] = await dealAndBlock(c);
      const candidates = await findCandidates(deal, at, { limit, provider });
      return { deal: deal.address, block: at.number, epoch: at.epoch, needed: deal.needed, candidates };
    }),
  )
  .get(
    "/:address/explain",
    endpoint(async (c): Promise<Explanation> => {
      const provider = providerParam(c);
      const [deal, at] = await dealAndBlock(c);
      return explainDeal(deal, at, provider);
    }),
  );
