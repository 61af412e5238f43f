// Seeded hostile input (test/support/hostile.ts), a short run of each family: whatever arrives, the engine refuses
// it with a code or runs it within its bounds, leaves the peer's data as it was when it refuses, and never throws.
// `npm run fuzz:air` runs the same families for longer.
import { describe, expect, it } from "vitest";
import { FAMILIES, hostileCase } from "./support/hostile.ts";

const CASES = 60;

describe("hostile input: a refusal with a code or a bounded run, never an exception", () => {
  it.each(FAMILIES)("%s", (family) => {
    let runs = 0;
    for (let seed = 1; seed <= CASES; seed++) runs += hostileCase(family, seed);
    expect(runs).toBeGreaterThan(CASES);
  });
});
