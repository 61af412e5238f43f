// A particle: an AIR script and its data travelling from peer to peer. The init peer signs everything but the data
// (id, init peer, timestamp, ttl and the script's blake3 hash, after a domain tag), so that no peer can change the
// script or stretch its lifetime; the data changes at every hop and carries per-value signatures of its own.
import { randomUUID } from "node:crypto";
import { blake3Text } from "../data/blake3.ts";
import { type KeyPair, KeyError, publicKeyOf, signBytes, verifyBytes } from "./keys.ts";

export interface Particle {
  id: string;
  initPeerId: string;
  /** When the init peer created it, in milliseconds since the Unix epoch. */
  timestamp: number;
  /** How long it lives after `timestamp`, in milliseconds. */
  ttl: number;
  script: string;
  /** The init peer's Ed25519 signature (64 bytes). */
  signature: Uint8Array;
  /** The execution trace so far. */
  data: Uint8Array;
}

export type ParticleErrorCode = "MALFORMED" | "LONE_SURROGATE" | "TOO_LARGE" | "BAD_SIGNATURE" | "EXPIRED";

export class ParticleError extends Error {
  override readonly name = "ParticleError";
  constructor(
    readonly code: ParticleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Limits {
  /** Largest script accepted, in UTF-8 bytes (default 1 MiB). */
  maxScriptBytes?: number;
  /** Largest data accepted, in bytes (default 64 MiB). */
  maxDataBytes?: number;
}

const DOMAIN = new TextEncoder().encode("cloudless/particle/v1\0");
const MAX_TTL = 0xffffffff;

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};
// A string can hold a lone surrogate, which UTF-8 has no bytes for: encoders write U+FFFD for every one, so two
// texts would share one signature. Signed text is encoded exactly, or refused.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** The UTF-8 bytes of `text` (`what` it is); throws ParticleError LONE_SURROGATE when it has none. */
export function exactUtf8(text: string, what: string): Buffer {
  checkWellFormed(text, what);
  return Buffer.from(text, "utf8");
}

function checkWellFormed(text: string, what: string) {
  if (LONE_SURROGATE.test(text))
    throw new ParticleError("LONE_SURROGATE", `${what} holds a lone surrogate, which has no UTF-8 form`);
}

const sized = (text: string, what: string) => {
  const bytes = exactUtf8(text, what);
  return Buffer.concat([u32(bytes.length), bytes]);
};

function signedBytes(p: Omit<Particle, "signature" | "data">): Uint8Array {
  // a well-formed script's UTF-8 is exact, so its hash covers exactly the script
  checkWellFormed(p.script, "the script");
  const script = blake3Text(p.script);
  const [id, initPeerId] = [sized(p.id, "the particle id"), sized(p.initPeerId, "the init peer id")];
  return Buffer.concat([DOMAIN, id, initPeerId, u64(p.timestamp), u32(p.ttl), script]);
}

function checkShape(p: Omit<Particle, "signature" | "data">) {
  if (typeof p.id !== "string" || p.id.length === 0 || p.id.length > 256) {
    throw new ParticleError("MALFORMED", "a particle id is a string of 1 to 256 characters");
  }
  if (!Number.isSafeInteger(p.timestamp) || p.timestamp < 0) {
    throw new ParticleError("MALFORMED", `the timestamp ${p.timestamp} is not a whole number of milliseconds`);
  }
  if (!Number.isInteger(p.ttl) || p.ttl <= 0 || p.ttl > MAX_TTL) {
    throw new ParticleError("MALFORMED", `the ttl ${p.ttl} is not a whole number of milliseconds from 1 to 2^32-1`);
  }
  if (typeof p.script !== "string") throw new ParticleError("MALFORMED", "the script is not a string");
  try {
    publicKeyOf(p.initPeerId);
  } catch (err) {
    throw new ParticleError("MALFORMED", (err as KeyError).message);
  }
}

/** A new particle signed by `keys`, its init peer. */
export function createParticle(
  keys: KeyPair,
  fields: { script: string; ttl: number; data?: Uint8Array; timestamp?: number; id?: string },
): Particle {
  const unsigned = {
    id: fields.id ?? randomUUID(),
    initPeerId: keys.peerId,
    timestamp: fields.timestamp ?? Date.now(),
    ttl: fields.ttl,
    script: fields.script,
  };
  checkShape(unsigned);
  return { ...unsigned, signature: signBytes(keys, signedBytes(unsigned)), data: fields.data ?? new Uint8Array() };
}

export const expiresAt = (particle: Particle): number => particle.timestamp + particle.ttl;

/**
 * Checks a received particle before anything runs it: well formed, within the size limits, signed by its init
 * peer over exactly these fields, and alive at `now`. Throws ParticleError saying which check failed.
 */
export function verifyParticle(particle: Particle, now: number = Date.now(), limits: Limits = {}): void {
  checkShape(particle);
  const maxScript = limits.maxScriptBytes ?? 1 << 20;
  const maxData = limits.maxDataBytes ?? 64 << 20;
  const scriptBytes = Buffer.byteLength(particle.script, "utf8");
  if (scriptBytes > maxScript) {
    throw new ParticleError("TOO_LARGE", `the script is ${scriptBytes} bytes, over the limit of ${maxScript}`);
  }
  if (!(particle.data instanceof Uint8Array)) throw new ParticleError("MALFORMED", "the data is not bytes");
  if (particle.data.length > maxData) {
    throw new ParticleError("TOO_LARGE", `the data is ${particle.data.length} bytes, over the limit of ${maxData}`);
  }
  if (
    !(particle.signature instanceof Uint8Array) ||
    !verifyBytes(particle.initPeerId, signedBytes(particle), particle.signature)
  ) {
    throw new ParticleError(
      "BAD_SIGNATURE",
      `particle ${particle.id} is not signed by its init peer ${particle.initPeerId}`,
    );
  }
  checkAlive(particle, now);
}

/** Throws ParticleError EXPIRED when `particle` is past its lifetime at `now`. */
export function checkAlive(particle: Particle, now: number = Date.now()): void {
  if (now >= expiresAt(particle)) {
    throw new ParticleError(
      "EXPIRED",
      `particle ${particle.id} expired at ${new Date(expiresAt(particle)).toISOString()}`,
    );
  }
}
