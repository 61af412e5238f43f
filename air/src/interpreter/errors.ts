// The interpreter's errors, with AquaVM's codes and messages. Catchable errors (10000+) are caught by `xor` and
// written into `:error:` and `%last_error%`; uncatchable ones (20000+) stop the run and leave the peer's data as it
// was. Every message is built here (lens errors in lens.ts), word for word as AquaVM 0.62.0 writes it.
import { canonicalJson, type Json } from "../data/cid.ts";
import { jsonSyntaxError } from "./json-error.ts";
import type { CallState, CanonState, FoldLore, State, SubTrace, Tetraplet, ValueRef } from "../data/trace.ts";

export const ErrorCode = {
  // preparation
  AIR_PARSE: 1,
  DATA_MALFORMED: 2,
  CALL_RESULTS_MALFORMED: 5,
  KEY_PAIR: 7,
  CID_STORE: 8,
  SIGNATURE: 9,
  SIZE_LIMIT: 10,
  /** Ours: a particle id or init peer id with no exact UTF-8 form (a lone surrogate), which no signature covers. */
  PARAMS_MALFORMED: 11,
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
  FOLD_STATE_NOT_FOUND: 20003,
  ITERABLE_SHADOWING: 20004,
  CALL_RESULT_MISMATCH: 20006,
  SHADOWING: 20007,
  VALUE_FOR_CID_NOT_FOUND: 20010,
  NO_SUCH_GENERATION: 20011,
  MALFORMED_CALL_SERVICE_FAILED: 20012,
  STREAM_SIZE_LIMIT: 20013,
  CANON_MAP_KEY: 20014,
  PARAMETERS_MISMATCH: 20017,
  /** Ours: the script nested deeper than the interpreter's stack (a fold over a very long array). */
  TOO_DEEP: 20100,
  /** Ours: the run started more instructions than InterpretLimits.steps allows. */
  STEP_LIMIT: 20101,
  /** Ours: an exception the interpreter did not foresee, given back as a refusal instead of thrown. */
  INTERNAL: 20102,
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
    super(ErrorCode.VARIABLE_NOT_FOUND, message.variableNotFound(variable));
  }
}

/** An error of the trace handler (a state of the data that does not fit the script) at `instruction`. */
export const traceError = (instruction: string, text: string) =>
  new UncatchableError(ErrorCode.TRACE, message.trace(instruction, text));

/** A value as AquaVM's messages show JSON: serde_json's compact text, the form AquaVM hashes too. */
export const showJson = (value: Json): string => canonicalJson(value);

// Rust's `Debug` of the structures AquaVM's messages dump: a string quoted and escaped, a struct as
// `Name { field: value, ... }`, a tuple variant as `Name(value)`, a vector as `[a, b]`.

/** A string as Rust's `Debug` writes it. */
export function rustString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c === 0) out += "\\0";
    else if (c < 0x20 || c === 0x7f) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

const cid = (c: string) => `CID(${rustString(c)})`;
const list = (items: string[]) => `[${items.join(", ")}]`;
const subTrace = (d: SubTrace) => `SubTraceDesc { begin_pos: ${d.pos}, subtrace_len: ${d.len} }`;

