// Deployments made by the real deploy script: a throwaway one (tests, benchmarks) leaves nothing in the checkout,
// a kept one (the devnet) keeps its record and forge's broadcast logs until discarded.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../src/deployment.ts";
import { ANVIL_CHAIN_ID, type Anvil, repoRoot, startAnvil } from "../../src/devnet/anvil.ts";
import { deployProtocol, discardDeployment } from "../../src/devnet/deploy.ts";

let anvil: Anvil;
const chainId = 2_000_000 + (process.pid % 1_000_000);
const logsOf = (dir: string) => join(repoRoot, dir, "Deploy.s.sol", String(chainId));

beforeAll(async () => {
  anvil = await startAnvil({ chainId });
});
afterAll(() => anvil?.stop());

describe("deployProtocol", () => {
  it("keeps a record and forge's logs when asked, and discardDeployment removes them", async () => {
    const { deployment, path } = await deployProtocol({
      rpcUrl: anvil.rpcUrl,
      file: `test-kept-${chainId}.json`,
      keep: true,
    });
    expect(deployment.chainId).toBe(chainId);
    expect([existsSync(path), existsSync(logsOf("broadcast")), existsSync(logsOf("cache"))]).toEqual([
      true,
      true,
      true,
    ]);
    discardDeployment(deployment, path);
    expect([existsSync(path), existsSync(logsOf("broadcast")), existsSync(logsOf("cache"))]).toEqual([
      false,
      false,
      false,
    ]);
  }, 120_000);

  it("leaves the logs of anvil's default chain id, which concurrent test deploys share", () => {
    const dir = join(repoRoot, "broadcast", "Deploy.s.sol", String(ANVIL_CHAIN_ID));
    mkdirSync(dir, { recursive: true });
    const record = join(repoRoot, "deployments", `test-default-${process.pid}.json`);
    writeFileSync(record, "{}");
    discardDeployment({ chainId: ANVIL_CHAIN_ID } as Deployment, record);
    expect([existsSync(record), existsSync(dir)]).toEqual([false, true]);
  });

  it("leaves nothing behind for a throwaway deployment", async () => {
    const { path } = await deployProtocol({ rpcUrl: anvil.rpcUrl, file: `test-throwaway-${chainId}.json` });
    expect([existsSync(path), existsSync(logsOf("broadcast")), existsSync(logsOf("cache"))]).toEqual([
      false,
      false,
      false,
    ]);
  }, 120_000);
});
