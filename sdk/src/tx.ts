// Every write goes through here: simulate first (a revert is decoded and nothing is sent), sign, send with
// retries that cannot double-spend (the same signed bytes are re-sent), wait for the receipt, decode its events.
import {
  type Abi,
  type Account,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  encodeFunctionData,
  type Hash,
  keccak256,
  parseEventLogs,
  type ParseEventLogsReturnType,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { protocolAbi } from "./contracts/abis.ts";
import { toCloudlessError } from "./decode.ts";
import { InputError, TransactionRevertedError } from "./errors.ts";
import { type RetryOptions, withRetry } from "./retry.ts";

export type ProtocolEvent = ParseEventLogsReturnType<typeof protocolAbi, undefined, true>[number];
export type ProtocolEventName = ProtocolEvent["eventName"];

export interface WriteResult {
  hash: Hash;
  receipt: TransactionReceipt;
  events: ProtocolEvent[];
}

export interface WriteRequest<abi extends Abi, name extends ContractFunctionName<abi, "nonpayable" | "payable">> {
  address: Address;
  abi: abi;
  functionName: name;
  args: ContractFunctionArgs<abi, "nonpayable" | "payable", name>;
  gas?: bigint;
}

/** Called once a transaction is sent, before its receipt arrives (the CLI shows progress with it). */
export type OnSent = (hash: Hash, label: string) => void;

export interface TxContext {
  publicClient: PublicClient;
  walletClient: WalletClient | undefined;
  account: Account | undefined;
  retry: RetryOptions;
  onSent?: OnSent | undefined;
  receiptTimeoutMs: number;
}

export function eventsOf<N extends ProtocolEventName>(
  result: { events: readonly ProtocolEvent[] },
  eventName: N,
): Extract<ProtocolEvent, { eventName: N }>[] {
  return result.events.filter((e): e is Extract<ProtocolEvent, { eventName: N }> => e.eventName === eventName);
}

export function requireAccount(ctx: TxContext): { account: Account; walletClient: WalletClient } {
  if (!ctx.account || !ctx.walletClient) {
    throw new InputError("no account to sign with", {
      details: "pass `account` to createCloudless (the CLI reads CLOUDLESS_PRIVATE_KEY or --keystore)",
    });
  }
  return { account: ctx.account, walletClient: ctx.walletClient };
}

const alreadySent = /already known|nonce too low|known transaction/i;

export async function write<abi extends Abi, name extends ContractFunctionName<abi, "nonpayable" | "payable">>(
  ctx: TxContext,
  request: WriteRequest<abi, name>,
): Promise<WriteResult> {
  const { account, walletClient } = requireAccount(ctx);
  try {
    await withRetry(
      () =>
        ctx.publicClient.simulateContract({
          account,
          address: request.address,
          abi: request.abi as Abi,
          functionName: request.functionName as string,
          args: request.args as readonly unknown[],
        }),
      ctx.retry,
    );
    const tx = {
      account,
      chain: walletClient.chain,
      to: request.address,
      data: encodeFunctionData({
        abi: request.abi as Abi,
        functionName: request.functionName as string,
        args: request.args as readonly unknown[],
      }),
      ...(request.gas ? { gas: request.gas } : {}),
    };
    let hash: Hash;
    if (account.type === "local") {
      const prepared = await withRetry(() => walletClient.prepareTransactionRequest(tx), ctx.retry);
      const raw = await walletClient.signTransaction(prepared as Parameters<WalletClient["signTransaction"]>[0]);
      hash = keccak256(raw);
      let attempt = 0;
      await withRetry(async () => {
        try {
          await walletClient.sendRawTransaction({ serializedTransaction: raw });
        } catch (err) {
          // a retried send of bytes the node already took is a success, not a failure
          if (attempt > 0 && alreadySent.test(String((err as Error).message))) return;
          throw err;
        } finally {
          attempt++;
        }
      }, ctx.retry);
    } else {
      hash = await walletClient.sendTransaction(tx);
    }
    ctx.onSent?.(hash, request.functionName as string);
    const receipt = await withRetry(
      () => ctx.publicClient.waitForTransactionReceipt({ hash, timeout: ctx.receiptTimeoutMs }),
      ctx.retry,
    );
    if (receipt.status !== "success")
      throw new TransactionRevertedError(hash, { details: `block ${receipt.blockNumber}` });
    return {
      hash,
      receipt,
      events: parseEventLogs({ abi: protocolAbi, logs: receipt.logs, strict: true }) as ProtocolEvent[],
    };
  } catch (err) {
    throw toCloudlessError(err);
  }
}

/** A read that decodes reverts and retries transient faults. */
export async function read<T>(ctx: TxContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await withRetry(fn, ctx.retry);
  } catch (err) {
    throw toCloudlessError(err);
  }
}
