// Offers and peers through the CLI (flags and offer.json), and the chain commands' output.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effectorId } from "../../src/cid.ts";
import { peerIdOf } from "../../src/contracts/ids.ts";
import { startChain, type TestChain } from "../support/chain.ts";
import { ids } from "../support/ids.ts";
import { type CliHarness, cliFor } from "./support/run.ts";

const PROVIDER = 7;
const CURL = "bafkreigph22wbqxqnkkaqgsylgwrjx5zbcasvvjceuwmb56p5igbpm6e2y";
const IPFS = "bafkreihafi3t4haj2db2bwh4dpuvgouseoextumawnvfkpugnttti55c4m";

let chain: TestChain;
let cli: CliHarness;
beforeAll(async () => {
  chain = await startChain();
  cli = cliFor(chain);
});
afterAll(() => chain?.stop());

interface OfferView {
  offerId: string;
  minPricePerUnit: string;
  paymentToken: string;
  effectors: string[];
  peers: { peerId: string; operator: string; unitIds: string[] }[];
}

describe("offers and peers", () => {
  it("creates an offer from a file, changes it, moves peers, and removes it", async () => {
    await cli.run(["provider", "register", "--name", "Files Inc"], { signer: PROVIDER });
    const [a, b, c] = ids.peers(3, 2, "cli-market");
    const [idA, idB, idC] = [a!, b!, c!].map((p) => peerIdOf(chain.client(PROVIDER).account!.address, p.publicKey));
    const operator = chain.client(8).account!.address;
    writeFileSync(
      join(cli.dir, "offer.json"),
      JSON.stringify({
        price: "0.25",
        effectors: [CURL],
        peers: [
          { publicKey: a!.publicKey, units: a!.unitLabels, operator },
          { publicKey: b!.publicKey, units: 3 },
        ],
      }),
    );
    const created = await cli.json<{ offerId: string }>(["provider", "offer", "create", "--file", "offer.json"], {
      signer: PROVIDER,
    });
    const offerId = created.offerId;

    const shown = await cli.json<OfferView>(["provider", "offer", "show", offerId]);
    expect(shown).toMatchObject({ minPricePerUnit: "250000", effectors: [effectorId(CURL)] });
    expect(shown.peers.map((p) => [p.peerId, p.operator, p.unitIds.length])).toEqual([
      [idA, operator, 2],
      [idB, chain.client(PROVIDER).account!.address, 3],
    ]);

    const updated = await cli.json(
      [
        "provider",
        "offer",
        "update",
        offerId,
        "--price",
        "raw:300000",
        "--add-effector",
        IPFS,
        "--remove-effector",
        CURL,
      ],
      {
        signer: PROVIDER,
      },
    );
    expect(updated).toMatchObject({ minPricePerUnit: "300000" });
    expect((await cli.json<OfferView>(["provider", "offer", "show", offerId])).effectors).toEqual([effectorId(IPFS)]);

    expect(
      (await cli.run(["provider", "peer", "add", offerId, "--peer", `${c!.publicKey}:1`], { signer: PROVIDER })).code,
    ).toBe(0);
    const blocked = await cli.run(["provider", "offer", "remove", offerId], { signer: PROVIDER });
    expect(blocked.code).toBe(4);
    expect(blocked.stderr).toMatch(/still has 3 peers: remove them first/);

    for (const peerId of [idA, idB, idC]) {
      const removed = await cli.run(["provider", "peer", "remove", peerId!], { signer: PROVIDER });
      expect(removed.code, removed.stderr).toBe(0);
    }
    expect((await cli.json<OfferView>(["provider", "offer", "show", offerId])).peers).toEqual([]);
    expect((await cli.run(["provider", "offer", "remove", offerId], { signer: PROVIDER })).code).toBe(0);
    expect((await cli.run(["provider", "offer", "show", offerId])).code).toBe(3);
  });

  it("checks offer flags and files before sending", async () => {
    const create = (...args: string[]) => cli.run(["provider", "offer", "create", ...args], { signer: PROVIDER });
    expect((await create("--peer", `${ids.id("x")}:2`)).stderr).toMatch(/needs --price and at least one --peer/);
    expect((await create("--price", "1", "--peer", ids.id("x"))).stderr).toMatch(/is not <publicKey>:<unitCount>/);
    writeFileSync(
      join(cli.dir, "bad-offer.json"),
      JSON.stringify({ price: "1", peers: [{ publicKey: ids.id("y"), units: 1, cu: [] }] }),
    );
    const bad = await create("--file", "bad-offer.json");
    expect(bad).toMatchObject({ code: 2, stdout: "" });
    expect(bad.stderr).toMatch(/bad-offer.json: peers\[0\]: unknown key "cu"/);
    const update = await cli.run(["provider", "offer", "update", "1"], { signer: PROVIDER });
    expect(update.code).toBe(2);
    expect(update.stderr).toMatch(/nothing to update/);
  });
});

describe("chain", () => {
  it("shows the epoch, the parameters and balances", async () => {
    const epoch = await cli.json<{ epoch: string; secondsLeft: string; duration: string }>(["chain", "epoch"]);
    expect(epoch.duration).toBe("30");
    expect(Number(epoch.secondsLeft)).toBeLessThanOrEqual(30);
    const params = await cli.json(["chain", "params"]);
    expect(params).toMatchObject({
      collateralPerUnit: "100000000000000000000",
      minCommitmentDuration: 5,
      minDealDepositEpochs: 2,
      minProofsPerEpoch: 3,
    });
    const text = await cli.run(["chain", "params"]);
    expect(text.stdout).toMatch(/collateral per CU\s+100 CLS/);
    const address = chain.client(9).account!.address;
    const balance = await cli.json(["chain", "balance", address]);
    expect(balance).toEqual({
      address,
      eth: "10000000000000000000000",
      tokens: [
        { address: chain.deployment.contracts.stakingToken, symbol: "CLS", decimals: 18, balance: "0" },
        { address: chain.deployment.contracts.paymentToken, symbol: "tUSD", decimals: 6, balance: "0" },
      ],
    });
  });
});
