// The devnet's tools never wait forever: a node that does not answer and a deploy script that does not finish both
// end in a clear error, and a deploy that failed in a way a second run may mend says so and is run again if asked.
import { rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { anvilRpc, freePort, repoRoot, startAnvil } from "../../src/devnet/anvil.ts";
import { deployProtocol } from "../../src/devnet/deploy.ts";
import { RpcError } from "../../src/errors.ts";
import { startFlakyProxy } from "../support/flaky-proxy.ts";

// accepts connections and never answers
let silent: Server;
let silentUrl: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe("limits", () => {
  it("gives up on a node that does not answer, naming the method and the wait", async () => {
    const started = Date.now();
    const call = anvilRpc(silentUrl, "eth_chainId", [], 200);
    await expect(call).rejects.toThrow(RpcError);
    await expect(call).rejects.toThrow(`eth_chainId: no answer from ${silentUrl} within 200 ms`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a node nobody listens on as a retryable RpcError", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    await expect(anvilRpc(url, "eth_chainId")).rejects.toMatchObject({
      code: "RPC",
      retryable: true,
      shortMessage: "eth_chainId failed",
    });
  });

  it("stops a deploy script that runs past its time limit, as a failure a retry may mend", async () => {
    const late = deployProtocol({ rpcUrl: silentUrl, file: `test-limit-${process.pid}.json`, timeoutMs: 1 });
    await expect(late).rejects.toThrow("the deploy script did not finish within 1 ms");
    await expect(late).rejects.toMatchObject({ code: "RPC", retryable: true });
  });

  it("runs a deploy again when it fails in a way a retry may mend, as many times as asked", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const late = deployProtocol({
        rpcUrl: silentUrl,
        file: `test-limit-${process.pid}.json`,
        timeoutMs: 1,
        attempts: 3,
      });
      await expect(late).rejects.toThrow("the deploy script did not finish within 1 ms");
      expect(warn.mock.calls.map(([line]) => String(line).split(":")[0])).toEqual([
        "deploy attempt 1 of 3 failed, trying again",
        "deploy attempt 2 of 3 failed, trying again",
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it("reports a deploy script that fails with the end of its output", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const failure = deployProtocol({ rpcUrl: url, file: `test-limit-${process.pid}.json` });
    await expect(failure).rejects.toThrow("the deploy script failed");
    await expect(failure).rejects.toMatchObject({
      code: "RPC",
      retryable: false,
      details: expect.stringMatching(/\S/),
    });
  }, 120_000);

  it("reports a deploy whose transactions the node refuses for a used nonce as a failure a retry may mend", async () => {
    const chainId = 31_400 + (process.pid % 500);
    const anvil = await startAnvil({ chainId });
    const proxy = await startFlakyProxy(anvil.rpcUrl, (m) =>
      m === "eth_sendRawTransaction" ? "nonce-too-low" : "none",
    );
    try {
      const failure = deployProtocol({ rpcUrl: proxy.url, file: `test-nonce-${process.pid}.json` });
      await expect(failure).rejects.toThrow("the deploy script failed");
      await expect(failure).rejects.toMatchObject({ retryable: true, details: expect.stringMatching(/nonce too low/) });
      expect(proxy.seen).toContain("eth_sendRawTransaction");
    } finally {
      await proxy.close();
      await anvil.stop();
      // forge's logs of the transactions it tried to send
      for (const dir of ["broadcast", "cache"])
        rmSync(join(repoRoot, dir, "Deploy.s.sol", String(chainId)), { recursive: true, force: true });
    }
  }, 120_000);
});
