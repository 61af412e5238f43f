// A chain for the indexer's tests: an anvil of its own with the protocol deployed by the real deploy script (so that
// every event since the deployment is there to index), SDK clients and time travel. Block time is frozen: time
// moves only when a test warps, so an epoch never ends in the middle of a test by the wall clock.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hex, numberToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type Cloudless, createCloudless, type Deployment, epochStartsAt, stringifyDeployment } from "@cloudless/sdk";
import { type Anvil, startAnvil } from "../../../sdk/src/devnet/anvil.ts";
import { ANVIL_KEYS, deployProtocol } from "../../../sdk/src/devnet/deploy.ts";
import { testChainId } from "./leftovers.ts";

export interface TestChain {
  anvil: Anvil;
  rpcUrl: string;
  deployment: Deployment;
  /** The deployment record, for CLOUDLESS_DEPLOYMENT. */
  deploymentPath: string;
  /** A scratch directory removed with the chain. */
  dir: string;
  /** An SDK client signing with anvil's account `index` (0 deployed the protocol and owns it). */
  client(index: number): Cloudless;
  key(index: number): Hex;
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  head(): Promise<bigint>;
  /** Moves the chain to the start of `epoch` (mines one block there). */
  warpToEpoch(epoch: bigint): Promise<void>;
  /** Moves the chain to the start of the next epoch and returns it. */
  nextEpoch(): Promise<bigint>;
  stop(): Promise<void>;
}

export async function startChain(): Promise<TestChain> {
  const anvil = await startAnvil({ chainId: testChainId() });
  const dir = mkdtempSync(join(tmpdir(), "cloudless-indexer-"));
  const stop = async () => {
    await anvil.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const rpc = anvil.rpc;
    // a deploy on a compiled project takes about a second; under load forge has hung once and raced its own resend
    // once, so a run is stopped after half a minute and a failed one tried again
    const file = `test-indexer-${anvil.port}.json`;
    const { deployment } = await deployProtocol({ rpcUrl: anvil.rpcUrl, file, timeoutMs: 30_000, attempts: 3 });
    const deploymentPath = join(dir, "deployment.json");
    writeFileSync(deploymentPath, stringifyDeployment(deployment));
    await rpc("anvil_setBlockTimestampInterval", [0]);
    const client = (index: number) =>
      createCloudless({
        deployment,
        rpcUrl: anvil.rpcUrl,
        account: privateKeyToAccount(ANVIL_KEYS[index]!),
        pollingIntervalMs: 20,
      });
    const head = async () => BigInt(await rpc<string>("eth_blockNumber"));
    const warpToEpoch = async (epoch: bigint) => {
      await rpc("evm_setNextBlockTimestamp", [numberToHex(epochStartsAt(deployment, epoch))]);
      await rpc("evm_mine");
    };
    return {
      anvil,
      rpcUrl: anvil.rpcUrl,
      deployment,
      deploymentPath,
      dir,
      client,
      key: (index) => ANVIL_KEYS[index]!,
      rpc,
      head,
      warpToEpoch,
      async nextEpoch() {
        const { epoch } = await client(0).epochs.current();
        await warpToEpoch(epoch + 1n);
        return epoch + 1n;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
