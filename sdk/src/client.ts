// createCloudless: one object with typed modules for the market, capacity, deals, matching, epochs, tokens and
// the reference prover, all sharing one way to read, write, retry and decode errors.
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import type { GasBudget } from "./batch.ts";
import { capacityModule } from "./contracts/capacity.ts";
import { dealsModule } from "./contracts/deals.ts";
import { epochsModule } from "./contracts/epochs.ts";
import { marketModule } from "./contracts/market.ts";
import { matchingModule } from "./contracts/matching.ts";
import { tokensModule } from "./contracts/tokens.ts";
import type { ModuleContext } from "./context.ts";
import type { Deployment } from "./deployment.ts";
import { InputError } from "./errors.ts";
import { proveUnits } from "./prover.ts";
import { defaultRetry, type RetryOptions } from "./retry.ts";
import type { OnSent, TxContext } from "./tx.ts";

export interface CloudlessConfig extends GasBudget {
  deployment: Deployment;
  /** How to reach the chain: a viem transport, an RPC URL, or ready-made clients. */
  transport?: Transport;
  rpcUrl?: string;
  publicClient?: PublicClient;
  walletClient?: WalletClient;
  /** The signer: a viem account (e.g. privateKeyToAccount) or an address the node signs for (anvil). */
  account?: Account | Address;
  retry?: RetryOptions;
  /** Called when a transaction is sent, before its receipt. */
  onSent?: OnSent;
  /** How long to wait for a receipt; default 120 s. */
  receiptTimeoutMs?: number;
  /** How often to poll for receipts and blocks; default 100 ms on a local chain (31337), 1 s elsewhere. */
  pollingIntervalMs?: number;
}

export function chainOf(deployment: Deployment, rpcUrl = "http://127.0.0.1:8545"): Chain {
  return defineChain({
    id: deployment.chainId,
    name: deployment.chainId === 31337 ? "Cloudless devnet" : `chain ${deployment.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export function createCloudless(config: CloudlessConfig) {
  const { deployment } = config;
  const chain = chainOf(deployment, config.rpcUrl);
  // Retries live in the SDK (withRetry), so the transport itself makes a single attempt.
  const transport =
    config.transport ?? (config.rpcUrl ? http(config.rpcUrl, { retryCount: 0, timeout: 30_000 }) : undefined);
  if (!transport && !config.publicClient)
    throw new InputError("createCloudless needs a transport, an rpcUrl or a publicClient");
  const pollingInterval = config.pollingIntervalMs ?? (deployment.chainId === 31337 ? 100 : 1_000);
  const publicClient = config.publicClient ?? createPublicClient({ chain, transport: transport!, pollingInterval });
  const account: Account | undefined =
    typeof config.account === "string" ? { address: config.account, type: "json-rpc" } : config.account;
  const walletClient =
    config.walletClient ??
    (account
      ? createWalletClient({
          chain,
          account,
          pollingInterval,
          transport: transport ?? http(publicClient.transport.url as string),
        })
      : undefined);

  const tx: TxContext = {
    publicClient: publicClient as PublicClient,
    walletClient,
    account,
    retry: { ...defaultRetry, ...config.retry },
    onSent: config.onSent,
    receiptTimeoutMs: config.receiptTimeoutMs ?? 120_000,
  };
  const ctx: ModuleContext = { tx, deployment, budget: { maxGasPerTx: config.maxGasPerTx } };
  const market = marketModule(ctx);
  const capacity = capacityModule(ctx);
  const deals = dealsModule(ctx);
  const epochs = epochsModule(ctx);

  return {
    deployment,
    chain,
    publicClient: tx.publicClient,
    walletClient,
    account,
    market,
    capacity,
    deals,
    matching: matchingModule(ctx, deals),
    epochs,
    tokens: tokensModule(ctx),
    /** Brings CUs to the epoch's minimum proofs with the reference prover (tests, devnet). */
    prove: (unitIds: `0x${string}`[], count?: number) => proveUnits(capacity, epochs.params, unitIds, count),
  };
}

export type Cloudless = ReturnType<typeof createCloudless>;
