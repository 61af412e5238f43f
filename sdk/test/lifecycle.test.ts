// The whole life cycle through the SDK on a real anvil: a provider commits, proves across epochs, earns and
// withdraws rewards; a developer creates, funds and matches a deal, workers are registered, epochs are billed,
// the provider claims, the developer stops the deal and withdraws the rest.
import { parseEther, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventsOf } from "../src/tx.ts";
import { startChain, type TestChain } from "./support/chain.ts";
import { ids } from "./support/ids.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await startChain();
});
afterAll(() => chain?.stop());

const tUSD = (v: string) => parseUnits(v, 6);

describe("life cycle", () => {
  it("runs a provider and a deal from registration to withdrawal", async () => {
    const owner = chain.client(0);
    const provider = chain.client(1);
    const delegator = chain.client(2);
    const developer = chain.client(3);
    const { stakingToken, paymentToken, capacity } = chain.deployment.contracts;

    // the reward pool
    await owner.tokens.mint(stakingToken, owner.account!.address, parseEther("100000"));
    await owner.tokens.approve(stakingToken, capacity, parseEther("100000"));
    await owner.capacity.fundRewards(parseEther("100000"));

    // a provider with two peers of two CUs, each peer committed with a delegator's collateral
    await provider.market.registerProvider("Life Cycle Compute");
    const {
      offerId,
      peers: [peerA, peerB],
    } = await provider.market.createOffer({
      minPricePerUnit: tUSD("1"),
      paymentToken,
      peers: ids.peers(2, 2, "life"),
    });
    expect((await provider.market.getOffer(offerId)).peerCount).toBe(2);
    const commitments: bigint[] = [];
    for (const peer of [peerA!, peerB!]) {
      const { commitmentId } = await provider.capacity.createCommitment({
        peerId: peer.peerId,
        duration: 10n,
        delegator: delegator.account!.address,
        delegatorShareBps: 2_000n,
      });
      commitments.push(commitmentId);
    }
    await delegator.tokens.mint(stakingToken, delegator.account!.address, parseEther("400"));
    for (const id of commitments) {
      const { amount } = await delegator.capacity.depositCollateral(id, { approve: true });
      expect(amount).toBe(parseEther("200"));
      expect((await provider.capacity.getCommitment(id)).status).toBe("WaitStart");
    }

    // active from the next epoch; prove three epochs
    const start = await chain.nextEpoch();
    expect((await provider.capacity.getCommitment(commitments[0]!)).status).toBe("Active");
    const units = [...peerA!.unitIds, ...peerB!.unitIds];
    for (let e = 0; e < 3; e++) {
      const { proofs, epoch } = await provider.prove(units);
      expect(epoch).toBe(start + BigInt(e));
      expect(proofs.length).toBe(units.length * 3);
      await chain.nextEpoch();
    }
    await provider.prove(units); // settles the earlier epochs
    const earned = await provider.capacity.getCommitment(commitments[0]!);
    expect(earned.rewardsEarned).toBeGreaterThan(0n);
    expect(earned.providerWithdrawable).toBeGreaterThan(0n);
    const before = await provider.tokens.balanceOf(stakingToken, provider.account!.address);
    const { amount: withdrawn } = await provider.capacity.withdrawRewards(commitments[0]!);
    expect(withdrawn).toBe(earned.providerWithdrawable);
    expect(await provider.tokens.balanceOf(stakingToken, provider.account!.address)).toBe(before + withdrawn);
    // the module holds exactly what it owes: no surplus to sweep, and no collateral held back to withdraw
    expect(await provider.tokens.balanceOf(stakingToken, capacity)).toBe(await provider.capacity.liabilities());
    await expect(owner.capacity.sweepSurplus()).rejects.toMatchObject({
      errorName: "NoSurplus",
      message: expect.stringMatching(/no surplus to sweep/),
    });
    await expect(delegator.capacity.withdrawCollateral(commitments[0]!)).rejects.toMatchObject({
      errorName: "NothingToWithdraw",
    });
    await owner.tokens.mint(stakingToken, capacity, 5n);
    const swept = await owner.capacity.sweepSurplus();
    expect(eventsOf(swept, "SurplusSwept")[0]!.args.amount).toBe(5n);

    // a developer's deal, matched to one CU of each peer
    await developer.tokens.mint(paymentToken, developer.account!.address, tUSD("1000"));
    const { deal } = await developer.deals.create(
      {
        appCid: "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
        minWorkers: 1n,
        targetWorkers: 2n,
        maxWorkersPerProvider: 2n,
        pricePerWorkerEpoch: tUSD("1.5"),
        paymentToken,
        deposit: tUSD("30"),
      },
      { approve: true },
    );
    expect(await developer.deals.list(developer.account!.address)).toEqual([deal]);
    const candidates = await developer.matching.findCandidates(deal);
    expect(candidates.map((c) => c.peerId).sort()).toEqual([peerA!.peerId, peerB!.peerId].sort());
    const outcome = await developer.matching.match(deal, [
      candidates[0]!.unitId,
      candidates[0]!.unitId,
      candidates[1]!.unitId,
    ]);
    expect(outcome.matched).toHaveLength(2);
    expect(outcome.skipped).toEqual([{ unitId: candidates[0]!.unitId, reason: "PeerInDeal" }]);
    expect((await developer.deals.get(deal)).status).toBe("Active");

    for (const c of candidates) {
      const set = await provider.deals.setWorker(deal, c.unitId, ids.id(`worker/${c.unitId}`));
      expect(eventsOf(set, "WorkerSet")).toHaveLength(1);
    }
    const workers = await developer.deals.workers(deal);
    expect(workers.map((w) => w.workerId).sort()).toEqual(candidates.map((c) => ids.id(`worker/${c.unitId}`)).sort());

    // two epochs billed at 2 workers x 1.5
    await chain.nextEpoch();
    await chain.nextEpoch();
    const pay = await provider.deals.providerPay(deal, provider.account!.address);
    expect(pay.due).toBe(tUSD("6"));
    const { amount: claimed } = await provider.deals.claimProviderPay(deal);
    expect(claimed).toBe(tUSD("6"));
    expect(await provider.tokens.balanceOf(paymentToken, provider.account!.address)).toBe(tUSD("6"));

    // the developer stops the deal and takes the rest back
    await developer.deals.stop(deal);
    const info = await developer.deals.get(deal);
    expect(info.status).toBe("Ended");
    const rest = info.billing.balance;
    await developer.deals.withdraw(deal, rest);
    expect(await developer.tokens.balanceOf(paymentToken, developer.account!.address)).toBe(
      tUSD("1000") - tUSD("30") + rest,
    );
    expect(await developer.tokens.balanceOf(paymentToken, deal)).toBe(0n);
    expect(rest + claimed).toBe(tUSD("30"));
  });
});
