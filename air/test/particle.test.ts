import { blake3 } from "@noble/hashes/blake3.js";
import { describe, expect, it } from "vitest";
import { checkingAs } from "../src/particle/keys.ts";
import {
  createParticle,
  generateKeyPair,
  KeyError,
  keyPairFromSeed,
  type Particle,
  ParticleError,
  peerIdOf,
  publicKeyOf,
  signBytes,
  verifyBytes,
  verifyParticle,
} from "../src/index.ts";

const seed = (n: number) => new Uint8Array(32).fill(n);
const alice = keyPairFromSeed(seed(1));
const bob = keyPairFromSeed(seed(2));
const T0 = 1_795_000_000_000;

function rejected(particle: Particle, now = T0 + 1, limits = {}): ParticleError {
  try {
    verifyParticle(particle, now, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(ParticleError);
    return err as ParticleError;
  }
  throw new Error("the particle was accepted");
}

describe("keys and peer ids", () => {
  it("writes an Ed25519 key as a libp2p peer id and reads it back", () => {
    // RFC 8032, test 1: this secret key has this public key
    const rfc = keyPairFromSeed(Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex"));
    expect(Buffer.from(rfc.publicKey).toString("hex")).toBe(
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    );
    expect(alice.peerId).toMatch(/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/);
    expect(publicKeyOf(alice.peerId)).toEqual(alice.publicKey);
    expect(peerIdOf(alice.publicKey)).toBe(alice.peerId);
    expect(generateKeyPair().peerId).not.toBe(generateKeyPair().peerId);
  });

  it("signs and verifies bytes, and refuses another signer or message", () => {
    const message = new TextEncoder().encode("hello");
    const signature = signBytes(alice, message);
    expect(signature).toHaveLength(64);
    expect(verifyBytes(alice.peerId, message, signature)).toBe(true);
    expect(verifyBytes(bob.peerId, message, signature)).toBe(false);
    expect(verifyBytes(alice.peerId, new TextEncoder().encode("hellO"), signature)).toBe(false);
    expect(verifyBytes(alice.peerId, message, signature.slice(1))).toBe(false);
  });

  it("keeps node:crypto keys per key, and never a stale one", () => {
    const message = new TextEncoder().encode("hello");
    // a key pair whose seed bytes change signs with the new seed, as one made from it does
    const keys = keyPairFromSeed(seed(7));
    expect(signBytes(keys, message)).toEqual(signBytes(keyPairFromSeed(seed(7)), message));
    keys.secretKey.set(seed(8));
    expect(signBytes(keys, message)).toEqual(signBytes(keyPairFromSeed(seed(8)), message));
    // the public key handed out is a copy: changing it changes nothing for the next caller or verification
    const copy = publicKeyOf(alice.peerId);
    copy.fill(0);
    expect(publicKeyOf(alice.peerId)).toEqual(alice.publicKey);
    expect(verifyBytes(alice.peerId, message, signBytes(alice, message))).toBe(true);
  });

  it("takes a signature a peer made or checked as good only for the same key and message", () => {
    const message = new TextEncoder().encode("hello");
    const other = new TextEncoder().encode("hellO");
    const signature = signBytes(alice, message);
    // a key pair whose peerId names another key: what it signs is known as its seed's, not as that peer's
    const impostor = { ...keyPairFromSeed(seed(9)), peerId: bob.peerId };
    const forged = signBytes(impostor, message);
    for (const keys of [alice, bob, impostor, undefined]) {
      checkingAs(keys, () => {
        for (let round = 0; round < 2; round++) {
          expect(verifyBytes(alice.peerId, message, signature)).toBe(true);
          expect(verifyBytes(bob.peerId, message, signature)).toBe(false);
          expect(verifyBytes(alice.peerId, other, signature)).toBe(false);
          expect(verifyBytes(bob.peerId, message, forged)).toBe(false);
          expect(verifyBytes(keyPairFromSeed(seed(9)).peerId, message, forged)).toBe(true);
        }
      });
    }
    // keys node:crypto refuses check every signature, as no keys do
    const broken = { ...alice, secretKey: new Uint8Array(3) };
    expect(checkingAs(broken, () => verifyBytes(alice.peerId, message, signature))).toBe(true);
  });

  it.each([
    ["", "is not the peer id of an Ed25519 key"],
    ["0OIl", "is not a base58 peer id"],
    ["QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", "is not the peer id of an Ed25519 key"],
  ])("refuses the peer id %j", (peerId, message) => {
    expect(() => publicKeyOf(peerId)).toThrow(KeyError);
    expect(() => publicKeyOf(peerId)).toThrow(message);
  });

  it("refuses keys and seeds of the wrong size", () => {
    expect(() => keyPairFromSeed(new Uint8Array(31))).toThrow("an Ed25519 seed is 32 bytes, not 31");
    expect(() => peerIdOf(new Uint8Array(33))).toThrow("an Ed25519 public key is 32 bytes, not 33");
  });
});

describe("particles", () => {
  const particle = createParticle(alice, { script: "(null)", ttl: 10_000, timestamp: T0, id: "p-1" });

  it("is signed by its init peer and accepted while alive", () => {
    expect(particle).toMatchObject({
      id: "p-1",
      initPeerId: alice.peerId,
      timestamp: T0,
      ttl: 10_000,
      script: "(null)",
    });
    expect(() => verifyParticle(particle, T0)).not.toThrow();
    expect(() => verifyParticle(particle, T0 + 9_999)).not.toThrow();
    expect(createParticle(alice, { script: "(null)", ttl: 1 }).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("is signed over the documented bytes: tag, sized id and init peer, timestamp, ttl, script hash", () => {
    const sized = (text: string) => {
      const bytes = Buffer.from(text);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    };
    const times = Buffer.alloc(12);
    times.writeBigUInt64BE(BigInt(T0));
    times.writeUInt32BE(10_000, 8);
    const signed = Buffer.concat([
      Buffer.from("cloudless/particle/v1\0"),
      ...sized("p-1"),
      ...sized(alice.peerId),
      times,
      blake3(Buffer.from("(null)")),
    ]);
    expect(verifyBytes(alice.peerId, signed, particle.signature)).toBe(true);
  });

  it("carries data the init peer did not sign", () => {
    expect(() => verifyParticle({ ...particle, data: new Uint8Array([1, 2, 3]) }, T0 + 1)).not.toThrow();
  });

  it.each([
    ["the id", { id: "p-2" }],
    ["the script", { script: "(never)" }],
    ["the ttl", { ttl: 20_000 }],
    ["the timestamp", { timestamp: T0 + 1 }],
    ["the init peer", { initPeerId: bob.peerId }],
  ])("is refused when %s changed on the way", (_, change) => {
    const err = rejected({ ...particle, ...change });
    expect(err.code).toBe("BAD_SIGNATURE");
    expect(err.message).toContain("is not signed by its init peer");
  });

  it("is refused when another key signed it in the init peer's name", () => {
    const forged = createParticle(bob, { script: "(null)", ttl: 10_000, timestamp: T0, id: "p-1" });
    expect(rejected({ ...forged, initPeerId: alice.peerId }).code).toBe("BAD_SIGNATURE");
    expect(rejected({ ...particle, signature: new Uint8Array(64) }).code).toBe("BAD_SIGNATURE");
    expect(rejected({ ...particle, signature: "not bytes" as unknown as Uint8Array }).code).toBe("BAD_SIGNATURE");
  });

  it("is refused once its ttl has passed", () => {
    const err = rejected(particle, T0 + 10_000);
    expect(err.code).toBe("EXPIRED");
    expect(err.message).toBe(`particle p-1 expired at ${new Date(T0 + 10_000).toISOString()}`);
  });

  it("is refused when larger than the limits", () => {
    expect(rejected(particle, T0, { maxScriptBytes: 5 })).toMatchObject({
      code: "TOO_LARGE",
      message: "the script is 6 bytes, over the limit of 5",
    });
    expect(rejected({ ...particle, data: new Uint8Array(11) }, T0, { maxDataBytes: 10 })).toMatchObject({
      code: "TOO_LARGE",
      message: "the data is 11 bytes, over the limit of 10",
    });
  });

  it.each([
    ["an empty id", { id: "" }, "a particle id is a string of 1 to 256 characters"],
    ["a zero ttl", { ttl: 0 }, "the ttl 0 is not a whole number"],
    ["a fractional ttl", { ttl: 1.5 }, "the ttl 1.5 is not a whole number"],
    ["a negative timestamp", { timestamp: -1 }, "the timestamp -1 is not a whole number"],
    ["a bad init peer", { initPeerId: "nobody" }, "is not"],
    ["data that is not bytes", { data: "xyz" as unknown as Uint8Array }, "the data is not bytes"],
  ])("is refused as malformed with %s", (_, change, message) => {
    const err = rejected({ ...particle, ...change } as Particle);
    expect(err.code).toBe("MALFORMED");
    expect(err.message).toContain(message);
  });

  it("cannot be created malformed", () => {
    expect(() => createParticle(alice, { script: "(null)", ttl: 0 })).toThrow(ParticleError);
  });
});
