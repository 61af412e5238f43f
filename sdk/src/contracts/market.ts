// Providers, offers, peers and CUs. Registering many CUs is split into transactions that fit the block.
import { type Address, type Hex, zeroAddress } from "viem";
import { gasBudget, sendInChunks } from "../batch.ts";
import { effectorId, formatCid, parseCid } from "../cid.ts";
import { type ModuleContext, signer } from "../context.ts";
import { InputError, NotFoundError } from "../errors.ts";
import { eventsOf, read, write, type WriteResult } from "../tx.ts";
import { marketAbi } from "./abis.ts";
import { assertAddress, assertId } from "./validate.ts";

export interface PeerSpec {
  peerId: Hex;
  /** The account that proves and registers workers for the peer; the provider when omitted. */
  operator?: Address;
  unitIds: Hex[];
}

export interface OfferSpec {
  minPricePerUnit: bigint;
  paymentToken: Address;
  /** Effector CIDs (or their 32-byte digests). */
  effectors?: string[];
  peers: PeerSpec[];
}

export interface Provider {
  address: Address;
  name: string;
  metadataCid: string | undefined;
}

export interface Offer {
  offerId: bigint;
  provider: Address;
  minPricePerUnit: bigint;
  paymentToken: Address;
  peerCount: number;
}

export type Market = ReturnType<typeof marketModule>;

