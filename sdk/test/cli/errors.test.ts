// Every failure the CLI promises an exit code for, against a real chain: what is printed, the code, and that
// nothing is sent when the input or the chain's state rules a transaction out.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChain, type TestChain } from "../support/chain.ts";
import { type CliHarness, cliFor, type CliRun } from "./support/run.ts";

const DEVELOPER = 2;
const STRANGER = 3;
const BROKE = 5;
const APP = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const NOT_A_DEAL = "0x0000000000000000000000000000000000000001";

let chain: TestChain;
let cli: CliHarness;
let deal: Address;

const dealFlags = [
  "--app",
  APP,
  "--min-workers",
  "1",
  "--target-workers",
  "1",
  "--max-per-provider",
  "1",
  "--price",
  "0.5",
];

beforeAll(async () => {
  chain = await startChain();
  cli = cliFor(chain);
  const dev = chain.client(DEVELOPER);
  const { paymentToken } = chain.deployment.contracts;
  await dev.tokens.mint(paymentToken, dev.account!.address, parseUnits("100", 6));
  ({ deal } = await dev.deals.create(
    {
      appCid: APP,
      minWorkers: 1n,
      targetWorkers: 1n,
      maxWorkersPerProvider: 1n,
      pricePerWorkerEpoch: 500_000n,
      paymentToken,
      deposit: 10_000_000n,
    },
    { approve: true },
  ));
});
afterAll(() => chain?.stop());

function expectFailure(run: CliRun, code: number, message: RegExp) {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: "" });
  expect(run.stderr).toMatch(/^error: .+\ndetails: .+\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
}

