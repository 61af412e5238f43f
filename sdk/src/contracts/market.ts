// Providers, offers, peers and CUs. Registering many CUs is split into transactions that fit the block.
import { type Address, type Hex, zeroAddress } from "viem";
import { gasBudget, sendInChunks } from "../batch.ts";
import { effectorId, formatCid, parseCid } from "../cid.ts";
import { type ModuleContext, signer } from "../context.ts";
import { InputError, NotFoundError } from "../errors.ts";
import { eventsOf, read, write, type WriteResult } from "../tx.ts";
import { marketAbi } from "./abis.ts";
import { peerIdOf, unitIdOf } from "./ids.ts";
import { assertAddress, assertId } from "./validate.ts";

export interface PeerSpec {
  /** The peer's Ed25519 public key (32 bytes): its libp2p and AIR identity. */
  publicKey: Hex;
  /** The account that proves and registers workers for the peer; the provider when omitted. */
  operator?: Address;
  /** One label per CU (any distinct 32-byte values, e.g. random); the CU's id is `unitIdOf(peerId, label)`. */
  unitLabels: Hex[];
}

/** A peer as the market registered it: its id (scoped by its provider) and its CUs' ids. */
export interface PlacedPeer {
  peerId: Hex;
  publicKey: Hex;
  operator: Address;
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

  function validateLabels(labels: Hex[], peer: string) {
    const seen = new Set<string>();
    for (const label of labels) {
      if (!/^0x[0-9a-fA-F]{64}$/.test(label)) throw new InputError(`CU label ${label} of ${peer} is not 32-byte hex`);
      if (seen.has(label.toLowerCase())) throw new InputError(`CU label ${label} is listed twice for ${peer}`);
      seen.add(label.toLowerCase());
    }
  }

  function validatePeers(peers: PeerSpec[]) {
    const seenPeers = new Set<string>();
    for (const p of peers) {
      assertId(p.publicKey, "peer public key");
      if (seenPeers.has(p.publicKey.toLowerCase())) throw new InputError(`peer ${p.publicKey} is listed twice`);
      seenPeers.add(p.publicKey.toLowerCase());
      if (p.operator !== undefined) assertAddress(p.operator, "operator");
      validateLabels(p.unitLabels, `peer ${p.publicKey}`);
    }
  }

  /** The ids the market gives `peers` when `provider` registers them. */
  function placed(peers: PeerSpec[], provider: Address): PlacedPeer[] {
    return peers.map((p) => {
      const peerId = peerIdOf(provider, p.publicKey);
      return {
        peerId,
        publicKey: p.publicKey,
        operator: p.operator ?? provider,
        unitIds: p.unitLabels.map((l) => unitIdOf(peerId, l)),
      };
    });
  }

  /** Flattens peers into (peer, CU label) entries so that a chunk boundary may fall inside a peer. */
  type Entry = { peer: PeerSpec; label: Hex | undefined };
  function entries(peers: PeerSpec[]): Entry[] {
    return peers.flatMap((peer): Entry[] =>
      peer.unitLabels.length ? peer.unitLabels.map((label) => ({ peer, label })) : [{ peer, label: undefined }],
    );
  }

  function group(chunk: readonly Entry[], operator: Address) {
    const out: { publicKey: Hex; operator: Address; unitLabels: Hex[] }[] = [];
    for (const e of chunk) {
      let last = out[out.length - 1];
      if (!last || last.publicKey !== e.peer.publicKey) {
        last = { publicKey: e.peer.publicKey, operator: e.peer.operator ?? operator, unitLabels: [] };
        out.push(last);
      }
      if (e.label) last.unitLabels.push(e.label);
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
        if (added.has(first.peer.publicKey)) {
          // a continuation of a peer already on chain: only its remaining CUs
          const units = chunk.filter((e) => e.peer.publicKey === first.peer.publicKey);
          return {
            request: {
              address,
              abi: marketAbi,
              functionName: "addUnits" as const,
              args: [peerIdOf(me, first.peer.publicKey), units.map((e) => e.label!)] as const,
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
        for (const e of chunk) added.add(e.peer.publicKey);
        const registered = eventsOf(result, "OfferRegistered")[0];
        if (registered) id = registered.args.offerId;
      },
    );
    return { offerId: id!, results, peers: placed(peers, me) };
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

    /**
     * Registers an offer with its peers and CUs, in several transactions when they do not fit one; returns the ids
     * the market gave them.
     */
    async createOffer(spec: OfferSpec): Promise<{ offerId: bigint; results: WriteResult[]; peers: PlacedPeer[] }> {
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

    /** Adds peers (and their CUs) to an offer; returns the transactions and the ids the market gave them. */
    async addPeers(offerId: bigint, peers: PeerSpec[]): Promise<{ results: WriteResult[]; peers: PlacedPeer[] }> {
      if (!peers.length) throw new InputError("no peers to add");
      validatePeers(peers);
      const offer = await getOffer(offerId);
      const { results, peers: ids } = await placePeers(
        { minPricePerUnit: offer.minPricePerUnit, paymentToken: offer.paymentToken },
        peers,
        offerId,
      );
      return { results, peers: ids };
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

    /** Adds one CU per label to a peer; returns the transactions and the CUs' ids. */
    async addUnits(peerId: Hex, unitLabels: Hex[]): Promise<{ results: WriteResult[]; unitIds: Hex[] }> {
      assertId(peerId, "peer id");
      if (!unitLabels.length) throw new InputError("no CUs to add");
      validateLabels(unitLabels, `peer ${peerId}`);
      const maxGas = await gasBudget(ctx.tx, ctx.budget);
      const results = await sendInChunks(ctx.tx, unitLabels, maxGas, (chunk) => ({
        request: { address, abi: marketAbi, functionName: "addUnits" as const, args: [peerId, [...chunk]] as const },
        used: chunk.length,
      }));
      return { results, unitIds: unitLabels.map((l) => unitIdOf(peerId, l)) };
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
