import { blake3 } from "@noble/hashes/blake3.js";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { describe, expect, it } from "vitest";
import { blake3Text } from "../src/data/blake3.ts";
import { canonicalJson, cidOf, cidOfText } from "../src/index.ts";

describe("CIDs of values", () => {
  // vectors from AquaVM's own tests of its CID function
  it.each([
    ["test", "bagaaihrarcyykpv4oj7zwdbepczyfthxya4og7s2rwvrzolm5kg2eu5dz3xa"],
    [[1, 2, 3], "bagaaihram6sitn77tquub77n2jzjgttrlwkverv44pv3gns6qghm6hx6d36a"],
    [1, "bagaaihra2y55tkbgv6i4d7vdoglfuzhbd3ra6e7ennpvfrmzaejwmbntusdq"],
    [{ key: 42 }, "bagaaihracpzxhsrpviexa7k6glwdhyh3a4kvy6j7qlcqokzqbs3q424cmxyq"],
  ])("%j → %s", (value, cid) => {
    expect(cidOf(value)).toBe(cid);
  });

  it("hashes objects with their keys sorted, at every depth, and text as given", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }] })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    expect(cidOf({ b: 1, a: 2 })).toBe(cidOf({ a: 2, b: 1 }));
    expect(cidOfText('{"b":1,"a":2}')).not.toBe(cidOf({ a: 2, b: 1 }));
    expect(cidOfText('"test"')).toBe(cidOf("test"));
  });
});

describe("the one-chunk BLAKE3 and the CID text", () => {
  // Lengths around every block and the chunk boundary (1024 bytes, where the tree implementation takes over),
  // with one-, two-, three- and four-byte UTF-8 characters; the reference is @noble/hashes and multiformats.
  it("agree with the reference implementations on every length from 0 to 1100 bytes", () => {
    const encoder = new TextEncoder();
    for (let len = 0; len <= 1100; len++) {
      for (const ch of ["a", "é", "€", "😀"]) {
        const text = Array.from({ length: len }, (_, i) =>
          i % 7 === 3 ? ch : String.fromCharCode(33 + ((i * 31) % 90)),
        )
          .join("")
          .slice(0, len);
        const digest = blake3(encoder.encode(text));
        expect(Buffer.from(blake3Text(text)).toString("hex"), `length ${len} with ${ch}`).toBe(
          Buffer.from(digest).toString("hex"),
        );
        expect(cidOfText(text)).toBe(CID.createV1(0x0200, Digest.create(0x1e, digest)).toString());
      }
    }
  });

  it("gives the same CID from its memory as from hashing", () => {
    const text = JSON.stringify({ n: Math.random() });
    const first = cidOfText(text);
    expect(cidOfText(text)).toBe(first);
    expect(cidOfText(`${text} `)).not.toBe(first);
  });
});
