// Peer keys and ids. A peer id is its Ed25519 public key, written as libp2p writes it: base58btc of the identity
// multihash of the protobuf-encoded public key (`12D3KooW...`), so that the id alone verifies a signature.
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { base58Decode, base58Encode } from "../data/base58.ts";

// protobuf PublicKey { Type: Ed25519 (field 1 = 1), Data: 32 bytes (field 2) }, in an identity multihash (0x00, 36)
const PEER_ID_PREFIX = Uint8Array.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]);
// DER wrappers of raw Ed25519 keys, for node:crypto
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export class KeyError extends Error {
  override readonly name = "KeyError";
}

export interface KeyPair {
  peerId: string;
  publicKey: Uint8Array;
  /** The 32-byte Ed25519 seed. */
  secretKey: Uint8Array;
}

export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  if (seed.length !== 32) throw new KeyError(`an Ed25519 seed is 32 bytes, not ${seed.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(-32));
  return { peerId: peerIdOf(publicKey), publicKey, secretKey: Uint8Array.from(seed) };
}

export const generateKeyPair = (): KeyPair => keyPairFromSeed(randomBytes(32));

export function peerIdOf(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new KeyError(`an Ed25519 public key is 32 bytes, not ${publicKey.length}`);
  return base58Encode(Uint8Array.from([...PEER_ID_PREFIX, ...publicKey]));
}

/** Peer id -> its public key, for the ids seen most recently (a run meets the same few again and again). */
const publicKeys = new Map<string, { raw: Uint8Array; key?: KeyObject }>();
const KEY_CACHE = 4096;

function decodedPeerId(peerId: string): { raw: Uint8Array; key?: KeyObject } {
  let entry = publicKeys.get(peerId);
  if (entry) return entry;
  let bytes: Uint8Array;
  try {
    bytes = base58Decode(peerId);
  } catch {
    throw new KeyError(`"${peerId}" is not a base58 peer id`);
  }
  if (bytes.length !== PEER_ID_PREFIX.length + 32 || PEER_ID_PREFIX.some((b, i) => bytes[i] !== b)) {
    throw new KeyError(`"${peerId}" is not the peer id of an Ed25519 key`);
  }
  entry = { raw: bytes.slice(PEER_ID_PREFIX.length) };
  if (publicKeys.size >= KEY_CACHE) publicKeys.delete(publicKeys.keys().next().value!);
  publicKeys.set(peerId, entry);
  return entry;
}

/** The public key a peer id stands for; throws KeyError when it is not an Ed25519 peer id. */
export const publicKeyOf = (peerId: string): Uint8Array => decodedPeerId(peerId).raw.slice();

/** A peer id's public key for node:crypto, made once per id: making a KeyObject costs more than verifying. */
function publicKeyObject(peerId: string): KeyObject {
  const entry = decodedPeerId(peerId);
  return (entry.key ??= createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, entry.raw]),
    format: "der",
    type: "spki",
  }));
}

/**
 * A peer's own key as node:crypto takes it, made once per secret key (and again if the seed's bytes change), with
 * the signatures this peer knows to be good: those it made and those it checked lately. Ed25519 verification is a
 * function of the public key, the message and the signature alone (and signing is deterministic), so a signature
 * known good for the same key and message needs no second check. Each peer keeps its own, as separate processes
 * would: the data coming back to a peer carries its own signature and those it checked on the way out.
 */
interface Signer {
  seed: Uint8Array;
  key: KeyObject;
  /** The peer id of the seed itself (a KeyPair's peerId field could name another key). */
  peerId: string;
  /** peer id and signature (latin1) -> the message it signs (latin1) */
  known: Map<string, string>;
}

const signers = new WeakMap<Uint8Array, Signer>();
const KNOWN_ENTRIES = 1024;
const KNOWN_MESSAGE = 16 << 10;

function signerOf(keys: KeyPair): Signer {
  const secret = keys.secretKey;
  const cached = signers.get(secret);
  if (cached && Buffer.from(secret.buffer, secret.byteOffset, secret.length).equals(cached.seed)) return cached;
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secret]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(key).export({ format: "der", type: "spki" }).subarray(-32);
  const signer = { seed: Buffer.from(secret), key, peerId: peerIdOf(publicKey), known: new Map<string, string>() };
  signers.set(secret, signer);
  return signer;
}

const bytesOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
const knownAs = (peerId: string, signature: Uint8Array) => `${peerId} ${bytesOf(signature).toString("latin1")}`;

/** Whether `signer` knows `signature` (64 bytes) as `peerId`'s over `message`. */
function knows(signer: Signer, peerId: string, message: Uint8Array, signature: Uint8Array): boolean {
  const signed = signer.known.get(knownAs(peerId, signature));
  if (signed === undefined || signed.length !== message.length) return false;
  for (let i = 0; i < message.length; i++) if (signed.charCodeAt(i) !== message[i]) return false;
  return true;
}

function know(signer: Signer, peerId: string, message: Uint8Array, signature: Uint8Array) {
  if (message.length > KNOWN_MESSAGE) return;
  // full, it starts over: what a peer needs to know again is what it signed or checked on this particle's last hops
  if (signer.known.size >= KNOWN_ENTRIES) signer.known.clear();
  signer.known.set(knownAs(peerId, signature), bytesOf(message).toString("latin1"));
}

/** The peer whose checks verifyBytes is making (see checkingAs). */
let checker: Signer | undefined;

/**
 * Runs `check` as the peer of `keys`: verifyBytes takes the signatures this peer knows to be good as good, and
 * remembers those it verifies. Without keys (or with keys node:crypto refuses), every signature is verified.
 */
export function checkingAs<T>(keys: KeyPair | undefined, check: () => T): T {
  const outer = checker;
  try {
    checker = keys && signerOf(keys);
  } catch {
    checker = undefined;
  }
  try {
    return check();
  } finally {
    checker = outer;
  }
}

export function signBytes(keys: KeyPair, message: Uint8Array): Uint8Array {
  const signer = signerOf(keys);
  const signature = new Uint8Array(sign(null, message, signer.key));
  know(signer, signer.peerId, message, signature);
  return signature;
}

/** Whether `signature` is the signature of `message` by the peer `peerId`. */
export function verifyBytes(peerId: string, message: Uint8Array, signature: Uint8Array): boolean {
  const key = publicKeyObject(peerId);
  if (signature.length !== 64) return false;
  if (checker && knows(checker, peerId, message, signature)) return true;
  const good = verify(null, message, key, signature);
  if (good && checker) know(checker, peerId, message, signature);
  return good;
}
