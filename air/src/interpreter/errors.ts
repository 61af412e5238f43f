// The interpreter's errors, with AquaVM's codes. Catchable errors (10000+) are caught by `xor` and written into
// `:error:` and `%last_error%`; uncatchable ones (20000+) stop the run and leave the peer's data as it was.
import type { Json } from "../data/cid.ts";
import type { Tetraplet } from "../data/trace.ts";

export const ErrorCode = {
  // preparation
  AIR_PARSE: 1,
  DATA_MALFORMED: 2,
  CALL_RESULTS_MALFORMED: 5,
  KEY_PAIR: 7,
  CID_STORE: 8,
  SIGNATURE: 9,
  SIZE_LIMIT: 10,
  // catchable
  LOCAL_SERVICE_ERROR: 10000,
  MATCH_VALUES_NOT_EQUAL: 10001,
  MISMATCH_VALUES_EQUAL: 10002,
  VARIABLE_NOT_FOUND: 10003,
  FOLD_OVER_NON_ARRAY: 10005,
  USER_ERROR: 10006,
  LAMBDA_APPLIER: 10007,
  INVALID_ERROR_OBJECT: 10008,
  NOT_INITIALIZED_AFTER_NEW: 10009,
  LENGTH_OF_NOT_ARRAY: 10010,
  NON_STRING_TRIPLET: 10011,
  STREAM_MAP_KEY: 10012,
  // uncatchable
  TRACE: 20000,
  ITERABLE_SHADOWING: 20004,
  CALL_RESULT_MISMATCH: 20006,
  SHADOWING: 20007,
  VALUE_FOR_CID_NOT_FOUND: 20010,
  STREAM_SIZE_LIMIT: 20013,
  CANON_MAP_KEY: 20014,
  PARAMETERS_MISMATCH: 20017,
  /** Ours: the script nested deeper than the interpreter's stack (a fold over a very long array). */
  TOO_DEEP: 20100,
  // farewell
  UNPROCESSED_CALL_RESULT: 30000,
} as const;

export type ErrorObject = { error_code: number; message: string; [key: string]: Json };

/**
 * An error the interpreter throws to unwind a run and catches itself (a variable not there yet, a failed match, a
 * `fail`): made without a stack trace, which costs more than all the rest of a throw.
 */
class Unwind extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** An error an `xor` catches. `errorObject` is set for `fail` with an object of its own. */
export class CatchableError extends Unwind {
  override readonly name = "CatchableError";
  /** Set once the innermost instruction has recorded it in `:error:` and `%last_error%`. */
  recorded = false;
  constructor(
    readonly code: number,
    message: string,
    readonly errorObject?: ErrorObject,
    /** The call it happened in: the error's tetraplet, and its peer the error's `peer_id`. */
    readonly tetraplet?: Tetraplet,
  ) {
    super(message);
  }
}

export class UncatchableError extends Unwind {
  override readonly name = "UncatchableError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The one joinable error: an instruction that meets it waits for data instead of failing. */
export class VariableNotFound extends CatchableError {
  constructor(readonly variable: string) {
    super(ErrorCode.VARIABLE_NOT_FOUND, `variable with name '${variable}' wasn't defined during script execution`);
  }
}

export const traceError = (instruction: string, message: string) =>
  new UncatchableError(
    ErrorCode.TRACE,
    `on instruction '${instruction}' trace handler encountered an error: ${message}`,
  );