/** Rust's `Debug` of the data's structures, as AquaVM dumps them into messages. */
export const rustDebug = {
  valueRef(v: ValueRef): string {
    if ("scalar" in v) return `Scalar(${cid(v.scalar)})`;
    if ("unused" in v) return `Unused(${cid(v.unused)})`;
    return `Stream { cid: ${cid(v.stream.cid)}, generation: ${v.stream.generation} }`;
  },
  call(c: CallState): string {
    if ("executed" in c) return `Executed(${rustDebug.valueRef(c.executed)})`;
    if ("failed" in c) return `Failed(${cid(c.failed)})`;
    const s = c.sent_by;
    return "PeerId" in s
      ? `RequestSentBy(PeerId(${rustString(s.PeerId)}))`
      : `RequestSentBy(PeerIdWithCallId { peer_id: ${rustString(s.PeerIdWithCallId.peer_id)}, call_id: ${s.PeerIdWithCallId.call_id} })`;
  },
  canon(c: CanonState): string {
    return "executed" in c ? `Executed(${cid(c.executed)})` : `RequestSentBy(${rustString(c.sent_by)})`;
  },
  par: ([left, right]: [number, number]) => `ParResult { left_size: ${left}, right_size: ${right} }`,
  apResult: (gens: number[]) => `ApResult { res_generations: ${list(gens.map(String))} }`,
  foldResult: (lore: FoldLore[]) =>
    `FoldResult { lore: ${list(
      lore.map((l) => `FoldSubTraceLore { value_pos: ${l.pos}, subtraces_desc: ${list(l.desc.map(subTrace))} }`),
    )} }`,
  /**
   * A fold's lore resolved against its trace: a Rust `HashMap` by value position, which AquaVM writes in an order of
   * its own (random per process); here in the lore's order.
   */
  resolvedFold: (lore: [number, { before: SubTrace; after: SubTrace }][], count: number) =>
    `ResolvedFold { lore: {${lore
      .map(
        ([pos, d]) =>
          `${pos}: ResolvedSubTraceDescs { before_subtrace: ${subTrace(d.before)}, after_subtrace: ${subTrace(d.after)} }`,
      )
      .join(", ")}}, fold_states_count: ${count} }`,
  state(s: State): string {
    if ("par" in s) return `Par(${rustDebug.par(s.par)})`;
    if ("call" in s) return `Call(${rustDebug.call(s.call)})`;
    if ("fold" in s) return `Fold(${rustDebug.foldResult(s.fold.lore)})`;
    if ("ap" in s) return `Ap(${rustDebug.apResult(s.ap.gens)})`;
    return `Canon(${rustDebug.canon(s.canon)})`;
  },
  tetraplet: (t: Tetraplet) =>
    `SecurityTetraplet { peer_pk: ${rustString(t.peer_pk)}, service_id: ${rustString(t.service_id)}, function_name: ${rustString(t.function_name)}, lens: ${rustString(t.lens)} }`,
};

/** A state as AquaVM's `Display` writes it (in a message about a fold's lore). */
function displayState(s: State): string {
  if ("par" in s) return `par(${s.par[0]}, ${s.par[1]})`;
  if ("ap" in s) return `ap: _ -> ${list(s.ap.gens.map(String))}`;
  if ("canon" in s) return "canon [<object>]";
  if ("fold" in s) {
    const lines = s.fold.lore.map(
      (l) => `          ${l.pos} - [${l.desc[0].pos}, ${l.desc[0].len}], [${l.desc[1].pos}, ${l.desc[1].len}]\n`,
    );
    return `fold(\n${lines.join("")}     )`;
  }
  const c = s.call;
  if ("executed" in c) return `executed(${rustDebug.valueRef(c.executed)})`;
  if ("failed" in c) return `failed(${cid(c.failed)})`;
  const sender = c.sent_by;
  return "PeerId" in sender
    ? `request_sent_by(${sender.PeerId})`
    : `request_sent_by(${sender.PeerIdWithCallId.peer_id}: ${sender.PeerIdWithCallId.call_id})`;
}

/** Which input data a state came from, as AquaVM's messages name it. */
export type DataName = "previous" | "current";

