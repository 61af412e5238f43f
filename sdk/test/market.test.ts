import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContractError, InputError } from "../src/errors.ts";
import { startChain, type TestChain } from "./support/chain.ts";
import { ids } from "./support/ids.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await startChain();
});
afterAll(() => chain?.stop());

describe("market", () => {
  it("registers a provider and reads it back", async () => {
    const p = chain.client(1);
    const { events } = await p.market.registerProvider(
      "Acme",
      "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
    );
    expect(events.map((e) => e.eventName)).toEqual(["ProviderRegistered"]);
    const info = await p.market.getProvider(p.account!.address);
    expect(info.name).toBe("Acme");
    expect(info.metadataCid).toBe("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
  });

  it("decodes a second registration into ProviderAlreadyRegistered and sends nothing", async () => {
    const p = chain.client(1);
    const nonce = await p.publicClient.getTransactionCount({ address: p.account!.address });
    const err = await p.market.registerProvider("Acme").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    expect((err as ContractError).errorName).toBe("ProviderAlreadyRegistered");
    expect((err as ContractError).shortMessage).toMatch(/already registered/);
    expect(await p.publicClient.getTransactionCount({ address: p.account!.address })).toBe(nonce);
  });

  it("registers 1,000 CUs in several transactions that each fit the gas budget", async () => {
    const p = chain.client(1, { maxGasPerTx: 8_000_000n });
    const peers = ids.peers(10, 100, "a");
    const { offerId, results } = await p.market.createOffer({
      minPricePerUnit: 1_000n,
      paymentToken: chain.deployment.contracts.paymentToken,
      peers,
    });
    expect(results.length).toBeGreaterThan(1);
    for (const r of results) expect(r.receipt.gasUsed).toBeLessThanOrEqual(8_000_000n);
    const offer = await p.market.getOffer(offerId);
    expect(offer.peerCount).toBe(10);
    for (const peer of peers) expect((await p.market.getPeer(peer.peerId)).unitCount).toBe(100);
  });

  it("rejects bad input before sending", async () => {
    const p = chain.client(1);
    await expect(p.market.getOffer(999n)).rejects.toMatchObject({ code: "NOT_FOUND", errorName: "UnknownOffer" });
    await expect(p.market.getPeer("0x1234")).rejects.toBeInstanceOf(InputError);
    await expect(p.market.getProvider("0xnot-an-address" as `0x${string}`)).rejects.toBeInstanceOf(InputError);
  });
});
