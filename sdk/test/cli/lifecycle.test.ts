// The provider and deal life cycles driven only through the CLI, against a real anvil with the protocol deployed.
import { type Hex, parseEther, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { peerIdOf, unitIdOf } from "../../src/contracts/ids.ts";
import { startChain, type TestChain } from "../support/chain.ts";
import { ids } from "../support/ids.ts";
import { type CliHarness, cliFor } from "./support/run.ts";

const PROVIDER = 1;
const DEVELOPER = 2;
const APP = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

let chain: TestChain;
let cli: CliHarness;
const [peerA, peerB] = ids.peers(2, 2, "cli-life");
/** The ids the market gives the two peers (scoped by the provider) and peer B's CUs (by their labels). */
let idA: Hex;
let idB: Hex;
let unitsB: Hex[];

beforeAll(async () => {
  chain = await startChain();
  cli = cliFor(chain);
  const provider = chain.client(PROVIDER).account!.address;
  idA = peerIdOf(provider, peerA!.publicKey);
  idB = peerIdOf(provider, peerB!.publicKey);
  unitsB = peerB!.unitLabels.map((label) => unitIdOf(idB, label));
  const { stakingToken, paymentToken } = chain.deployment.contracts;
  const owner = chain.client(0);
  await owner.tokens.mint(stakingToken, chain.client(PROVIDER).account!.address, parseEther("1000"));
  await owner.tokens.mint(paymentToken, chain.client(DEVELOPER).account!.address, parseUnits("100", 6));
  // a reward reserve, so that proofs earn something
  await owner.tokens.mint(stakingToken, owner.account!.address, parseEther("10000"));
  await owner.tokens.approve(stakingToken, owner.capacity.address, parseEther("10000"));
  await owner.capacity.fundRewards(parseEther("10000"));
});
afterAll(() => chain?.stop());

type Json = Record<string, unknown>;

describe("cloudless CLI life cycle", () => {
  let unitsA: string[] = [];
  let deal = "";

  it("takes a provider from registration to proven capacity and rewards", async () => {
    const registered = await cli.run(["provider", "register", "--name", "Acme", "--metadata", APP], {
      signer: PROVIDER,
    });
    expect(registered).toMatchObject({ code: 0 });
    expect(registered.stdout).toMatch(/registered provider 0x[0-9a-fA-F]{40} as "Acme"/);
    expect(registered.stderr).toMatch(/… sent registerProvider 0x[0-9a-f]{64}, waiting for receipt/);

    const offer = await cli.json<{ offerId: string; peers: { peerId: string; unitIds: string[] }[] }>(
      [
        "provider",
        "offer",
        "create",
        "--price",
        "0.5",
        "--peer",
        `${peerA!.publicKey}:2`,
        "--peer",
        `${peerB!.publicKey}:${peerB!.unitLabels.join(",")}`,
      ],
      { signer: PROVIDER },
    );
    expect(offer.offerId).toBe("1");
    expect(offer.peers.map((p) => p.peerId)).toEqual([idA, idB]);
    expect(offer.peers[1]!.unitIds).toEqual(unitsB);
    unitsA = offer.peers[0]!.unitIds;
    expect(unitsA).toHaveLength(2);

    const shown = await cli.run(["provider", "offer", "show", "1"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("0.5 tUSD per CU-epoch");
    for (const u of [...unitsA, ...unitsB]) expect(shown.stdout).toContain(u);

    const commitment = await cli.json(
      ["provider", "commitment", "create", "--peer", idA, "--duration", "6", "--share-bps", "2000"],
      {
        signer: PROVIDER,
      },
    );
    expect(commitment).toMatchObject({
      commitmentId: "1",
      unitCount: "2",
      collateral: parseEther("200").toString(),
      status: "WaitDelegation",
    });

    const deposited = await cli.run(["provider", "collateral", "deposit", "1", "--approve"], { signer: PROVIDER });
    expect(deposited.code).toBe(0);
    expect(deposited.stdout).toContain("200 CLS");
    expect(deposited.stderr).toMatch(/sent approve[\s\S]*sent depositCollateral/);

    await chain.nextEpoch();
    expect(await cli.json(["provider", "commitment", "show", "1"])).toMatchObject({
      status: "Active",
      activeUnits: "2",
    });

    const proved = await cli.json<{ units: { unitId: string; proofs: number }[] }>(
      ["provider", "prove", "--unit", ...unitsA],
      {
        signer: PROVIDER,
      },
    );
    expect(proved.units.map((u) => u.proofs)).toEqual([3, 3]);

    await chain.nextEpoch();
    const rewards = await cli.json<Json>(["provider", "rewards", "show", "1"]);
    expect(BigInt(rewards.rewardsEarned as string)).toBeGreaterThan(0n);
    const text = await cli.run(["provider", "rewards", "show", "1"]);
    expect(text.stdout).toMatch(/rewards earned\s+\d[\d.]* CLS/);

    const overview = await cli.json<{ offers: unknown[]; commitments: { status: string }[] }>(["provider", "show"], {
      signer: PROVIDER,
    });
    expect(overview.offers).toHaveLength(1);
    expect(overview.commitments).toEqual([expect.objectContaining({ commitmentId: "1", status: "Active" })]);
  });

  it("runs a deal from creation to withdrawal", async () => {
    const created = await cli.json<{ deal: string }>(
      [
        "deal",
        "create",
        "--app",
        APP,
        "--min-workers",
        "1",
        "--target-workers",
        "2",
        "--max-per-provider",
        "2",
        "--price",
        "0.5",
        "--deposit",
        "10",
        "--approve",
      ],
      { signer: DEVELOPER },
    );
    deal = created.deal;
    expect(deal).toMatch(/^0x[0-9a-fA-F]{40}$/);

    // candidates from the chain: one CU per peer, and only peer A is committed
    const matched = await cli.json<{ matched: { unitId: string }[]; skipped: unknown[] }>(["deal", "match", deal], {
      signer: DEVELOPER,
    });
    expect(matched.matched).toHaveLength(1);
    const unit = matched.matched[0]!.unitId;
    expect(unitsA).toContain(unit);
    const other = unitsA.find((u) => u !== unit)!;

    const none = await cli.json<{ matched: unknown[]; transactions: unknown[] }>(["deal", "match", deal], {
      signer: DEVELOPER,
    });
    expect(none).toMatchObject({ matched: [], transactions: [] });

    const explained = await cli.run(["deal", "match", deal, "--unit", other, unitsB[0]!], {
      signer: DEVELOPER,
    });
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain("matched 0 of 2 CU(s)");
    expect(explained.stdout).toMatch(new RegExp(`${other}\\s+PeerInDeal`));
    expect(explained.stdout).toMatch(new RegExp(`${unitsB[0]}\\s+CommitmentNotActive`));

    const shown = await cli.run(["deal", "show", deal]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/balance\s+10 tUSD/);
    expect(shown.stdout).toMatch(/runway\s+10 epochs/);
    expect(shown.stdout).toContain("0 registered, 1 CUs matched");

    const topped = await cli.json(["deal", "deposit", deal, "5", "--approve"], { signer: DEVELOPER });
    expect(topped).toMatchObject({ amount: "5000000", balance: "15000000" });

    const before = await cli.json<{ workers: { unitId: string; workerId: string | null }[] }>([
      "deal",
      "workers",
      deal,
    ]);
    expect(before.workers).toEqual([expect.objectContaining({ unitId: unit, workerId: null })]);

    const worker = ids.id("cli-life/worker");
    expect((await cli.run(["deal", "set-worker", deal, unit, worker], { signer: PROVIDER })).code).toBe(0);
    const workers = await cli.run(["deal", "workers", deal]);
    expect(workers.stdout).toContain(worker);

    await chain.nextEpoch();
    const claimed = await cli.json(["deal", "claim", deal, "--unit", unit], { signer: PROVIDER });
    expect(claimed).toMatchObject({ amount: "500000" });

    expect((await cli.run(["deal", "stop", deal], { signer: DEVELOPER })).code).toBe(0);
    const withdrawn = await cli.json<{ amount: string; balance: string }>(["deal", "withdraw", deal, "all"], {
      signer: DEVELOPER,
    });
    expect(withdrawn.balance).toBe("0");
    expect(BigInt(withdrawn.amount)).toBeGreaterThan(0n);

    const ended = await cli.json(["deal", "show", deal]);
    expect(ended).toEqual({
      address: deal,
      owner: chain.client(DEVELOPER).account!.address,
      status: "Ended",
      runway: "0",
      balance: "0",
      minBalance: "2000000",
      units: "1",
      workers: 1,
      paidEpochs: 1,
      endEpoch: expect.any(Number),
      appCid: APP,
      effectors: [],
      accessMode: "None",
      terms: {
        paymentToken: chain.deployment.contracts.paymentToken,
        pricePerWorkerEpoch: "500000",
        minWorkers: "1",
        targetWorkers: "2",
        maxWorkersPerProvider: "2",
        minDepositEpochs: "2",
        openToSelfMatching: false,
        rejoinDelay: "2",
      },
      token: { address: chain.deployment.contracts.paymentToken, symbol: "tUSD", decimals: 6 },
    });
    const listed = await cli.json<{ deals: { address: string }[] }>([
      "deal",
      "list",
      "--owner",
      chain.client(DEVELOPER).account!.address,
    ]);
    expect(listed.deals.map((d) => d.address)).toEqual([deal]);
  });

  it("withdraws vested rewards", async () => {
    // keep the commitment proving while its rewards vest (the prover skips a CU still held by a deal)
    for (let i = 0; i < 2; i++) {
      await chain.nextEpoch();
      expect((await cli.run(["provider", "prove", "--unit", ...unitsA], { signer: PROVIDER })).code).toBe(0);
    }
    // the provider deposited the collateral itself, so it is the delegator too and takes both shares
    const before = await cli.json<Record<string, string>>(["provider", "rewards", "show", "1"]);
    const due = BigInt(before.providerWithdrawable!) + BigInt(before.delegatorWithdrawable!);
    expect(due).toBeGreaterThan(0n);
    const withdrawn = await cli.json<{ amount: string }>(["provider", "rewards", "withdraw", "1"], {
      signer: PROVIDER,
    });
    expect(withdrawn.amount).toBe(due.toString());
  });
});
