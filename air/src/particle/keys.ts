// Peer keys and ids. A peer id is its Ed25519 public key, written as libp2p writes it: base58btc of the identity
// multihash of the protobuf-encoded public key (`12D3KooW...`), so that the id alone verifies a signature.
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { base58btc } from "multiformats/bases/base58";

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
  // multiformats' base58btc adds the multibase prefix "z", which peer ids leave out
  return base58btc.encode(Uint8Array.from([...PEER_ID_PREFIX, ...publicKey])).slice(1);
}

/** The public key a peer id stands for; throws KeyError when it is not an Ed25519 peer id. */
export function publicKeyOf(peerId: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = base58btc.decode(`z${peerId}`);
  } catch {
    throw new KeyError(`"${peerId}" is not a base58 peer id`);
  }
  if (bytes.length !== PEER_ID_PREFIX.length + 32 || PEER_ID_PREFIX.some((b, i) => bytes[i] !== b)) {
    throw new KeyError(`"${peerId}" is not the peer id of an Ed25519 key`);
  }
  return bytes.slice(PEER_ID_PREFIX.length);
}

const privateKeyObject = (keys: KeyPair): KeyObject =>
  createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, keys.secretKey]), format: "der", type: "pkcs8" });

export function signBytes(keys: KeyPair, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, privateKeyObject(keys)));
}

/** Whether `signature` is the signature of `message` by the peer `peerId`. */
export function verifyBytes(peerId: string, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKeyOf(peerId)]), format: "der", type: "spki" });
  return signature.length === 64 && verify(null, message, key, signature);
}
