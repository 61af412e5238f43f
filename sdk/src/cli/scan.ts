// Lists the chain does not keep (a provider's offers and commitments, an offer's peers, CUs and effectors), rebuilt
// from the protocol's events. The indexer answers the same questions at scale; a CLI must also work without one.
import type { Address, Hex } from "viem";
import type { Cloudless } from "../client.ts";
import { capacityAbi, marketAbi } from "../contracts/abis.ts";
import { query } from "./rpc.ts";

interface Ordered {
  blockNumber: bigint;
  logIndex: number;
}

const byPosition = (a: Ordered, b: Ordered) =>
  a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;

/** Replays additions and removals in chain order; what remains, in order of first addition. */
function replay<K>(added: (Ordered & { keys: readonly K[] })[], removed: (Ordered & { keys: readonly K[] })[]): K[] {
  const live = new Set<K>();
  const events = [...added.map((e) => ({ ...e, add: true })), ...removed.map((e) => ({ ...e, add: false }))].sort(
    byPosition,
  );
  for (const e of events) for (const k of e.keys) e.add ? live.add(k) : live.delete(k);
  return [...live];
}

const marketEvents = (cl: Cloudless) =>
  ({ address: cl.deployment.contracts.market, abi: marketAbi, fromBlock: cl.deployment.startBlock }) as const;

export async function offerIdsOf(cl: Cloudless, provider: Address): Promise<bigint[]> {
  const base = marketEvents(cl);
  const [added, removed] = await Promise.all([
    query(() => cl.publicClient.getContractEvents({ ...base, eventName: "OfferRegistered", args: { provider } })),
    query(() => cl.publicClient.getContractEvents({ ...base, eventName: "OfferRemoved" })),
  ]);
  return replay(
    added.map((e) => ({ ...e, keys: [e.args.offerId!] })),
    removed.map((e) => ({ ...e, keys: [e.args.offerId!] })),
  );
}

export async function peerIdsOf(cl: Cloudless, offerId: bigint): Promise<Hex[]> {
  const base = marketEvents(cl);
  const [added, removed] = await Promise.all([
    query(() => cl.publicClient.getContractEvents({ ...base, eventName: "PeerAdded", args: { offerId } })),
    query(() => cl.publicClient.getContractEvents({ ...base, eventName: "PeerRemoved", args: { offerId } })),
  ]);
  return replay(
    added.map((e) => ({ ...e, keys: [e.args.peerId!] })),
    removed.map((e) => ({ ...e, keys: [e.args.peerId!] })),
  );
}

export async function unitIdsOf(cl: Cloudless, peerId: Hex): Promise<Hex[]> {
  const base = marketEvents(cl);
  const [added, removed] = await Promise.all([
    query(() => cl.publicClient.getContractEvents({ ...base, eventName: "UnitsAdded", args: { peerId } })),
    query(() => cl.publicClient.getContractEvents({ ...base, eventName: "UnitsRemoved", args: { peerId } })),
  ]);
  return replay(
    added.map((e) => ({ ...e, keys: e.args.unitIds ?? [] })),
    removed.map((e) => ({ ...e, keys: e.args.unitIds ?? [] })),
  );
}

/** An offer's effectors, as the 32-byte digests the chain stores. */
export async function effectorsOf(cl: Cloudless, offerId: bigint): Promise<Hex[]> {
  const base = marketEvents(cl);
  const [added, removed] = await Promise.all([
    query(() => cl.publicClient.getContractEvents({ ...base, eventName: "EffectorsAdded", args: { offerId } })),
    query(() => cl.publicClient.getContractEvents({ ...base, eventName: "EffectorsRemoved", args: { offerId } })),
  ]);
  return replay(
    added.map((e) => ({ ...e, keys: e.args.effectors ?? [] })),
    removed.map((e) => ({ ...e, keys: e.args.effectors ?? [] })),
  );
}

export async function commitmentIdsOf(cl: Cloudless, provider: Address): Promise<bigint[]> {
  const logs = await query(() =>
    cl.publicClient.getContractEvents({
      address: cl.deployment.contracts.capacity,
      abi: capacityAbi,
      eventName: "CommitmentCreated",
      args: { provider },
      fromBlock: cl.deployment.startBlock,
    }),
  );
  return logs.map((l) => l.args.commitmentId!);
}
