// Splitting large operations into transactions that fit the block: each chunk is sized by estimating its gas
// against the chain's current state (later chunks depend on earlier ones), shrinking it until it fits.
import type { Abi, ContractFunctionName } from "viem";
import { requireAccount, type TxContext, write, type WriteRequest, type WriteResult } from "./tx.ts";
import { read } from "./tx.ts";
import { ContractError } from "./errors.ts";

const FIRST_CHUNK = 256;

export interface GasBudget {
  /** Gas one transaction may use; defaults to half the block gas limit. */
  maxGasPerTx?: bigint;
}

export async function gasBudget(ctx: TxContext, budget: GasBudget): Promise<bigint> {
  if (budget.maxGasPerTx) return budget.maxGasPerTx;
  const block = await read(ctx, () => ctx.publicClient.getBlock());
  return block.gasLimit / 2n;
}

async function estimate<abi extends Abi, name extends ContractFunctionName<abi, "nonpayable" | "payable">>(
  ctx: TxContext,
  request: WriteRequest<abi, name>,
): Promise<bigint> {
  const { account } = requireAccount(ctx);
  return read(ctx, () =>
    ctx.publicClient.estimateContractGas({
      account,
      address: request.address,
      abi: request.abi as Abi,
      functionName: request.functionName as string,
      args: request.args as readonly unknown[],
    }),
  );
}

/**
 * Sends `items` in as few transactions as fit `maxGas` each. `plan(chunk)` builds the transaction for a chunk and
 * may take fewer items than offered (it returns how many it used), for operations that change shape midway.
 */
export async function sendInChunks<
  T,
  abi extends Abi,
  name extends ContractFunctionName<abi, "nonpayable" | "payable">,
>(
  ctx: TxContext,
  items: readonly T[],
  maxGas: bigint,
  plan: (chunk: readonly T[]) => { request: WriteRequest<abi, name>; used: number },
  sent?: (chunk: readonly T[], result: WriteResult) => void,
): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  // start modestly and grow while chunks use less than half the budget: a first estimate of a huge chunk is slow
  let size = Math.min(items.length, FIRST_CHUNK);
  for (let i = 0; i < items.length;) {
    const { request, used } = plan(items.slice(i, i + size));
    let gas: bigint;
    try {
      gas = await estimate(ctx, request);
    } catch (err) {
      // a chunk beyond the block gas limit fails to estimate without a reason of its own: halve it
      if (used > 1 && !(err instanceof ContractError)) {
        size = Math.max(1, Math.floor(used / 2));
        continue;
      }
      throw err;
    }
    if (gas > maxGas && used > 1) {
      size = Math.max(1, Math.min(used - 1, Math.floor((used * Number(maxGas) * 0.9) / Number(gas))));
      continue;
    }
    const result = await write(ctx, { ...request, gas: (gas * 12n) / 10n });
    results.push(result);
    sent?.(items.slice(i, i + used), result);
    i += used;
    if (used === size && gas * 2n < maxGas) size = Math.min(items.length, size * 2);
  }
  return results;
}
