// Turns whatever viem or the node threw into a CloudlessError: custom errors decoded with every protocol ABI,
// transport faults marked retryable.
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  HttpRequestError,
  type Hex,
  InternalRpcError,
  LimitExceededRpcError,
  TimeoutError,
  WebSocketRequestError,
  SocketClosedError,
} from "viem";
import { protocolAbi } from "./contracts/abis.ts";
import { CloudlessError, ContractError, RpcError } from "./errors.ts";
import { contractErrorMessage } from "./messages.ts";

function findRevertData(err: BaseError): Hex | undefined {
  let data: Hex | undefined;
  err.walk((e) => {
    if (e instanceof ContractFunctionRevertedError && e.raw) data = e.raw;
    const d = (e as { data?: unknown }).data;
    if (!data && typeof d === "string" && d.startsWith("0x") && d.length >= 10) data = d as Hex;
    return false;
  });
  return data;
}

function decodeRevert(err: BaseError): ContractError | undefined {
  const data = findRevertData(err);
  if (!data) return undefined;
  try {
    const { errorName, args, abiItem } = decodeErrorResult({ abi: protocolAbi, data });
    const named: Record<string, unknown> = {};
    abiItem.inputs.forEach(
      (input, i) => (named[input.name ?? String(i)] = (args as readonly unknown[] | undefined)?.[i]),
    );
    return new ContractError(errorName, named, contractErrorMessage(errorName, named), {
      details: err.shortMessage,
      cause: err,
    });
  } catch {
    return undefined;
  }
}

/** True for faults of the transport or an overloaded node, where the same request may succeed later. */
export function isTransient(err: unknown): boolean {
  if (err instanceof CloudlessError) return err.retryable;
  if (!(err instanceof BaseError)) return false;
  let transient = false;
  err.walk((e) => {
    if (e instanceof HttpRequestError) {
      const status = e.status;
      transient ||= status === undefined || status === 429 || status >= 500;
    }
    transient ||=
      e instanceof TimeoutError ||
      e instanceof SocketClosedError ||
      e instanceof WebSocketRequestError ||
      e instanceof LimitExceededRpcError ||
      e instanceof InternalRpcError;
    return false;
  });
  return transient;
}

export function toCloudlessError(err: unknown): CloudlessError {
  if (err instanceof CloudlessError) return err;
  if (err instanceof BaseError) {
    const reverted = decodeRevert(err);
    if (reverted) return reverted;
    if (isTransient(err)) {
      let url: string | undefined;
      err.walk((e) => {
        url ??= (e as { url?: string }).url;
        return false;
      });
      return new RpcError(
        url ? `the RPC at ${url.replace(/\/$/, "")} failed or is unreachable` : "the RPC node failed or is unreachable",
        {
          details: err.shortMessage,
          cause: err,
          retryable: true,
        },
      );
    }
    return new RpcError(err.shortMessage, { details: err.details, cause: err });
  }
  if (err instanceof Error) return new RpcError(err.message, { cause: err });
  return new RpcError(String(err));
}
