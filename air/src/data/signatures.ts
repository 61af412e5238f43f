// Proof of execution. Every peer signs the CIDs of the results it produced in a particle's trace (the call results
// whose tetraplet names it, and the canons made on it), sorted, with the particle's id and init peer id as salt so
// that a signature cannot be carried into another particle, not even into another init peer's that reuses the id
// (AquaVM salts with the id alone; no AquaVM data carries our signatures). A peer that receives data checks every
// signature in it against the trace, and checks that no peer's set of results shrank or changed against what it
// already had: a peer's results only ever grow (AquaVM's error 9 for any of these).
import { type KeyPair, publicKeyOf, signBytes, verifyBytes } from "../particle/keys.ts";
import { exactUtf8 } from "../particle/particle.ts";
import { base58Decode, base58Encode } from "./base58.ts";
import { writeData } from "./cache.ts";
import { decodeLoaded, type LoadedData } from "./loaded.ts";
import type { Cid, State } from "./trace.ts";

export class SignatureError extends Error {
  override readonly name = "SignatureError";
}

const DOMAIN = new TextEncoder().encode("cloudless/air/produced-cids/v2\0");

/**
 * A particle as signatures name it: by its id and its init peer, who alone can sign a particle with that pair (a
 * peer that reuses the id makes another particle), and the exact bytes of both that every signed message starts with.
 */
export interface SignedParticle {
  readonly id: string;
  readonly initPeerId: string;
  readonly salt: Uint8Array;
}

/** Throws ParticleError LONE_SURROGATE when the id or the init peer id has no exact UTF-8 form. */
export function signedParticle(p: { particleId: string; initPeerId: string }): SignedParticle {
  const salt = Buffer.concat([DOMAIN, sized(p.particleId, "the particle id"), sized(p.initPeerId, "the init peer id")]);
  return { id: p.particleId, initPeerId: p.initPeerId, salt };
}

/** What a peer signs: the domain, the particle's id and init peer id, then the sorted CIDs, each with its length. */
function message(particle: SignedParticle, sortedCids: readonly Cid[]): Uint8Array {
  const cids = sortedCids.map((cid) => sized(cid, "a CID"));
  return Buffer.concat([particle.salt, u32(sortedCids.length), ...cids]);
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const sized = (text: string, what: string) => {
  const bytes = exactUtf8(text, what);
  return Buffer.concat([u32(bytes.length), bytes]);
};

type Produced = Pick<LoadedData, "trace" | "stores">;

/** Peer id -> the CIDs of the results it produced in the trace (in trace order; a CID may repeat). */
export function producedCids({ trace, stores }: Produced): Map<string, Cid[]> {
  const byPeer = new Map<string, Cid[]>();
  const add = (peer: string | undefined, cid: Cid) => {
    if (peer === undefined) return;
    const list = byPeer.get(peer);
    if (list) list.push(cid);
    else byPeer.set(peer, [cid]);
  };
  const peerOf = (tetrapletCid: Cid | undefined) =>
    tetrapletCid === undefined ? undefined : stores.tetraplet_store.entries.get(tetrapletCid)?.peer_pk;
  for (const state of trace as State[]) {
    if ("call" in state) {
      const c = state.call;
      const cid =
        "failed" in c
          ? c.failed
          : "executed" in c
            ? "scalar" in c.executed
              ? c.executed.scalar
              : "stream" in c.executed
                ? c.executed.stream.cid
                : undefined
            : undefined;
      if (cid !== undefined) add(peerOf(stores.service_result_store.entries.get(cid)?.tetraplet_cid), cid);
    } else if ("canon" in state && "executed" in state.canon) {
      const cid = state.canon.executed;
      add(peerOf(stores.canon_result_store.entries.get(cid)?.tetraplet), cid);
    }
  }
  return byPeer;
}

/** This peer's signature (base58) over the CIDs it produced in `data`. */
export function signProduced(keys: KeyPair, data: Produced, particle: SignedParticle): string {
  const cids = [...(producedCids(data).get(keys.peerId) ?? [])].sort();
  return base58Encode(signBytes(keys, message(particle, cids)));
}

function decodeSignature(peer: string, text: unknown): Uint8Array {
  let bytes: Uint8Array | undefined;
  try {
    publicKeyOf(peer);
    if (typeof text === "string") bytes = base58Decode(text);
  } catch {
    // reported below
  }
  if (!bytes || bytes.length !== 64) throw new SignatureError(`the signature of ${peer} is malformed`);
  return bytes;
}

function counts(cids: readonly Cid[]): Map<Cid, number> {
  const out = new Map<Cid, number>();
  for (const cid of cids) out.set(cid, (out.get(cid) ?? 0) + 1);
  return out;
}

/** Whether every CID of `smaller` is in `larger` at least as many times. */
function within(smaller: readonly Cid[], larger: readonly Cid[]): boolean {
  const have = counts(larger);
  for (const [cid, n] of counts(smaller)) if ((have.get(cid) ?? 0) < n) return false;
  return true;
}

/**
 * Checks the signatures of data that arrived (`current`) and merges them with this peer's own (`prev`, trusted):
 * the signatures of the merged data, each peer's from the side where it produced more. Throws SignatureError.
 */
export function checkSignatures(prev: LoadedData, current: LoadedData, particle: SignedParticle): Map<string, string> {
  const produced = producedCids(current);
  for (const peer of produced.keys())
    if (!current.signatures.has(peer))
      throw new SignatureError(`${peer} produced results in the data but did not sign them`);
  for (const [peer, signature] of current.signatures) {
    const bytes = decodeSignature(peer, signature);
    const cids = [...(produced.get(peer) ?? [])].sort();
    if (!verifyBytes(peer, message(particle, cids), bytes))
      throw new SignatureError(
        `the signature of ${peer} does not match the results it produced in particle ${particle.id} of ${particle.initPeerId}`,
      );
  }
  const had = producedCids(prev);
  const merged = new Map(prev.signatures);
  for (const [peer, signature] of current.signatures) {
    const ours = had.get(peer) ?? [];
    const theirs = produced.get(peer) ?? [];
    const [smaller, larger] = ours.length <= theirs.length ? [ours, theirs] : [theirs, ours];
    if (!within(smaller, larger))
      throw new SignatureError(`the results of ${peer} in the data are not a superset or subset of those already here`);
    if (theirs.length > ours.length || !merged.has(peer)) merged.set(peer, signature);
  }
  return merged;
}

/**
 * `data` with `keys`' signature over the results that peer produced in it, as a run of the particle (its id and init
 * peer id) that sends the data on signs it: for a host that forwards data it did not just run, and for tests that
 * hand-make data. Throws DataError, and ParticleError for an id with no exact UTF-8 form.
 */
export function signData(
  data: Uint8Array,
  keys: KeyPair,
  particle: { particleId: string; initPeerId: string },
): Uint8Array {
  const loaded = decodeLoaded(data);
  loaded.signatures.set(keys.peerId, signProduced(keys, loaded, signedParticle(particle)));
  return writeData(loaded);
}
