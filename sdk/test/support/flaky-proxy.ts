// A JSON-RPC proxy in front of anvil that misbehaves on purpose: it answers 503, loses responses or refuses a
// transaction for a used nonce (as a node does when a client resends one whose answer came late) as a test decides
// per request, to exercise retries against a real chain.
import { createServer, type Server } from "node:http";

export type Fault = "none" | "503" | "lose-response" | "nonce-too-low";

export interface FlakyProxy {
  url: string;
  /** Methods seen, in order (one entry per HTTP request). */
  seen: string[];
  close(): Promise<void>;
}

export async function startFlakyProxy(
  target: string,
  fault: (method: string, index: number) => Fault,
): Promise<FlakyProxy> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString();
      const request = JSON.parse(body) as { id?: unknown; method?: string };
      const method = request.method ?? "batch";
      const f = fault(method, seen.filter((m) => m === method).length);
      seen.push(method);
      if (f === "503") {
        res.writeHead(503).end("unavailable");
        return;
      }
      if (f === "nonce-too-low") {
        const error = { code: -32003, message: "nonce too low" };
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ jsonrpc: "2.0", id: request.id, error }));
        return;
      }
      const upstream = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
      const text = await upstream.text();
      if (f === "lose-response") {
        res.writeHead(502).end("bad gateway"); // the node did the work; the client never hears of it
        return;
      }
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
