// An HTTP proxy in front of an indexer that rewrites its GraphQL answers: a way to show that a consistency check
// notices an indexer that is wrong.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type GraphqlData = Record<string, { items?: Record<string, unknown>[] } | null>;

export async function tamperProxy(target: string, tamper: (data: GraphqlData) => void) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: { "content-type": req.headers["content-type"] ?? "application/json" },
      body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
    });
    let body = await upstream.text();
    if (req.url?.startsWith("/graphql") && upstream.ok) {
      const parsed = JSON.parse(body) as { data?: GraphqlData };
      if (parsed.data) tamper(parsed.data);
      body = JSON.stringify(parsed);
    }
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
