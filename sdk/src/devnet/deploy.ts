// Deploys the protocol with the real deploy script (script/Deploy.s.sol) and returns the deployment record.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { type Deployment, loadDeployment } from "../deployment.ts";
import { RpcError } from "../errors.ts";
import { withRetry } from "../retry.ts";
import { ANVIL_CHAIN_ID, repoRoot } from "./anvil.ts";

/** anvil's first default account: the devnet deployer and protocol owner. Public knowledge, devnet only. */
export const ANVIL_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
] as const satisfies readonly `0x${string}`[];

export interface DeployOptions {
  rpcUrl: string;
  privateKey?: `0x${string}`;
  /** A network config under script/config (default: devnet.json). */
  config?: string;
  /** Where under deployments/ to write the record (default: <chainId>.json). */
  file?: string;
  /** Keep the record and forge's broadcast logs (the devnet keeps them; tests remove theirs). */
  keep?: boolean;
  /** How long forge may take, a first compile included (default: 10 minutes). */
  timeoutMs?: number;
  /**
   * How many times to run the script when a run fails in a way another may mend: past its time limit, or refused
   * for a nonce a slow node had already taken (default 1). Each run deploys afresh from the chain's nonces.
   */
  attempts?: number;
}

/** Runs forge with no input (a prompt fails at once instead of waiting) and kills it after `timeoutMs`. */
function forge(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      join(repoRoot, "node_modules", ".bin", "forge"),
      args,
      { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, killSignal: "SIGKILL" },
      (err, stdout, stderr) => {
        if (!err) return resolve();
        const timedOut = child.signalCode === "SIGKILL";
        const output = (stderr || stdout || err.message).trim().split("\n").slice(-15).join("\n");
        // forge resends a transaction whose answer came late, and the resend is refused for its used nonce: the
        // node was slow, not wrong, and a new run of the script starts from the chain's nonce
        const raced = /nonce too low/i.test(output);
        reject(
          new RpcError(
            timedOut ? `the deploy script did not finish within ${timeoutMs} ms` : "the deploy script failed",
            // a script stopped by its time limit or by a slow node may finish on a second try; others fail again
            { details: output || undefined, cause: err, retryable: timedOut || raced },
          ),
        );
      },
    );
    child.stdin?.end();
  });
}

export async function deployProtocol(options: DeployOptions): Promise<{ deployment: Deployment; path: string }> {
  const file = options.file ?? "31337.json";
  const env = {
    ...process.env,
    PRIVATE_KEY: options.privateKey ?? ANVIL_KEYS[0],
    DEPLOY_CONFIG: join("script", "config", options.config ?? "devnet.json"),
    DEPLOYMENT_FILE: file,
  };
  const attempts = options.attempts ?? 1;
  await withRetry(
    () =>
      forge(
        ["script", "script/Deploy.s.sol", "--rpc-url", options.rpcUrl, "--broadcast"],
        env,
        options.timeoutMs ?? 600_000,
      ),
    {
      retries: attempts - 1,
      onRetry: (err, attempt) =>
        console.warn(`deploy attempt ${attempt} of ${attempts} failed, trying again: ${(err as Error).message}`),
    },
  );
  const path = join(repoRoot, "deployments", file);
  const deployment = loadDeployment(path);
  if (!options.keep) discardDeployment(deployment, path);
  return { deployment, path };
}

/**
 * Removes a throwaway deployment's record (tests, benchmarks) and forge's broadcast logs of its chain. The logs of
 * anvil's default chain id are left: git ignores them, and test files deploying at the same time on that chain id
 * share the directory forge is writing to.
 */
export function discardDeployment(deployment: Deployment, path: string): void {
  rmSync(path, { force: true });
  if (deployment.chainId === ANVIL_CHAIN_ID) return;
  for (const dir of ["broadcast", "cache"]) {
    rmSync(join(repoRoot, dir, "Deploy.s.sol", String(deployment.chainId)), { recursive: true, force: true });
  }
}
