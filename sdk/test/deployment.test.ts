import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { epochAt, epochStartsAt, loadDeployment, parseDeployment, stringifyDeployment } from "../src/deployment.ts";
import { DeploymentError } from "../src/errors.ts";

const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const valid = () => ({
  chainId: 31337,
  config: "devnet",
  startBlock: 1,
  epochStart: 1_700_000_000,
  epochDuration: 30,
  owner: address(1),
  treasury: address(2),
  params: { difficulty: 1e76 },
  contracts: {
    core: address(10),
    market: address(11),
    capacity: address(12),
    dealFactory: address(13),
    dealImplementation: address(14),
    verifier: address(15),
    paymentToken: address(16),
    stakingToken: address(17),
  },
});

describe("deployment records", () => {
  it("parses a record into typed values with checksummed addresses", () => {
    const d = parseDeployment(valid());
    expect(d.chainId).toBe(31337);
    expect(d.epochDuration).toBe(30n);
    expect(d.contracts.market).toBe(getAddress(address(11)));
  });

  it.each([
    [
      "a missing contract",
      (r: ReturnType<typeof valid>) => delete (r.contracts as Partial<typeof r.contracts>).capacity,
      /missing field "capacity"/,
    ],
    [
      "a malformed address",
      (r: ReturnType<typeof valid>) => (r.contracts.core = "0x1234"),
      /"contracts.core" is not an address/,
    ],
    [
      "a negative start block",
      (r: ReturnType<typeof valid>) => (r.startBlock = -1),
      /"startBlock" is not a non-negative integer/,
    ],
    ["a zero epoch duration", (r: ReturnType<typeof valid>) => (r.epochDuration = 0), /"epochDuration" is zero/],
    [
      "no contracts object",
      (r: ReturnType<typeof valid>) => ((r as { contracts: unknown }).contracts = "x"),
      /"contracts" is not an object/,
    ],
  ])("rejects %s", (_, mutate, message) => {
    const record = valid();
    mutate(record);
    expect(() => parseDeployment(record, "d.json")).toThrow(DeploymentError);
    expect(() => parseDeployment(record, "d.json")).toThrow(message);
  });

  it("rejects a non-object", () => {
    expect(() => parseDeployment(null)).toThrow(/not a JSON object/);
  });

  it("loads from a file, with clear errors for a missing file and bad JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "deployment-"));
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(valid()));
    expect(loadDeployment(good).contracts.core).toBe(getAddress(address(10)));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ not json");
    expect(() => loadDeployment(bad)).toThrow(/is not valid JSON/);
    expect(() => loadDeployment(join(dir, "missing.json"))).toThrow(/cannot read the deployment file/);
  });

  it("writes JSON that parses back to the same record", () => {
    const d = parseDeployment(valid());
    expect(parseDeployment(JSON.parse(stringifyDeployment(d)))).toEqual(d);
  });

  it("counts epochs as the contracts do: 0 before the start, then one per duration from 1", () => {
    const d = parseDeployment(valid()); // epochs of 30 s from 1,700,000,000
    expect(epochAt(d, 1_699_999_999n)).toBe(0n);
    expect(epochAt(d, 1_700_000_000n)).toBe(1n);
    expect(epochAt(d, 1_700_000_029n)).toBe(1n);
    expect(epochAt(d, 1_700_000_030n)).toBe(2n);
    for (const epoch of [1n, 2n, 1000n]) {
      expect(epochAt(d, epochStartsAt(d, epoch))).toBe(epoch);
      expect(epochAt(d, epochStartsAt(d, epoch) - 1n)).toBe(epoch - 1n);
    }
  });
});
