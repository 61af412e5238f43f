// Starts and stops a local anvil chain for the devnet and the tests. Listens on 127.0.0.1 only.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { CloudlessError, RpcError } from "../errors.ts";

export const repoRoot = join(import.meta.dirname, "..", "..", "..");
/** The chain id anvil and the devnet use unless told otherwise. */
export const ANVIL_CHAIN_ID = 31337;
const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);

export interface AnvilOptions {
  port?: number;
  chainId?: number;
  /** Seconds between idle blocks, transactions still mined at once; undefined mines a block per transaction only. */
  blockTime?: number;
  /** The block gas limit (anvil's default is 30M). */
  gasLimit?: number;
}

export interface Anvil {
  rpcUrl: string;
  port: number;
  process: ChildProcess;
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

export class PortInUseError extends CloudlessError {
  override readonly name = "PortInUseError";
  constructor(readonly port: number) {
    super("INPUT", `port ${port} on 127.0.0.1 is already in use`, {
      details: "stop whatever listens there (another devnet?) or choose another port with --port / CLOUDLESS_RPC_PORT",
    });
  }
}

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * One JSON-RPC call to a node (anvil's own methods included); a node error becomes an exception, and so does a node
 * that does not answer within `timeoutMs`.
 */
export async function anvilRpc<T>(
  rpcUrl: string,
  method: string,
  params: unknown[] = [],
  timeoutMs = 60_000,
): Promise<T> {
  let body: { result: T; error?: { message: string } };
  try {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = (await res.json()) as typeof body;
  } catch (err) {
    const timedOut = (err as Error).name === "TimeoutError";
    throw new RpcError(timedOut ? `${method}: no answer from ${rpcUrl} within ${timeoutMs} ms` : `${method} failed`, {
      retryable: true,
      cause: err,
    });
  }
  if (body.error) throw new RpcError(`${method}: ${body.error.message}`);
  return body.result;
}

async function waitForRpc(rpcUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new RpcError(`anvil exited with code ${child.exitCode}`);
    try {
      await anvilRpc(rpcUrl, "eth_chainId", [], 1_000);
      return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new RpcError(`anvil did not answer on ${rpcUrl} within ${timeoutMs} ms`);
}

export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const port = options.port ?? (await freePort());
  if (!(await portFree(port))) throw new PortInUseError(port);
  const args = [
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--chain-id",
    String(options.chainId ?? ANVIL_CHAIN_ID),
    "--silent",
  ];
  if (options.blockTime) args.push("--block-time", String(options.blockTime), "--mixed-mining");
  if (options.gasLimit) args.push("--gas-limit", String(options.gasLimit));
  const child = spawn(bin("anvil"), args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const rpcUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForRpc(rpcUrl, child, 10_000);
  } catch (err) {
    child.kill("SIGKILL");
    if (/address already in use/i.test(stderr)) throw new PortInUseError(port);
    throw err;
  }
  return {
    rpcUrl,
    port,
    process: child,
    rpc: (method, params) => anvilRpc(rpcUrl, method, params),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
      }),
  };
}
