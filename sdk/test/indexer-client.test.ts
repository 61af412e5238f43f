// The indexer client's parsing and error model against a small HTTP server that answers as the indexer would
// (the endpoints themselves are tested against a real indexer in indexer/test/api-*.test.ts).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/devnet/anvil.ts";
import { InputError, NotFoundError, RpcError } from "../src/errors.ts";
import { createIndexerClient } from "../src/indexer/client.ts";

const DEAL = "0x9bd03768a7dcc129555de410ff8e85528a4f88b5";
const fast = { retries: 2, baseDelayMs: 1, maxDelayMs: 2 };

let server: Server;
let url: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === "/status/lag")
      return json(200, {
        chainId: 31337,
        ready: true,
        indexed: { block: "12", timestamp: "1795334837", epoch: "3" },
        head: { block: "14", timestamp: "1795334841" },
        lag: { blocks: "2", seconds: "4" },
      });
    if (path === `/deals/${DEAL}/candidates?limit=1`)
      return json(200, {
        deal: DEAL,
        block: "12",
        epoch: "3",
        needed: "2",
        candidates: [
          { unitId: "0x01", peerId: "0x02", provider: "0x03", offerId: "7", minPricePerUnit: "1000000000000000000000" },
        ],
      });
    if (path.startsWith("/deals/0x0000000000000000000000000000000000000001/"))
      return json(404, { error: { code: "NOT_FOUND", message: "deal 0x…01 is not indexed" } });
    if (path.startsWith("/deals/0x0000000000000000000000000000000000000002/"))
      return json(400, { error: { code: "INPUT", message: 'limit "0" is not an integer from 1 to 10000' } });
    if (path.startsWith("/deals/0x0000000000000000000000000000000000000003/")) {
      // fails twice, then answers
      if (hits.get(path)! <= 2) return json(503, { error: { message: "busy" } });
      return json(200, { deal: DEAL, block: "1", epoch: "1", needed: "0", candidates: [] });
    }
    if (path === "/graphql") return json(200, { errors: [{ message: "Syntax Error: Token limit of 1000 exceeded" }] });
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html>not the indexer</html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("indexer client", () => {
  it("parses decimal strings into bigints", async () => {
    const client = createIndexerClient({ url: `${url}/`, retry: fast });
    expect(await client.status()).toEqual({
      chainId: 31337,
      ready: true,
      indexed: { block: 12n, timestamp: 1795334837n, epoch: 3n },
      head: { block: 14n, timestamp: 1795334841n },
      lag: { blocks: 2n, seconds: 4n },
    });
    const { candidates, needed } = await client.candidates(DEAL, { limit: 1 });
    expect(needed).toBe(2n);
    expect(candidates).toEqual([
      { unitId: "0x01", peerId: "0x02", provider: "0x03", offerId: 7n, minPricePerUnit: 10n ** 21n },
    ]);
  });

  it("maps answers to the SDK's errors and retries only what a retry can fix", async () => {
    const client = createIndexerClient({ url, retry: fast });
    await expect(client.explain("0x0000000000000000000000000000000000000001")).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.candidates("0x0000000000000000000000000000000000000002")).rejects.toMatchObject({
      name: "InputError",
      shortMessage: 'limit "0" is not an integer from 1 to 10000',
    });
    const path = "/deals/0x0000000000000000000000000000000000000003/candidates";
    expect((await client.candidates("0x0000000000000000000000000000000000000003")).needed).toBe(0n);
    expect(hits.get(path)).toBe(3);
    await expect(client.graphql("{ deals { totalCount } }")).rejects.toMatchObject({
      name: "InputError",
      details: "Syntax Error: Token limit of 1000 exceeded",
    });
    await expect(client.explain("0x0000000000000000000000000000000000000004")).rejects.toMatchObject({
      name: "RpcError",
      shortMessage: `the indexer at ${url} answered /deals/0x0000000000000000000000000000000000000004/explain with something other than JSON`,
    });
  });

  it("refuses a malformed deal or URL before sending anything", async () => {
    const client = createIndexerClient({ url, retry: fast });
    await expect(client.candidates("0x1234")).rejects.toBeInstanceOf(InputError);
    expect(() => createIndexerClient({ url: "not a url" })).toThrow(InputError);
  });

  it("reports an unreachable indexer as a retryable RpcError", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const err = await createIndexerClient({ url: dead, retry: fast })
      .status()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ shortMessage: `the indexer at ${dead} is unreachable`, retryable: true });
  });
});
