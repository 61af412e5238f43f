import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RpcError } from "../src/errors.ts";
import { startChain, type TestChain } from "./support/chain.ts";
import { type Fault, startFlakyProxy } from "./support/flaky-proxy.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await startChain();
});
afterAll(() => chain?.stop());

const fast = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 };

async function through(fault: (method: string, index: number) => Fault) {
  const proxy = await startFlakyProxy(chain.rpcUrl, fault);
  const client = chain.client(1, { rpcUrl: proxy.url, retry: fast });
  return { proxy, client };
}

describe("retries", () => {
  it("retries a read through transient 503s and succeeds", async () => {
    const { proxy, client } = await through((m, i) => (m === "eth_call" && i < 2 ? "503" : "none"));
    try {
      expect((await client.epochs.params()).minProofsPerEpoch).toBe(3);
      expect(proxy.seen.filter((m) => m === "eth_call")).toHaveLength(3);
    } finally {
      await proxy.close();
    }
  });

  it("re-sends the same signed bytes when a send's response is lost: one transaction, not two", async () => {
    const { proxy, client } = await through((m, i) =>
      m === "eth_sendRawTransaction" && i === 0 ? "lose-response" : "none",
    );
    try {
      const address = client.account!.address;
      const nonce = await chain.client(1).publicClient.getTransactionCount({ address });
      const { receipt } = await client.market.registerProvider("Retry Compute");
      expect(receipt.status).toBe("success");
      expect(proxy.seen.filter((m) => m === "eth_sendRawTransaction")).toHaveLength(2);
      expect(await chain.client(1).publicClient.getTransactionCount({ address })).toBe(nonce + 1);
    } finally {
      await proxy.close();
    }
  });

  it("gives up after the configured retries with a retryable RpcError, telling onRetry of each", async () => {
    const told: number[] = [];
    const proxy = await startFlakyProxy(chain.rpcUrl, () => "503");
    const client = chain.client(1, { rpcUrl: proxy.url, retry: { ...fast, onRetry: (_, n) => told.push(n) } });
    try {
      const err = await client.epochs.params().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcError);
      expect((err as RpcError).retryable).toBe(true);
      expect(proxy.seen).toHaveLength(1 + fast.retries);
      expect(told).toEqual([1, 2, 3]);
    } finally {
      await proxy.close();
    }
  });

  it("reports an unreachable RPC quickly and clearly", async () => {
    const client = chain.client(1, { rpcUrl: "http://127.0.0.1:1", retry: fast });
    const started = Date.now();
    const err = await client.market.registerProvider("Nobody").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).shortMessage).toMatch(/127\.0\.0\.1:1 failed or is unreachable/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("does not retry a revert", async () => {
    const { proxy, client } = await through(() => "none");
    try {
      await expect(client.market.getOffer(12345n)).rejects.toMatchObject({ errorName: "UnknownOffer" });
      expect(proxy.seen.filter((m) => m === "eth_call")).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it("turns a node's own error into an RpcError naming the method", async () => {
    await expect(chain.anvil.rpc("no_such_method")).rejects.toThrow(RpcError);
    await expect(chain.anvil.rpc("no_such_method")).rejects.toThrow(/no_such_method/);
  });
});