/** AquaVM's messages, by error. */
export const message = {
  // catchable
  localServiceError: (retCode: number, text: string) =>
    `Local service error, ret_code is ${retCode}, error message is '${text}'`,
  /** The message of the service error a call result that is not JSON becomes (`parseError`: why, if known). */
  resultNotJson: (retCode: number, result: string, parseError?: string) =>
    `call_service result 'ret_code: ${retCode}, result: '${result}'' can't be serialized or deserialized with an error: ${jsonSyntaxError(result) ?? parseError}`,
  matchValuesNotEqual: () => "compared values do not match",
  mismatchValuesEqual: () => "compared values do not mismatch",
  variableNotFound: (name: string) => `variable with name '${name}' wasn't defined during script execution`,
  foldOverNonArray: (value: Json, expression: string) =>
    `expression '${expression}' returned non-array value '${showJson(value)}' for fold iterable`,
  userError: (error: Json) => `fail with '${showJson(error)}' is used without corresponding xor`,
  notInitializedAfterNew: (name: string) => `variable with name '${name}' was cleared by new and then wasn't set`,
  nonStringTriplet: (name: string, value: Json) =>
    `call cannot resolve non-String triplet variable part \`${name}\` with value '${showJson(value)}'`,
  unsupportedMapKey: (mapName: string) => `unsupported type for ${mapName} map's key`,
  /** `fail` with a value that is not an error object, the first rule it breaks. */
  errorObject: {
    notAnObject: (value: Json) =>
      `scalar should have an object type to be converted into error object, but '${showJson(value)}' doesn't have`,
    missingField: (value: Json, field: string) => `scalar '${showJson(value)}' must have field with name '${field}'`,
    wrongType: (value: Json, field: string, type: string) =>
      `${field} of scalar '${showJson(value)}' must have ${type} type`,
    zeroCode: () => "error code must be non-zero, but it is zero",
  },
  // uncatchable
  trace: (instruction: string, text: string) =>
    `on instruction '${instruction}' trace handler encountered an error: ${text}`,
  iterableShadowing: (name: string) =>
    `variable with name '${name}' can't be shadowed, shadowing isn't supported for iterables`,
  shadowing: (name: string) => `trying to shadow variable '${name}', but shadowing is allowed only inside fold blocks`,
  callResultMismatch: (value: ValueRef) =>
    `call result value ${rustDebug.valueRef(value)} doesn't match with corresponding instruction`,
  /** `store` as AquaVM names it: "value", "tetraplet", "canon aggregate", ... */
  valueForCidNotFound: (store: string, c: string) => `${store} for CID ${rustString(c)} not found`,
  streamSizeLimit: (limit: number) => `stream size goes over the allowed limit of ${limit}`,
  streamMapKey: {
    valueFieldAbsent: () => `there must be a "value" field in kvpair object`,
    unsupportedKvPair: () => "unsupported kvpair object or map key type",
  },
  /** `param` is "call argument_hash", "call tetraplet" or "canon tetraplet". */
  parametersMismatch: (param: string, expected: string, stored: string) =>
    `${param} doesn't match expected parameters: expected ${expected}, got ${stored} `,
  /** AquaVM writes the results as a Rust `HashMap` in an order of its own (random per process); here by id. */
  unprocessedCallResults: (results: [number, { retCode: number; result: string }][]) =>
    `after finishing execution of supplied AIR, there are some unprocessed call results: \`{${[...results]
      .sort(([a], [b]) => a - b)
      .map(
        ([id, r]) =>
          `${rustString(String(id))}: CallServiceResult { ret_code: ${r.retCode}, result: ${rustString(r.result)} }`,
      )
      .join(", ")}}\`, probably a wrong call_id used`,
};

/** The trace handler's messages (inside `message.trace`): a state that does not fit, a fold's lore, a par's sizes. */
export const traceMessage = {
  /** Both inputs hold a state at this point and they are not both of the kind `expected`. */
  incompatibleStates: (prev: State, current: State) =>
    `previous and current data have incompatible states: '${rustDebug.state(prev)}' '${rustDebug.state(current)}'`,
  /** One input holds a state of another kind than `expected`. */
  unexpectedState: (state: State, from: DataName, expected: string) =>
    `state from ${from} \`${rustDebug.state(state)}\` is incompatible with expected ${expected}`,
  callValuesNotEqual: (prev: ValueRef, current: ValueRef) =>
    `values in call results are not equal: ${rustDebug.valueRef(prev)} != ${rustDebug.valueRef(current)}`,
  incompatibleCalls: (prev: CallState, current: CallState) =>
    `previous and current call results are incompatible: '${rustDebug.call(prev)}' '${rustDebug.call(current)}'`,
  incompatibleCanons: (prev: CanonState, current: CanonState) =>
    `canon results ${rustDebug.canon(prev)} ${rustDebug.canon(current)} points to incompatible execution states`,
  apGenerations: (gens: number[]) =>
    `${rustDebug.apResult(gens)} ap result contains inappropriate generation count in destination`,
  parLenOverflow: (par: [number, number]) =>
    `overflow is occurred while calculating the entire len occupied by executed states corresponded to current par: '${rustDebug.par(par)}'`,
  /** AquaVM names the current slider here whichever input it is. */
  parLenUnderflow: (par: [number, number], left: number) =>
    `underflow is occurred while calculating the new position of a current slider for resolved par ${rustDebug.par(par)} and current subtrace len ${left}'`,
  noElementAtPosition: (pos: number, traceLen: number) =>
    `requested an element at position '${pos}', but executed trace contains only '${traceLen}' elements`,
  noStreamState: (state: State) =>
    `expected a state of CallResult(Value::Stream) or Ap types but '${displayState(state)}' obtained`,
  severalRecordsWithSamePos: (lore: FoldLore[], pos: number) =>
    `${rustDebug.foldResult(lore)} contains several subtraces with the same value_pos ${pos}`,
  foldLenUnderflow: (resolved: string, position: number, from: DataName) =>
    `underflow is occurred while calculating the new position of a ${from} slider for resolved fold ${resolved} and current subtrace len ${position}'`,
};
