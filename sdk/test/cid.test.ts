import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CODEC, effectorId, formatCid, parseCid } from "../src/cid.ts";
import { InputError } from "../src/errors.ts";

const sha256 = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as const;

describe("CIDs", () => {
  it("formats the raw sha2-256 CID of known content as the well-known CIDv1", () => {
    expect(formatCid({ codec: CODEC.raw, digest: sha256("hello world") })).toBe(
      "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
    );
  });

  it("parses CIDv1 back to its codec and digest", () => {
    expect(parseCid("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e")).toEqual({
      codec: CODEC.raw,
      digest: sha256("hello world"),
    });
  });

  it("round-trips every codec, including multi-byte varints", () => {
    for (const codec of [CODEC.raw, CODEC.dagPb, CODEC.dagCbor, CODEC.dagJson, 0x300001n]) {
      const digest = sha256(`content ${codec}`);
      expect(parseCid(formatCid({ codec, digest }))).toEqual({ codec, digest });
    }
  });

  it("reads a CIDv0 as dag-pb with its sha2-256 digest", () => {
    const { codec, digest } = parseCid("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
    expect(codec).toBe(CODEC.dagPb);
    // expected values computed independently (big-integer base58 decoding, RFC 4648 base32)
    expect(digest).toBe("0x9d6c2be50f706953479ab9df2ce3edca90b68053c00b3004b7f0accbe1e8eedf");
    expect(formatCid({ codec, digest })).toBe("bafybeie5nqv6kd3qnfjupgvz34woh3oksc3iau6abmyajn7qvtf6d2ho34");
  });

  it("takes a bare 32-byte digest as a raw CID, and effector ids are digests", () => {
    const digest = sha256("curl");
    expect(parseCid(digest)).toEqual({ codec: CODEC.raw, digest });
    expect(effectorId(formatCid({ codec: CODEC.raw, digest }))).toBe(digest);
  });

  it.each([
    ["", /unsupported CID/],
    ["hello", /unsupported CID/],
    ["Qm" + "1".repeat(44), /not a sha2-256 CIDv0/],
    ["b!!!!!!!!!!!!!", /invalid base32 character/],
    ["bafkqaaa", /unsupported CID/],
    [formatCid({ codec: CODEC.raw, digest: sha256("x") }).slice(0, 20), /not a sha2-256 CID|truncated/],
  ])("rejects %j", (text, message) => {
    expect(() => parseCid(text)).toThrow(InputError);
    expect(() => parseCid(text)).toThrow(message);
  });

  it("rejects a digest of the wrong length when formatting", () => {
    expect(() => formatCid({ codec: CODEC.raw, digest: "0x1234" })).toThrow(/32 bytes/);
  });
});
