import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { marketAbi } from "../src/contracts/abis.ts";
import { peerIdOf, unitIdOf } from "../src/contracts/ids.ts";
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
    const { offerId, results, peers } = await p.market.createOffer({
      minPricePerUnit: 1_000n,
      paymentToken: chain.deployment.contracts.paymentToken,
      peers: ids.peers(10, 100, "a"),
    });
    expect(results.length).toBeGreaterThan(1);
    for (const r of results) expect(r.receipt.gasUsed).toBeLessThanOrEqual(8_000_000n);
    const offer = await p.market.getOffer(offerId);
    expect(offer.peerCount).toBe(10);
    for (const peer of peers) expect((await p.market.getPeer(peer.peerId)).unitCount).toBe(100);
  });

  it("returns the ids the market gives peers and CUs, scoped by provider and peer", async () => {
    const p = chain.client(2);
    await p.market.registerProvider("Scoped");
    const [spec] = ids.peers(1, 2, "scoped");
    const { offerId, peers } = await p.market.createOffer({
      minPricePerUnit: 1_000n,
      paymentToken: chain.deployment.contracts.paymentToken,
      peers: [spec!],
    });
    const [peer] = peers;
    expect(peer).toMatchObject({ publicKey: spec!.publicKey, operator: p.account!.address });
    expect(peer!.peerId).toBe(peerIdOf(p.account!.address, spec!.publicKey));
    const onChain = await p.publicClient.readContract({
      address: p.market.address,
      abi: marketAbi,
      functionName: "peerIdOf",
      args: [p.account!.address, spec!.publicKey],
    });
    expect(peer!.peerId).toBe(onChain);
    for (const unitId of peer!.unitIds) expect((await p.market.getUnit(unitId)).peerId).toBe(peer!.peerId);
    expect((await p.market.getPeer(peer!.peerId)).offerId).toBe(offerId);

    const [label] = ids.peers(1, 1, "scoped-more")[0]!.unitLabels;
    const { unitIds } = await p.market.addUnits(peer!.peerId, [label!]);
    expect(unitIds).toEqual([unitIdOf(peer!.peerId, label!)]);
    expect((await p.market.getUnit(unitIds[0]!)).peerId).toBe(peer!.peerId);
    // the same key under another provider is another peer
    const other = chain.client(3);
    await other.market.registerProvider("Other");
    const { peers: theirs } = await other.market.createOffer({
      minPricePerUnit: 1_000n,
      paymentToken: chain.deployment.contracts.paymentToken,
      peers: [spec!],
    });
    expect(theirs[0]!.peerId).not.toBe(peer!.peerId);
    expect((await other.market.getPeer(theirs[0]!.peerId)).unitCount).toBe(2);
    await expect(p.market.addUnits(peer!.peerId, [label!, label!])).rejects.toBeInstanceOf(InputError);
  });

  it("rejects bad input before sending", async () => {
    const p = chain.client(1);
    await expect(p.market.getOffer(999n)).rejects.toMatchObject({ code: "NOT_FOUND", errorName: "UnknownOffer" });
    await expect(p.market.getPeer("0x1234")).rejects.toBeInstanceOf(InputError);
    await expect(p.market.getProvider("0xnot-an-address" as `0x${string}`)).rejects.toBeInstanceOf(InputError);
  });
});
