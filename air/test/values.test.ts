// copyJson, which gives the host its copies of object arguments, against structuredClone, which it replaces.
import { describe, expect, it } from "vitest";
import type { Json } from "../src/index.ts";
import { copyJson } from "../src/interpreter/values.ts";
import { generator } from "./support/random.ts";

describe("copyJson", () => {
  it("copies as structuredClone does", () => {
    const { int, pick } = generator(7);
    const value = (depth: number): Json => {
      switch (depth > 3 ? int(4) : int(6)) {
        case 0:
          return pick([null, true, false, 0, -0, 1.5, -7, 1e300]);
        case 1:
          return pick(["", "a", "é😀", "__proto__"]);
        case 2:
          return int(2) === 0 ? [] : {};
        case 3:
          return pick(["x", 3, null]);
        case 4:
          return Array.from({ length: int(4) }, () => value(depth + 1));
        default:
          return Object.fromEntries(
            Array.from({ length: int(4) }, () => [pick(["a", "b", "1", "0", "__proto__", "z"]), value(depth + 1)]),
          );
      }
    };
    for (let n = 0; n < 500; n++) {
      const v = value(0);
      const copy = copyJson(v);
      expect(copy).toStrictEqual(structuredClone(v));
      expect(JSON.stringify(copy)).toBe(JSON.stringify(v));
      if (v !== null && typeof v === "object") expect(copy).not.toBe(v);
    }
  });

  it("keeps an own __proto__ key, -0, and an object met twice as one copy", () => {
    const inner = { k: [1, -0] };
    const v = JSON.parse('{"__proto__":{"x":1},"a":null}') as { [key: string]: Json };
    v.b = [inner, inner];
    const copy = copyJson(v) as typeof v;
    const theirs = structuredClone(v);
    expect(Object.keys(copy)).toEqual(Object.keys(theirs));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, "__proto__")).toBe(true);
    const [first, second] = copy.b as { k: number[] }[];
    expect(first).toBe(second);
    expect(first).not.toBe(inner);
    expect(Object.is(first!.k[1], -0)).toBe(true);
    first!.k.push(2);
    expect(inner.k).toEqual([1, -0]);
  });
});
