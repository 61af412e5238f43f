// Which deployment record the CLI uses: --deployment / CLOUDLESS_DEPLOYMENT, else deployments/<chainId>.json for
// the RPC's chain, looked up in the current directory and then in the checkout the CLI runs from.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Deployment, loadDeployment } from "../deployment.ts";
import { DeploymentError } from "../errors.ts";

// sdk/src/cli -> the repository root, where `npm ci` installed the CLI
const checkoutRoot = join(import.meta.dirname, "..", "..", "..");

export async function locateDeployment(options: {
  file: string | undefined;
  cwd: string;
  rpcUrl: string;
  chainId: () => Promise<number>;
}): Promise<Deployment> {
  if (options.file !== undefined) {
    const path = resolve(options.cwd, options.file);
    const deployment = loadDeployment(path);
    const chainId = await options.chainId();
    if (deployment.chainId !== chainId) {
      throw new DeploymentError(
        `${path} is for chain ${deployment.chainId}, but ${options.rpcUrl} serves chain ${chainId}`,
        {
          details: "point --rpc and --deployment at the same chain",
        },
      );
    }
    return deployment;
  }
  const chainId = await options.chainId();
  const candidates = [
    ...new Set([options.cwd, checkoutRoot].map((dir) => join(dir, "deployments", `${chainId}.json`))),
  ];
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new DeploymentError(`no deployment record for chain ${chainId}`, {
      details: `looked for ${candidates.join(" and ")}; pass --deployment <file> or set CLOUDLESS_DEPLOYMENT`,
    });
  }
  return loadDeployment(found);
}
