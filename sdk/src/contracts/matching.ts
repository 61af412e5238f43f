// Matching CUs to deals. The chain re-checks every candidate and says why it skipped one; finding candidates is
// off-chain work: here a scan of the market's events (the indexer's match endpoint replaces it at scale).
import type { Address, Hex } from "viem";
import { type ModuleContext } from "../context.ts";
import { InputError } from "../errors.ts";
import { eventsOf, read, write, type WriteResult } from "../tx.ts";
import { capacityAbi, dealAbi, dealFactoryAbi, enums, marketAbi } from "./abis.ts";
import { COMMITMENT_STATUS } from "./capacity.ts";
import type { Deals } from "./deals.ts";
import { assertId } from "./validate.ts";

export const MATCH_RESULT = enums.IDeal.MatchResult;
export type MatchResult = (typeof MATCH_RESULT)[number];

export interface MatchOutcome {
  matched: { unitId: Hex; peerId: Hex; provider: Address }[];
  skipped: { unitId: Hex; reason: MatchResult }[];
  result: WriteResult;
}

export interface Candidate {
  unitId: Hex;
  peerId: Hex;
  provider: Address;
  minPricePerUnit: bigint;
}

export type Matching = ReturnType<typeof matchingModule>;

export function matchingModule(ctx: ModuleContext, deals: Deals) {
  const factory = ctx.deployment.contracts.dealFactory;
  const market = ctx.deployment.contracts.market;
  const capacity = ctx.deployment.contracts.capacity;
  const client = ctx.tx.publicClient;
  const call = <T>(fn: () => Promise<T>) => read(ctx.tx, fn);

  return {
    /** Offers `unitIds` to the deal in this order; the chain matches those that qualify and reports the rest. */
    async match(deal: Address, unitIds: Hex[]): Promise<MatchOutcome> {
      if (!unitIds.length) throw new InputError("no CUs to match");
      for (const u of unitIds) assertId(u, "CU id");
      await deals.assertDeal(deal);
      const result = await write(ctx.tx, {
        address: factory,
        abi: dealFactoryAbi,
        functionName: "matchDeal",
        args: [deal, unitIds],
      });
      return {
        matched: eventsOf(result, "UnitMatched").map((e) => ({
          unitId: e.args.unitId,
          peerId: e.args.peerId,
          provider: e.args.provider,
        })),
        skipped: eventsOf(result, "UnitSkipped").map((e) => ({
          unitId: e.args.unitId,
          reason: MATCH_RESULT[e.args.reason] ?? "UnknownUnit",
        })),
        result,
      };
    },

    /**
     * CUs that qualify for the deal now, cheapest offer first, at most one per peer and `maxWorkersPerProvider`
     * per provider, up to the workers the deal still needs (or `limit`).
     */
    async findCandidates(deal: Address, options: { limit?: number } = {}): Promise<Candidate[]> {
      const info = await deals.get(deal);
      const need = options.limit ?? Number(info.terms.targetWorkers - info.unitCount);
      if (need <= 0) return [];
      const [added, removed] = await Promise.all(
        (["UnitsAdded", "UnitsRemoved"] as const).map((eventName) =>
          call(() =>
            client.getContractEvents({
              address: market,
              abi: marketAbi,
              eventName,
              fromBlock: ctx.deployment.startBlock,
            }),
          ),
        ),
      );
      const gone = new Set(removed!.flatMap((l) => (l.args.unitIds ?? []) as readonly Hex[]));
      const units = [...new Set(added!.flatMap((l) => (l.args.unitIds ?? []) as readonly Hex[]))].filter(
        (u) => !gone.has(u),
      );
      const effectors = info.effectors;
      const checked = await Promise.all(
        units.map(async (unitId) => {
          const [terms, unit, inDeal] = await Promise.all([
            call(() =>
              client.readContract({
                address: market,
                abi: marketAbi,
                functionName: "unitTerms",
                args: [unitId, effectors],
              }),
            ),
            call(() => client.readContract({ address: market, abi: marketAbi, functionName: "unit", args: [unitId] })),
            call(() =>
              client.readContract({ address: capacity, abi: capacityAbi, functionName: "isInDeal", args: [unitId] }),
            ),
          ]);
          if (inDeal || unit.commitmentId === 0n || terms.provider === "0x0000000000000000000000000000000000000000")
            return undefined;
          const status = await call(() =>
            client.readContract({
              address: capacity,
              abi: capacityAbi,
              functionName: "status",
              args: [unit.commitmentId],
            }),
          );
          const ok =
            COMMITMENT_STATUS[status] === "Active" &&
            terms.hasEffectors &&
            terms.paymentToken.toLowerCase() === info.terms.paymentToken.toLowerCase() &&
            terms.minPricePerUnit <= info.terms.pricePerWorkerEpoch;
          return ok
            ? { unitId, peerId: terms.peerId, provider: terms.provider, minPricePerUnit: terms.minPricePerUnit }
            : undefined;
        }),
      );
      const listed = async (provider: Address) =>
        info.accessMode === "None" ||
        (await call(() =>
          client.readContract({ address: deal, abi: dealAbi, functionName: "isListed", args: [provider] }),
        )) ===
          (info.accessMode === "Allowlist");
      const current = await deals.workers(deal);
      const perProvider = new Map<Address, bigint>();
      for (const u of current) perProvider.set(u.provider, (perProvider.get(u.provider) ?? 0n) + 1n);
      const peers = new Set<Hex>(current.map((w) => w.peerId));
      const picked: Candidate[] = [];
      const sorted = checked
        .filter((c): c is Candidate => c !== undefined)
        .sort((a, b) => (a.minPricePerUnit < b.minPricePerUnit ? -1 : a.minPricePerUnit > b.minPricePerUnit ? 1 : 0));
      for (const c of sorted) {
        if (picked.length >= need) break;
        const count = perProvider.get(c.provider) ?? 0n;
        if (peers.has(c.peerId) || count >= info.terms.maxWorkersPerProvider || !(await listed(c.provider))) continue;
        peers.add(c.peerId);
        perProvider.set(c.provider, count + 1n);
        picked.push(c);
      }
      return picked;
    },
  };
}
