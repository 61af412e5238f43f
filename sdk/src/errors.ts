// One error model for the SDK and the CLI: a short message for people, details, the cause, and whether a retry
// can help. Contract reverts decode into ContractError with the custom error's name and arguments.

export type ErrorCode =
  | "INPUT" // bad arguments: nothing was sent
  | "NOT_FOUND" // an unknown id or address
  | "CONTRACT" // a contract reverted (custom error decoded)
  | "RPC" // the node failed or could not be reached
  | "TX_REVERTED" // mined but reverted
  | "DEPLOYMENT"; // a missing or malformed deployment record

export interface CloudlessErrorOptions {
  details?: string;
  cause?: unknown;
  retryable?: boolean;
}

export class CloudlessError extends Error {
  override readonly name: string = "CloudlessError";
  readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly retryable: boolean;

  constructor(code: ErrorCode, shortMessage: string, options: CloudlessErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }
}

export class InputError extends CloudlessError {
  override readonly name = "InputError";
  constructor(shortMessage: string, options: CloudlessErrorOptions = {}) {
    super("INPUT", shortMessage, options);
  }
}

export class NotFoundError extends CloudlessError {
  override readonly name = "NotFoundError";
  constructor(shortMessage: string, options: CloudlessErrorOptions = {}) {
    super("NOT_FOUND", shortMessage, options);
  }
}

export class DeploymentError extends CloudlessError {
  override readonly name = "DeploymentError";
  constructor(shortMessage: string, options: CloudlessErrorOptions = {}) {
    super("DEPLOYMENT", shortMessage, options);
  }
}

export class RpcError extends CloudlessError {
  override readonly name = "RpcError";
  constructor(shortMessage: string, options: CloudlessErrorOptions = {}) {
    super("RPC", shortMessage, options);
  }
}

/** A contract call reverted with a custom error of the protocol (or an ERC-20 error of a token). */
export class ContractError extends CloudlessError {
  override readonly name = "ContractError";
  readonly errorName: string;
  readonly args: Readonly<Record<string, unknown>>;

  constructor(errorName: string, args: Record<string, unknown>, shortMessage: string, options: CloudlessErrorOptions) {
    // UnknownOffer, UnknownPeer, UnknownDeal...: the id does not exist, which callers handle like any unknown id
    super(errorName.startsWith("Unknown") ? "NOT_FOUND" : "CONTRACT", shortMessage, options);
    this.errorName = errorName;
    this.args = args;
  }
}

export class TransactionRevertedError extends CloudlessError {
  override readonly name = "TransactionRevertedError";
  readonly hash: `0x${string}`;
  constructor(hash: `0x${string}`, options: CloudlessErrorOptions = {}) {
    super("TX_REVERTED", `transaction ${hash} reverted`, options);
    this.hash = hash;
  }
}
