// A typed client for the indexer's HTTP API (docs/indexer.md): status with lag, match candidates, explanations
// and GraphQL. Failures become the SDK's errors: RpcError when the indexer cannot be reached or fails (retried),
// NotFoundError for an unknown deal, InputError for a rejected request or GraphQL query.
import { type Address, type Hex, isAddress } from "viem";
import { InputError, NotFoundError, RpcError } from "../errors.ts";
import { type RetryOptions, withRetry } from "../retry.ts";
import type {
  Candidates,
  Explanation,
  IndexerCandidate,
  IndexerStatus,
  OfferExplanation,
  PeerExplanation,
  UnitExplanation,
} from "./types.ts";

export interface IndexerClientConfig {
  /** The indexer's base URL, e.g. http://127.0.0.1:42069. */
  url: string;
  retry?: RetryOptions;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** At most `limit` candidates (never more than the deal needs); only `provider`'s CUs when a provider self-matches. */
export interface CandidateOptions {
  limit?: number;
  provider?: Address;
}

type Json = Record<string, unknown>;

const big = (value: unknown) => BigInt(value as string);
const bigOrNull = (value: unknown) => (value === null || value === undefined ? null : big(value));

function parseStatus(s: Json): IndexerStatus {
  const indexed = s.indexed as Json | null;
  const head = s.head as Json | null;
  const lag = s.lag as Json | null;
  const status: IndexerStatus = {
    chainId: s.chainId as number,
    ready: s.ready as boolean,
    indexed: indexed && { block: big(indexed.block), timestamp: big(indexed.timestamp), epoch: big(indexed.epoch) },
    head: head && { block: big(head.block), timestamp: big(head.timestamp) },
    lag: lag && { blocks: big(lag.blocks), seconds: big(lag.seconds) },
  };
  if (typeof s.headError === "string") status.headError = s.headError;
  return status;
}

const parseCandidate = (c: Json): IndexerCandidate => ({
  unitId: c.unitId as Hex,
  peerId: c.peerId as Hex,
  provider: c.provider as Address,
  offerId: big(c.offerId),
  minPricePerUnit: big(c.minPricePerUnit),
});

const parseCandidates = (r: Json): Candidates => ({
  deal: r.deal as Address,
  block: big(r.block),
  epoch: big(r.epoch),
  needed: big(r.needed),
  candidates: (r.candidates as Json[]).map(parseCandidate),
});

const parseUnit = (u: Json): UnitExplanation => ({
  unitId: u.unitId as Hex,
  eligible: u.eligible as boolean,
  candidate: u.candidate as boolean,
  reasons: u.reasons as UnitExplanation["reasons"],
  deal: (u.deal as Address | null) ?? null,
});

const parsePeer = (p: Json): PeerExplanation => ({
  peerId: p.peerId as Hex,
  commitmentId: bigOrNull(p.commitmentId),
  eligible: p.eligible as boolean,
  reasons: p.reasons as PeerExplanation["reasons"],
  units: (p.units as Json[]).map(parseUnit),
});

const parseOffer = (o: Json): OfferExplanation => ({
  offerId: big(o.offerId),
  provider: o.provider as Address,
  paymentToken: o.paymentToken as Address,
  minPricePerUnit: big(o.minPricePerUnit),
  missingEffectors: o.missingEffectors as Hex[],
  eligible: o.eligible as boolean,
  reasons: o.reasons as OfferExplanation["reasons"],
  peers: (o.peers as Json[]).map(parsePeer),
});

const parseExplanation = (e: Json): Explanation => ({
  deal: e.deal as Address,
  block: big(e.block),
  epoch: big(e.epoch),
  needed: big(e.needed),
  reasons: e.reasons as Explanation["reasons"],
  offers: (e.offers as Json[]).map(parseOffer),
});

function dealPath(deal: Address, what: string, params: Record<string, string | undefined>): string {
  if (!isAddress(deal, { strict: false })) throw new InputError(`"${deal}" is not a deal address`);
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
  return `/deals/${deal.toLowerCase()}/${what}${query ? `?${query}` : ""}`;
}

export function createIndexerClient(config: IndexerClientConfig) {
  let base: URL;
  try {
    base = new URL(config.url);
  } catch {
    throw new InputError(`indexer URL "${config.url}" is not a URL`);
  }
  const url = base.href.replace(/\/$/, "");
  const timeoutMs = config.timeoutMs ?? 10_000;

  async function once(path: string, init: RequestInit): Promise<Json> {
    let res: Response;
    try {
      res = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new RpcError(`the indexer at ${url} is unreachable`, {
        details: err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err),
        cause: err,
        retryable: true,
      });
    }
    const text = await res.text();
    let body: Json;
    try {
      body = JSON.parse(text) as Json;
    } catch (err) {
      throw new RpcError(`the indexer at ${url} answered ${path} with something other than JSON`, {
        details: `HTTP ${res.status}: ${text.slice(0, 200)}`,
        cause: err,
        retryable: res.status >= 500,
      });
    }
    if (res.ok) return body;
    const message = ((body.error as Json | undefined)?.message as string | undefined) ?? `HTTP ${res.status}`;
    if (res.status === 404) throw new NotFoundError(message);
    if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new InputError(message);
    throw new RpcError(`the indexer at ${url} failed (HTTP ${res.status})`, { details: message, retryable: true });
  }

  const request = (path: string, init: RequestInit = {}) => withRetry(() => once(path, init), config.retry);

  const client = {
    url,

    async status(): Promise<IndexerStatus> {
      return parseStatus(await request("/status/lag"));
    },

    /** Waits until the indexer has indexed `block` (e.g. the chain's head after a transaction). */
    async waitForBlock(block: bigint, options: { timeoutMs?: number; pollMs?: number } = {}): Promise<IndexerStatus> {
      const deadline = Date.now() + (options.timeoutMs ?? 30_000);
      for (;;) {
        const status = await client.status();
        if (status.indexed && status.indexed.block >= block) return status;
        if (Date.now() >= deadline)
          throw new RpcError(`the indexer at ${url} has not indexed block ${block} yet`, {
            details: `indexed: ${status.indexed?.block ?? "nothing"}`,
          });
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
      }
    },

    /** The CUs the deal can match now, cheapest first (at most `limit`, never more than it needs). */
    async candidates(deal: Address, options: CandidateOptions = {}): Promise<Candidates> {
      const path = dealPath(deal, "candidates", { limit: options.limit?.toString(), provider: options.provider });
      return parseCandidates(await request(path));
    },

    /** For every offer, peer and CU: whether the deal can match it now, and why not. */
    async explain(deal: Address, options: { provider?: Address } = {}): Promise<Explanation> {
      return parseExplanation(await request(dealPath(deal, "explain", { provider: options.provider })));
    },

    /** Runs a GraphQL query; its errors (syntax, limits, unknown fields) throw an InputError. */
    async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const body = await request("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      const errors = body.errors as { message: string }[] | undefined;
      if (errors?.length)
        throw new InputError("the indexer rejected the GraphQL query", {
          details: errors.map((e) => e.message).join("; "),
        });
      if (body.data === undefined) throw new RpcError(`the indexer at ${url} answered GraphQL without data`);
      return body.data as T;
    },
  };
  return client;
}

export type IndexerClient = ReturnType<typeof createIndexerClient>;
