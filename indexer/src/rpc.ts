// The nodes the indexer reads. CLOUDLESS_RPC holds one URL or several, comma-separated: Ponder spreads its requests
// over them and moves away from one that fails or rate-limits.
//
// Ponder paces every endpoint with an adaptive limiter made for shared hosted RPCs: it starts at 20 requests/s and
// rises by 5% at a time only after ten busy seconds. A backfill asks for one block per block that holds events, so
// against a node of one's own (anvil, a local geth) it waits on the limiter, not on the node. A node on this machine
// is therefore opened as several lanes (CLOUDLESS_RPC_LANES, default 16), each paced on its own.

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const DEFAULT_LOCAL_LANES = 16;

/** True when the URL names a node on this machine. */
export const isLoopback = (url: string): boolean => LOOPBACK.has(new URL(url).hostname);

export class RpcConfigError extends Error {
  override readonly name = "RpcConfigError";
}

export function rpcEndpoints(
  value = process.env.CLOUDLESS_RPC ?? "http://127.0.0.1:8545",
  lanesValue = process.env.CLOUDLESS_RPC_LANES,
): string[] {
  const lanes = lanesValue === undefined || lanesValue === "" ? DEFAULT_LOCAL_LANES : Number(lanesValue);
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > 64) {
    throw new RpcConfigError(`CLOUDLESS_RPC_LANES must be a whole number from 1 to 64, not "${lanesValue}"`);
  }
  const urls = value
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u !== "");
  if (urls.length === 0) throw new RpcConfigError("CLOUDLESS_RPC names no node");
  return urls.flatMap((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new RpcConfigError(`CLOUDLESS_RPC: "${raw}" is not a URL`);
    }
    if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) {
      throw new RpcConfigError(`CLOUDLESS_RPC: "${raw}" is not an http(s) or ws(s) URL`);
    }
    // lanes for HTTP only: each websocket entry would be a connection of its own
    const local = isLoopback(raw) && url.protocol.startsWith("http");
    return Array.from({ length: local ? lanes : 1 }, () => raw);
  });
}
