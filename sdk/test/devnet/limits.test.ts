// The devnet's tools never wait forever: a node that does not answer and a deploy script that does not finish both
// end in a clear error.
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anvilRpc, freePort } from "../../src/devnet/anvil.ts";
import { deployProtocol } from "../../src/devnet/deploy.ts";
import { RpcError } from "../../src/errors.ts";

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
});
