// A fresh chain per test file: an anvil of its own, loaded with the state the global set-up deployed, plus
// accounts, SDK clients and time travel.
import { inject } from "vitest";
import { type Hex, numberToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createCloudless, type Cloudless, type CloudlessConfig } from "../../src/client.ts";
import { type Anvil, startAnvil } from "../../src/devnet/anvil.ts";
import { ANVIL_KEYS } from "../../src/devnet/deploy.ts";
import { type Deployment, epochStartsAt, parseDeployment } from "../../src/deployment.ts";

export interface TestChain {
  anvil: Anvil;
  rpcUrl: string;
  deployment: Deployment;
  /** An SDK client signing with anvil's account `index` (0 is the deployer and protocol owner). */
  client(index: number, config?: Partial<CloudlessConfig>): Cloudless;
  key(index: number): Hex;
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  /** Moves the chain to the start of `epoch` (mines one block there). */
  warpToEpoch(epoch: bigint): Promise<void>;
  /** Moves the chain to the start of the next epoch and returns it. */
  nextEpoch(): Promise<bigint>;
  stop(): Promise<void>;
}

export async function startChain(options: { gasLimit?: number } = {}): Promise<TestChain> {
  const anvil = await startAnvil(options);
  const deployment = parseDeployment(JSON.parse(inject("deploymentJson")));
  const rpc = anvil.rpc;
  await rpc("anvil_loadState", [inject("chainState")]);
  // the loaded state brings its own block gas limit
  if (options.gasLimit) await rpc("evm_setBlockGasLimit", [numberToHex(options.gasLimit)]);
  const client = (index: number, config: Partial<CloudlessConfig> = {}) =>
    createCloudless({ deployment, rpcUrl: anvil.rpcUrl, account: privateKeyToAccount(ANVIL_KEYS[index]!), ...config });
  const warpToEpoch = async (epoch: bigint) => {
    await rpc("evm_setNextBlockTimestamp", [numberToHex(epochStartsAt(deployment, epoch))]);
    await rpc("evm_mine");
  };
  return {
    anvil,
    rpcUrl: anvil.rpcUrl,
    deployment,
    client,
    key: (index) => ANVIL_KEYS[index]!,
    rpc,
    warpToEpoch,
    async nextEpoch() {
      const { epoch } = await client(0).epochs.current();
      await warpToEpoch(epoch + 1n);
      return epoch + 1n;
    },
    stop: () => anvil.stop(),
  };
}
