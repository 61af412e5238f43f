import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DealSpec } from "../src/contracts/deals.ts";
import { ContractError, InputError, NotFoundError } from "../src/errors.ts";
import { startChain, type TestChain } from "./support/chain.ts";
import { activeProvider } from "./support/market.ts";

let chain: TestChain;
const tUSD = (v: string) => parseUnits(v, 6);
const APP = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
let spec: DealSpec;

beforeAll(async () => {
  chain = await startChain();
  spec = {
    appCid: APP,
    minWorkers: 1n,
    targetWorkers: 2n,
    maxWorkersPerProvider: 1n,
    pricePerWorkerEpoch: tUSD("1"),
    paymentToken: chain.deployment.contracts.paymentToken,
    deposit: tUSD("10"),
  };
  const developer = chain.client(3);
  await developer.tokens.mint(spec.paymentToken, developer.account!.address, tUSD("100"));
});
afterAll(() => chain?.stop());

async function nonceOf(index: number) {
  const c = chain.client(index);
  return c.publicClient.getTransactionCount({ address: c.account!.address });
}

describe("deals", () => {
  it("refuses a deal when the allowance is too small, sending nothing", async () => {
    const before = await nonceOf(3);
    const err = await chain
      .client(3)
      .deals.create(spec)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    expect((err as ContractError).errorName).toBe("ERC20InsufficientAllowance");
    expect((err as ContractError).shortMessage).toMatch(/allowance too small: 0 approved, 10000000 needed/);
    expect(await nonceOf(3)).toBe(before);
  });

  it("refuses a deal the balance cannot pay, sending nothing", async () => {
    const poor = chain.client(7);
    await poor.tokens.approve(spec.paymentToken, chain.deployment.contracts.dealFactory, tUSD("10"));
    const before = await nonceOf(7);
    const err = await poor.deals.create(spec).catch((e: unknown) => e);
    expect((err as ContractError).errorName).toBe("ERC20InsufficientBalance");
    expect(await nonceOf(7)).toBe(before);
  });

  it("refuses a deposit below the floor with the required amount", async () => {
    const err = await chain
      .client(3)
      .deals.create({ ...spec, deposit: tUSD("3") }, { approve: true })
      .catch((e: unknown) => e);
    expect((err as ContractError).errorName).toBe("DepositTooSmall");
    expect((err as ContractError).shortMessage).toBe("deposit 3000000 is below the required 4000000");
  });

  it.each([
    [{ minWorkers: 3n }, /minWorkers 3 must be between 1 and targetWorkers 2/],
    [{ maxWorkersPerProvider: 0n }, /maxWorkersPerProvider 0/],
    [{ pricePerWorkerEpoch: 0n }, /price per worker per epoch must be greater than zero/],
    [{ paymentToken: "0x12" as Address }, /payment token "0x12" is not an address/],
    [{ appCid: "not-a-cid" }, /unsupported CID/],
  ])("rejects bad terms before any call: %o", async (change, message) => {
    await expect(chain.client(3).deals.create({ ...spec, ...change })).rejects.toThrow(message);
    await expect(chain.client(3).deals.create({ ...spec, ...change })).rejects.toBeInstanceOf(InputError);
  });

  it("reports an unknown deal as not found", async () => {
    const stranger = chain.deployment.contracts.market;
    await expect(chain.client(3).deals.get(stranger)).rejects.toBeInstanceOf(NotFoundError);
    await expect(chain.client(3).deals.deposit(stranger, 1n)).rejects.toThrow(/is not a Cloudless deal/);
  });

  it("refuses the wrong signer with the deal's custom error", async () => {
    const { deal } = await chain.client(3).deals.create(spec, { approve: true });
    const before = await nonceOf(4);
    const err = await chain
      .client(4)
      .deals.stop(deal)
      .catch((e: unknown) => e);
    expect((err as ContractError).errorName).toBe("NotOwner");
    expect((err as ContractError).shortMessage).toMatch(/is not the deal's owner/);
    expect(await nonceOf(4)).toBe(before);
    await expect(chain.client(3).deals.withdraw(deal, tUSD("100"))).rejects.toMatchObject({
      errorName: "WithdrawalTooLarge",
    });
    // an owner withdraws to another address, and only the owner may
    await chain.client(3).deals.deposit(deal, tUSD("1"), { approve: true });
    const elsewhere = chain.client(5).account!.address;
    const held = await chain.client(3).tokens.balanceOf(spec.paymentToken, elsewhere);
    await chain.client(3).deals.withdraw(deal, tUSD("1"), elsewhere);
    expect(await chain.client(3).tokens.balanceOf(spec.paymentToken, elsewhere)).toBe(held + tUSD("1"));
    await expect(chain.client(4).deals.withdraw(deal, 1n, elsewhere)).rejects.toMatchObject({ errorName: "NotOwner" });
    await expect(chain.client(3).deals.withdraw(deal, 1n, "0x12" as Address)).rejects.toBeInstanceOf(InputError);
    await expect(chain.client(4).deals.claimProviderPay(deal, elsewhere)).rejects.toMatchObject({
      errorName: "NothingToClaim",
    });
  });

  it("proposes candidates cheapest first within the deal's price, one per peer and provider cap", async () => {
    const cheap = await activeProvider(chain, 1, "cheap", 2, 2, tUSD("0.5"));
    const dear = await activeProvider(chain, 2, "dear", 1, 2, tUSD("2"));
    await chain.nextEpoch();
    const { deal } = await chain.client(3).deals.create(spec, { approve: true });
    const candidates = await chain.client(3).matching.findCandidates(deal);
    // maxWorkersPerProvider is 1 and the dear offer is above the price: one CU of the cheap provider
    expect(candidates).toHaveLength(1);
    expect(cheap.units).toContain(candidates[0]!.unitId);
    expect(dear.units).not.toContain(candidates[0]!.unitId);
    const outcome = await chain
      .client(3)
      .matching.match(deal, [candidates[0]!.unitId, dear.units[0]!, cheap.units[3]!]);
    expect(outcome.matched.map((m) => m.unitId)).toEqual([candidates[0]!.unitId]);
    expect(outcome.skipped).toEqual([
      { unitId: dear.units[0], reason: "PriceTooHigh" },
      { unitId: cheap.units[3], reason: "ProviderCapReached" },
    ]);
    expect(await chain.client(3).matching.findCandidates(deal)).toEqual([]);
  });
});