export function marketModule(ctx: ModuleContext) {
  const address = ctx.deployment.contracts.market;
  const call = <T>(fn: () => Promise<T>) => read(ctx.tx, fn);
  const client = ctx.tx.publicClient;

  const encodeMetadata = (cid: string | undefined): Hex => {
    if (!cid) return "0x";
    const parsed = parseCid(cid);
    return `0x${parsed.codec.toString(16).padStart(16, "0")}${parsed.digest.slice(2)}`;
  };

  const decodeMetadata = (bytes: Hex): string | undefined => {
    if (bytes.length !== 2 + 80) return undefined;
    return formatCid({ codec: BigInt(`0x${bytes.slice(2, 18)}`), digest: `0x${bytes.slice(18)}` });
  };

  async function getOffer(offerId: bigint): Promise<Offer> {
    const o = await call(() =>
      client.readContract({ address, abi: marketAbi, functionName: "offer", args: [offerId] }),
    );
    if (o.provider === zeroAddress) throw new NotFoundError(`offer ${offerId} does not exist`);
    return {
      offerId,
      provider: o.provider,
      minPricePerUnit: o.minPricePerUnit,
      paymentToken: o.paymentToken,
      peerCount: o.peerCount,
    };
  }

  function validatePeers(peers: PeerSpec[]) {
    const seenUnits = new Set<string>();
    const seenPeers = new Set<string>();
    for (const p of peers) {
      assertId(p.peerId, "peer id");
      if (seenPeers.has(p.peerId.toLowerCase())) throw new InputError(`peer ${p.peerId} is listed twice`);
      seenPeers.add(p.peerId.toLowerCase());
      if (p.operator !== undefined) assertAddress(p.operator, "operator");
      for (const u of p.unitIds) {
        assertId(u, "CU id");
        if (seenUnits.has(u.toLowerCase())) throw new InputError(`CU ${u} is listed twice`);
        seenUnits.add(u.toLowerCase());
      }
    }
  }

  /** Flattens peers into (peer, CU) entries so that a chunk boundary may fall inside a peer. */
  type Entry = { peer: PeerSpec; unitId: Hex | undefined };
  function entries(peers: PeerSpec[]): Entry[] {
    return peers.flatMap((peer): Entry[] =>
      peer.unitIds.length ? peer.unitIds.map((unitId) => ({ peer, unitId })) : [{ peer, unitId: undefined }],
    );
  }

  function group(chunk: readonly Entry[], operator: Address) {
    const out: { peerId: Hex; operator: Address; unitIds: Hex[] }[] = [];
    for (const e of chunk) {
      let last = out[out.length - 1];
      if (!last || last.peerId !== e.peer.peerId) {
        last = { peerId: e.peer.peerId, operator: e.peer.operator ?? operator, unitIds: [] };
        out.push(last);
      }
      if (e.unitId) last.unitIds.push(e.unitId);
    }
    return out;
  }

  /** Adds peers (and their CUs) to an offer, or creates the offer first when `offerId` is undefined. */
  async function placePeers(spec: Omit<OfferSpec, "peers">, peers: PeerSpec[], offerId: bigint | undefined) {
    const me = signer(ctx);
    const maxGas = await gasBudget(ctx.tx, ctx.budget);
    const effectors = (spec.effectors ?? []).map(effectorId);
    const added = new Set<string>();
    let id = offerId;
    const results = await sendInChunks(
      ctx.tx,
      entries(peers),
      maxGas,
      (chunk) => {
        const first = chunk[0]!;
        if (added.has(first.peer.peerId)) {
          // a continuation of a peer already on chain: only its remaining CUs
          const units = chunk.filter((e) => e.peer.peerId === first.peer.peerId);
          return {
            request: {
              address,
              abi: marketAbi,
              functionName: "addUnits" as const,
              args: [first.peer.peerId, units.map((e) => e.unitId!)] as const,
            },
            used: units.length,
          };
        }
        const grouped = group(chunk, me);
        if (id === undefined) {
          return {
            request: {
              address,
              abi: marketAbi,
              functionName: "registerOffer" as const,
              args: [spec.minPricePerUnit, spec.paymentToken, effectors, grouped] as const,
            },
            used: chunk.length,
          };
        }
        return {
          request: { address, abi: marketAbi, functionName: "addPeers" as const, args: [id, grouped] as const },
          used: chunk.length,
        };
      },
      (chunk, result) => {
        for (const e of chunk) added.add(e.peer.peerId);
        const registered = eventsOf(result, "OfferRegistered")[0];
        if (registered) id = registered.args.offerId;
      },
    );
    return { offerId: id!, results };
  }

  return {
    address,

    registerProvider: (name: string, metadataCid?: string): Promise<WriteResult> => {
      if (!name.trim()) throw new InputError("the provider name is empty");
      return write(ctx.tx, {
        address,
        abi: marketAbi,
        functionName: "registerProvider",
        args: [name, encodeMetadata(metadataCid)],
      });
    },

    updateProvider: (name: string, metadataCid?: string): Promise<WriteResult> => {
      if (!name.trim()) throw new InputError("the provider name is empty");
      return write(ctx.tx, {
        address,
        abi: marketAbi,
        functionName: "updateProvider",
        args: [name, encodeMetadata(metadataCid)],
      });
    },

    async getProvider(provider: Address): Promise<Provider> {
      assertAddress(provider, "provider");
      const [registered, name, cid] = await call(() =>
        client.readContract({ address, abi: marketAbi, functionName: "provider", args: [provider] }),
      );
      if (!registered) throw new NotFoundError(`${provider} is not a registered provider`);
      return { address: provider, name, metadataCid: decodeMetadata(cid) };
    },

    /** Registers an offer with its peers and CUs, in several transactions when they do not fit one. */
    async createOffer(spec: OfferSpec): Promise<{ offerId: bigint; results: WriteResult[] }> {
      if (spec.minPricePerUnit <= 0n) throw new InputError("the minimum price must be greater than zero");
      assertAddress(spec.paymentToken, "payment token");
      if (!spec.peers.length) throw new InputError("an offer needs at least one peer");
      validatePeers(spec.peers);
      return placePeers(spec, spec.peers, undefined);
    },

    getOffer,

    offerCount: () => call(() => client.readContract({ address, abi: marketAbi, functionName: "offerCount" })),

    setOfferPrice: (offerId: bigint, price: bigint) =>
      write(ctx.tx, { address, abi: marketAbi, functionName: "setOfferPrice", args: [offerId, price] }),

    setOfferToken: (offerId: bigint, token: Address) => {
      assertAddress(token, "payment token");
      return write(ctx.tx, { address, abi: marketAbi, functionName: "setOfferToken", args: [offerId, token] });
    },

    addEffectors: (offerId: bigint, cids: string[]) =>
      write(ctx.tx, { address, abi: marketAbi, functionName: "addEffectors", args: [offerId, cids.map(effectorId)] }),

    removeEffectors: (offerId: bigint, cids: string[]) =>
      write(ctx.tx, {
        address,
        abi: marketAbi,
        functionName: "removeEffectors",
        args: [offerId, cids.map(effectorId)],
      }),

    hasEffector: (offerId: bigint, cid: string) =>
      call(() =>
        client.readContract({ address, abi: marketAbi, functionName: "hasEffector", args: [offerId, effectorId(cid)] }),
      ),

    removeOffer: (offerId: bigint) =>
      write(ctx.tx, { address, abi: marketAbi, functionName: "removeOffer", args: [offerId] }),

    async addPeers(offerId: bigint, peers: PeerSpec[]) {
      if (!peers.length) throw new InputError("no peers to add");
      validatePeers(peers);
      const offer = await getOffer(offerId);
      return (
        await placePeers({ minPricePerUnit: offer.minPricePerUnit, paymentToken: offer.paymentToken }, peers, offerId)
      ).results;
    },

    removePeer: (peerId: Hex) => {
      assertId(peerId, "peer id");
      return write(ctx.tx, { address, abi: marketAbi, functionName: "removePeer", args: [peerId] });
    },

    setPeerOperator: (peerId: Hex, operator: Address) => {
      assertId(peerId, "peer id");
      assertAddress(operator, "operator");
      return write(ctx.tx, { address, abi: marketAbi, functionName: "setPeerOperator", args: [peerId, operator] });
    },

    async addUnits(peerId: Hex, unitIds: Hex[]): Promise<WriteResult[]> {
      if (!unitIds.length) throw new InputError("no CUs to add");
      validatePeers([{ peerId, unitIds }]);
      const maxGas = await gasBudget(ctx.tx, ctx.budget);
      return sendInChunks(ctx.tx, unitIds, maxGas, (chunk) => ({
        request: { address, abi: marketAbi, functionName: "addUnits" as const, args: [peerId, [...chunk]] as const },
        used: chunk.length,
      }));
    },

    removeUnits: (peerId: Hex, unitIds: Hex[]) =>
      write(ctx.tx, { address, abi: marketAbi, functionName: "removeUnits", args: [peerId, unitIds] }),

    async getPeer(peerId: Hex) {
      assertId(peerId, "peer id");
      const [peer, provider] = await call(() =>
        client.readContract({ address, abi: marketAbi, functionName: "peerWithProvider", args: [peerId] }),
      );
      if (peer.offerId === 0) throw new NotFoundError(`peer ${peerId} does not exist`);
      return {
        peerId,
        provider,
        operator: peer.operator,
        offerId: BigInt(peer.offerId),
        unitCount: peer.unitCount,
        commitmentId: BigInt(peer.commitmentId),
      };
    },

    async getUnit(unitId: Hex) {
      assertId(unitId, "CU id");
      const u = await call(() =>
        client.readContract({ address, abi: marketAbi, functionName: "unit", args: [unitId] }),
      );
      if (u.offerId === 0n) throw new NotFoundError(`CU ${unitId} does not exist`);
      return { unitId, ...u };
    },
  };
}
