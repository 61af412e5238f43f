// base58btc of our own against multiformats', which it stands in for: the same text for any bytes, the same bytes
// for any text, and the same refusals.
import { base58btc } from "multiformats/bases/base58";
import { describe, expect, it } from "vitest";
import { base58Decode, base58Encode } from "../src/data/base58.ts";
import { generator } from "./support/random.ts";

const theirs = (text: string): Uint8Array | string => {
  try {
    return base58btc.decode(`z${text}`);
  } catch (err) {
    return (err as Error).message;
  }
};
const ours = (text: string): Uint8Array | string => {
  try {
    return base58Decode(text);
  } catch (err) {
    return (err as Error).message;
  }
};

describe("base58btc", () => {
  it("writes any bytes as multiformats does, and reads them back", () => {
    const { int } = generator(58);
    const cases = [[], [0], [0, 0], [0, 0, 1], [255], [0, 255, 255], new Array(64).fill(255), new Array(64).fill(0)];
    for (let n = 0; n < 2000; n++) {
      const length = int(3) === 0 ? int(8) : int(80);
      const zeros = int(4) === 0 ? int(4) : 0;
      cases.push(Array.from({ length }, (_, i) => (i < zeros ? 0 : int(256))));
    }
    const wrong = cases
      .map((c) => Uint8Array.from(c))
      .filter((bytes) => {
        const text = base58Encode(bytes);
        return text !== base58btc.encode(bytes).slice(1) || !Buffer.from(base58Decode(text)).equals(bytes);
      });
    expect(wrong).toEqual([]);
  });

  it("reads any text as multiformats does, and refuses what it refuses", () => {
    const { int, pick } = generator(59);
    const alphabet = [..."123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"];
    const odd = ["0", "O", "I", "l", " ", "+", "\u0000", "\u00ff", "é", "\u0100", "\u4e16", "\ud800", "😀"];
    const cases = ["", "1", "11", "1z", "z", " 1", "1 ", "2NEpo7TZRRrLZSi2U", ...odd];
    for (let n = 0; n < 2000; n++) {
      const length = int(100);
      const ones = int(4) === 0 ? int(4) : 0;
      const chars = Array.from({ length }, (_, i) => (i < ones ? "1" : pick(alphabet)));
      if (int(4) === 0) chars.splice(int(length + 1), 0, pick(odd));
      cases.push(chars.join(""));
    }
    const same = (a: Uint8Array | string, b: Uint8Array | string) =>
      typeof a === "string" || typeof b === "string" ? a === b : Buffer.from(a).equals(b);
    expect(cases.filter((text) => !same(ours(text), theirs(text)))).toEqual([]);
  });
});