describe("cloudless CLI errors", () => {
  it("rejects malformed input and bad usage with exit 2", async () => {
    expectFailure(await cli.run(["deal", "show", "0x123"]), 2, /deal "0x123" is not an address/);
    expectFailure(await cli.run(["provider", "offer", "show", "first"]), 2, /offer id "first" is not a whole number/);
    expectFailure(
      await cli.run(["deal", "deposit", deal, "1.1234567"], { signer: DEVELOPER }),
      2,
      /more than the token's 6 decimals/,
    );
    expectFailure(await cli.run(["deal", "deposit", deal, "-1"], { signer: DEVELOPER }), 2, /"-1" is not an amount/);
    expectFailure(
      await cli.run(["provider", "prove", "--unit", "0x12"], { signer: 1 }),
      2,
      /CU id "0x12" is not a 32-byte hex id/,
    );
    expectFailure(
      await cli.run(["deal", "show"]),
      2,
      /missing required argument 'address'\ndetails: see `cloudless deal show --help`/,
    );
    expectFailure(await cli.run(["chain", "epoch", "--bogus"]), 2, /unknown option '--bogus'/);
    expectFailure(
      await cli.run(["deal", "create", ...dealFlags, "--deposit", "1", "--access", "maybe"]),
      2,
      /argument 'maybe' is invalid/,
    );
    const group = await cli.run(["deal"]);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain("Usage: cloudless deal");
    expectFailure(await cli.run(["chain", "epoch", "--rpc", "localhost:8545"]), 2, /is not an http\(s\) URL/);
  });

  it("reports unknown deals, offers, commitments, peers and providers with exit 3", async () => {
    expectFailure(await cli.run(["deal", "show", NOT_A_DEAL]), 3, /is not a Cloudless deal/);
    expectFailure(await cli.run(["deal", "stop", NOT_A_DEAL], { signer: DEVELOPER }), 3, /is not a Cloudless deal/);
    expectFailure(await cli.run(["provider", "offer", "show", "99"]), 3, /offer 99 does not exist/);
    expectFailure(await cli.run(["provider", "commitment", "show", "99"]), 3, /commitment 99 does not exist/);
    expectFailure(
      await cli.run(["provider", "peer", "remove", `0x${"ab".repeat(32)}`], { signer: 1 }),
      3,
      /peer 0xabab.* does not exist/,
    );
    expectFailure(await cli.run(["provider", "show", NOT_A_DEAL]), 3, /is not a registered provider/);
  });

  it("stops at too little allowance with exit 4 and sends nothing", async () => {
    const dev = chain.client(DEVELOPER);
    const nonce = await dev.publicClient.getTransactionCount({ address: dev.account!.address });
    const run = await cli.run(["deal", "create", ...dealFlags, "--deposit", "10"], { signer: DEVELOPER });
    expectFailure(run, 4, /error: token allowance too small: 0 approved, 10000000 needed/);
    expect(run.stderr).toMatch(/details: ERC20InsufficientAllowance\(.*\); pass --approve/);
    expect(await dev.publicClient.getTransactionCount({ address: dev.account!.address })).toBe(nonce);
  });

  it("stops at too little balance with exit 4, before approving", async () => {
    const broke = chain.client(BROKE);
    const nonce = await broke.publicClient.getTransactionCount({ address: broke.account!.address });
    expectFailure(
      await cli.run(["deal", "deposit", deal, "1", "--approve"], { signer: BROKE }),
      4,
      /token balance too small: 0 held, 1000000 needed/,
    );
    expectFailure(
      await cli.run(["deal", "create", ...dealFlags, "--deposit", "10", "--approve"], { signer: BROKE }),
      4,
      /balance too small/,
    );
    expect(await broke.publicClient.getTransactionCount({ address: broke.account!.address })).toBe(nonce);
  });

  it("refuses the wrong signer with exit 4", async () => {
    expectFailure(
      await cli.run(["deal", "stop", deal], { signer: STRANGER }),
      4,
      /is not the deal's owner\ndetails: NotOwner\(caller=0x/,
    );
    const json = await cli.run(["deal", "withdraw", deal, "1", "--json"], { signer: STRANGER });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: "CONTRACT",
        message: expect.stringMatching(/is not the deal's owner/),
        details: expect.any(String),
        errorName: "NotOwner",
        args: { caller: chain.client(STRANGER).account!.address },
      },
    });
  });

  it("fails fast with exit 5 when the RPC is unreachable", async () => {
    const started = Date.now();
    expectFailure(
      await cli.run(["--rpc", "http://127.0.0.1:1", "chain", "epoch"]),
      5,
      /the RPC at http:\/\/127.0.0.1:1 failed or is unreachable/,
    );
    const json = await cli.run(["chain", "params", "--json"], {
      env: { CLOUDLESS_RPC: "http://127.0.0.1:1", CLOUDLESS_DEPLOYMENT: undefined },
    });
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stderr).error.code).toBe("RPC");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a missing, malformed or foreign deployment record with exit 6", async () => {
    expectFailure(
      await cli.run(["--deployment", "missing.json", "chain", "epoch"]),
      6,
      /cannot read the deployment file .*missing\.json/,
    );
    writeFileSync(join(cli.dir, "empty.json"), "{}");
    expectFailure(
      await cli.run(["chain", "epoch"], { env: { CLOUDLESS_DEPLOYMENT: "empty.json" } }),
      6,
      /missing field "contracts"/,
    );
    const foreign = { ...JSON.parse(readFileSync(cli.deploymentFile, "utf8")), chainId: 1 };
    writeFileSync(join(cli.dir, "foreign.json"), JSON.stringify(foreign));
    expectFailure(
      await cli.run(["--deployment", "foreign.json", "chain", "epoch"]),
      6,
      /is for chain 1, but .* serves chain 31337/,
    );
  });

  it("needs a key for writes (exit 2) but not for reads", async () => {
    expectFailure(
      await cli.run(["provider", "register", "--name", "Keyless"]),
      2,
      /needs a key\ndetails: set CLOUDLESS_PRIVATE_KEY/,
    );
    expectFailure(await cli.run(["chain", "balance"]), 2, /give the account address, or configure a key/);
    expect((await cli.run(["deal", "show", deal])).code).toBe(0);
  });

  it("explains what is wrong with a deal file (exit 2)", async () => {
    const write = (name: string, body: unknown) => {
      writeFileSync(join(cli.dir, name), typeof body === "string" ? body : JSON.stringify(body));
      return name;
    };
    const good = { app: APP, minWorkers: 1, targetWorkers: 1, maxWorkersPerProvider: 1, price: "0.5", deposit: "10" };
    const create = (file: string, ...extra: string[]) =>
      cli.run(["deal", "create", "--file", file, ...extra], { signer: DEVELOPER });
    expectFailure(
      await create(write("unknown.json", { ...good, workers: 2 })),
      2,
      /unknown.json: unknown key "workers"\ndetails: allowed keys: app, minWorkers/,
    );
    expectFailure(
      await create(write("type.json", { ...good, minWorkers: "one" })),
      2,
      /type.json: "minWorkers" must be a whole number, got "one"/,
    );
    const { deposit: _, ...noDeposit } = good;
    expectFailure(await create(write("missing.json", noDeposit)), 2, /missing.json: missing "deposit"/);
    expectFailure(
      await create(write("access.json", { ...good, access: "everyone" })),
      2,
      /"access" must be "allowlist" or "denylist"/,
    );
    expectFailure(await create(write("cid.json", { ...good, app: "not-a-cid" })), 2, /unsupported CID "not-a-cid"/);
    expectFailure(await create(write("broken.json", "{ app: ")), 2, /broken.json is not valid JSON/);
    expectFailure(await create(write("list.json", [good])), 2, /list.json is not a JSON object/);
    expectFailure(await create("absent.json"), 2, /cannot read absent.json/);
    expectFailure(await create(write("mixed.json", good), "--price", "1"), 2, /--file cannot be combined with --price/);
    const dev = chain.client(DEVELOPER);
    const nonce = await dev.publicClient.getTransactionCount({ address: dev.account!.address });
    const created = await cli.json<{ deal: string }>(
      ["deal", "create", "--file", write("good.json", good), "--approve"],
      {
        signer: DEVELOPER,
      },
    );
    expect(created.deal).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(await dev.publicClient.getTransactionCount({ address: dev.account!.address })).toBe(nonce + 2);
  });

  it("prints errors as one JSON object on stderr with --json", async () => {
    const run = await cli.run(["deal", "show", NOT_A_DEAL, "--json"]);
    expect(run).toMatchObject({ code: 3, stdout: "" });
    expect(JSON.parse(run.stderr)).toEqual({
      error: { code: "NOT_FOUND", message: `${NOT_A_DEAL} is not a Cloudless deal`, details: expect.any(String) },
    });
    const usage = await cli.run(["deal", "--json"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toMatchObject({
      error: { code: "INPUT", message: "cloudless deal needs a command" },
    });
  });
});
