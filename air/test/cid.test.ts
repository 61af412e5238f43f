import { describe, expect, it } from "vitest";
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
