// The CLI's indexer commands against a running indexer: `indexer status`, `deal explain` (table and JSON), `deal
// match` with candidates from the indexer, `indexer verify`, and the errors of an unknown deal or a dead indexer.
import { type Explanation, peerIdOf, unitIdOf } from "@cloudless/sdk";
import { type Address, type Hex, keccak256, parseEther, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateKeyToAccount } from "viem/accounts";
import { freePort } from "../../sdk/src/devnet/anvil.ts";
import { ANVIL_KEYS } from "../../sdk/src/devnet/deploy.ts";
import { main } from "../../sdk/src/cli/main.ts";
import { type ApiStack, startApiStack } from "./support/api-harness.ts";

const OWNER = 2;
const id = (label: string): Hex => keccak256(toHex(label));
/** Three peers of two CUs of the provider (account 1), with the ids the market gives them. */
const peers = [0, 1, 2].map((p) => {
  const publicKey = id(`cli/peer/${p}`);
  const unitLabels = [id(`cli/cu/${p}/0`), id(`cli/cu/${p}/1`)];
  const peerId = peerIdOf(privateKeyToAccount(ANVIL_KEYS[1]!).address, publicKey);
  return { publicKey, unitLabels, peerId, unitIds: unitLabels.map((l) => unitIdOf(peerId, l)) };
});

let stack: ApiStack;
let deal: Address;

/** `cloudless <args>` in-process, with only the environment given here, and what it printed. */
async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "cloudless", ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {
      CLOUDLESS_RPC: stack.rpcUrl,
      CLOUDLESS_DEPLOYMENT: stack.deploymentPath,
      CLOUDLESS_INDEXER: stack.url,
      CLOUDLESS_PRIVATE_KEY: stack.key(OWNER),
    },
    cwd: stack.dir,
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  stack = await startApiStack();
  const { stakingToken, paymentToken, capacity } = stack.deployment.contracts;
  const provider = stack.client(1);
  await provider.market.registerProvider("CLI provider");
  await provider.market.createOffer({ minPricePerUnit: 1_000_000n, paymentToken, peers });
  await provider.tokens.mint(stakingToken, provider.account!.address, parseEther("10000"));
  await provider.tokens.approve(stakingToken, capacity, parseEther("10000"));
  for (const peer of peers.slice(0, 2)) {
    const { commitmentId } = await provider.capacity.createCommitment({
      peerId: peer.peerId,
      duration: 20n,
      delegatorShareBps: 0n,
    });
    await provider.capacity.depositCollateral(commitmentId);
  }
  await stack.nextEpoch();
  const owner = stack.client(OWNER);
  await owner.tokens.mint(paymentToken, owner.account!.address, 100_000_000n);
  ({ deal } = await owner.deals.create(
    {
      appCid: id("cli/app"),
      minWorkers: 1n,
      targetWorkers: 3n,
      maxWorkersPerProvider: 3n,
      pricePerWorkerEpoch: 2_000_000n,
      paymentToken,
      deposit: 20_000_000n,
    },
    { approve: true },
  ));
  await stack.synced();
});

afterAll(async () => {
  await stack?.stop();
});

describe("cloudless indexer and deal commands with an indexer", () => {
  it("shows the indexer's status and lag", async () => {
    const status = await cli(["indexer", "status"]);
    expect(status).toMatchObject({ code: 0, stderr: "" });
    expect(status.stdout).toMatch(/indexed block\s+\d+/);
    expect(status.stdout).toMatch(/lag\s+0 blocks, 0 s/);
    const json = JSON.parse((await cli(["indexer", "status", "--json"])).stdout) as { chainId: number; ready: boolean };
    expect(json).toMatchObject({ chainId: stack.deployment.chainId, ready: true });
  });

  it("explains a deal as a table and as JSON", async () => {
    const table = await cli(["deal", "explain", deal]);
    expect(table).toMatchObject({ code: 0, stderr: "" });
    expect(table.stdout).toMatch(/candidates\s+2/);
    expect(table.stdout).toMatch(/eligible CUs\s+4 of 6/);
    const third = table.stdout.split("\n").filter((l) => l.includes(peers[2]!.unitIds[0]!));
    expect(third).toHaveLength(1);
    expect(third[0]).toMatch(/\bno\s+CommitmentNotActive$/);
    expect(table.stdout).toMatch(/ 1 tUSD /);

    const json = JSON.parse((await cli(["deal", "explain", deal, "--json"])).stdout) as Explanation;
    const units = json.offers.flatMap((o) => o.peers.flatMap((p) => p.units));
    expect(units.filter((u) => u.candidate)).toHaveLength(2);
    expect(String(json.needed)).toBe("3");
  });

  it("matches a deal with the indexer's candidates", async () => {
    const matched = await cli(["deal", "match", deal]);
    expect(matched.code).toBe(0);
    expect(matched.stdout).toContain(`candidates from the indexer at ${stack.url}`);
    expect(matched.stdout).toMatch(/matched 2 of 2 CU\(s\)/);
    await stack.synced();
    const again = JSON.parse((await cli(["deal", "match", deal, "--json"])).stdout) as { matched: unknown[] };
    expect(again.matched).toEqual([]);
  });

  it("finds the indexer consistent with the contracts", async () => {
    const verified = await cli(["indexer", "verify"]);
    expect(verified.stdout).toBe("the indexer agrees with the contracts\n");
    expect(verified.code).toBe(0);
  });

  it("fails with the right exit codes for an unknown deal and a dead indexer", async () => {
    const unknown = await cli(["deal", "explain", stack.deployment.contracts.market]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/not indexed/);

    const dead = `http://127.0.0.1:${await freePort()}`;
    const down = await cli(["deal", "match", deal, "--indexer", dead]);
    expect(down.code).toBe(5);
    expect(down.stderr).toContain(`the indexer at ${dead} is unreachable`);
    expect(down.stderr).toContain("check --indexer (or CLOUDLESS_INDEXER)");
  });
});
