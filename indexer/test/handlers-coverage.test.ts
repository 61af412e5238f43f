// Every event of every contract Ponder follows has a handler: the ABIs come from ponder.config.ts itself, the
// handlers from the source text of src/handlers (a `ponder.on("Contract:Event"` call each).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Abi } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const handlersDir = join(import.meta.dirname, "..", "src", "handlers");
let contracts: Record<string, { abi: Abi }>;
const scratch = mkdtempSync(join(tmpdir(), "cloudless-coverage-"));

beforeAll(async () => {
  // The config reads a deployment record when it is loaded; any valid one will do for its ABIs.
  const address = "0x0000000000000000000000000000000000000001";
  const record = join(scratch, "deployment.json");
  writeFileSync(
    record,
    JSON.stringify({
      chainId: 31337,
      startBlock: 0,
      epochStart: 0,
      epochDuration: 30,
      owner: address,
      treasury: address,
      contracts: Object.fromEntries(
        [
          "core",
          "market",
          "capacity",
          "dealFactory",
          "dealImplementation",
          "verifier",
          "stakingToken",
          "paymentToken",
        ].map((name) => [name, address]),
      ),
    }),
  );
  process.env.CLOUDLESS_DEPLOYMENT = record;
  contracts = (await import("../ponder.config.ts")).default.contracts as unknown as typeof contracts;
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function handledEvents(): Set<string> {
  const handled = new Set<string>();
  for (const file of readdirSync(handlersDir, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts")) continue;
    const source = readFileSync(join(handlersDir, file), "utf8");
    for (const match of source.matchAll(/ponder\.on\(\s*"(\w+):(\w+)"/g)) handled.add(`${match[1]}:${match[2]}`);
  }
  return handled;
}

describe("handlers", () => {
  it("handle every event of every contract in ponder.config.ts", () => {
    const handled = handledEvents();
    const events = Object.entries(contracts).flatMap(([name, { abi }]) =>
      abi.filter((item) => item.type === "event").map((item) => `${name}:${item.name}`),
    );
    expect(Object.keys(contracts).sort()).toEqual(["Capacity", "Core", "Deal", "DealFactory", "Market"]);
    expect(events.length).toBeGreaterThanOrEqual(60);
    expect(events.filter((e) => !handled.has(e))).toEqual([]);
  });

  it("handle nothing that is not an event of its contract", () => {
    const events = new Set(
      Object.entries(contracts).flatMap(([name, { abi }]) =>
        abi.filter((item) => item.type === "event").map((item) => `${name}:${item.name}`),
      ),
    );
    expect([...handledEvents()].filter((h) => !events.has(h))).toEqual([]);
  });
});
