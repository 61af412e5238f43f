// `call`: a service call on a peer. On another peer it sends the particle there; on this peer it asks the host
// (a call request) and takes the answer in a later run (a call result). A result already in the data is replayed,
// after checking that it was produced by this very instruction with these very arguments.
import { cidOf, type Json } from "../data/cid.ts";
import { excerpt } from "../data/excerpt.ts";
import { cidOfTetraplet } from "../data/records.ts";
import type { CallState, Cid, ServiceResult, Tetraplet } from "../data/trace.ts";
import type { Instruction } from "../parser/ast.ts";
import { displayInstruction } from "../parser/display.ts";
import type { CallResult, Context } from "./context.ts";
import { CatchableError, ErrorCode, message, rustDebug, UncatchableError, VariableNotFound } from "./errors.ts";
import { jsonSyntaxError } from "./json-error.ts";
import { mergeCall, type Source } from "./merge.ts";
import { resolve, type Resolved, resolveString } from "./resolve.ts";
import { copyJson, isObject, tetraplet, type Val } from "./values.ts";

type Call = Extract<Instruction, { kind: "call" }>;

const I32_MAX = 2147483647;

// The tetraplet each call instruction last had: most calls name the same peer, service and function every run,
// and the same (frozen) tetraplet keeps its CID from run to run. Kept only when its names are short, as it lives as
// long as the script in the script cache.
const callTetraplets = new WeakMap<Call, Tetraplet>();
const MEMO_CHARS = 1024;

function callTetraplet(instruction: Call, peer: string, service: string, fn: string): Tetraplet {
  const known = callTetraplets.get(instruction);
  if (known && known.peer_pk === peer && known.service_id === service && known.function_name === fn) return known;
  const t = tetraplet(peer, service, fn);
  if (peer.length + service.length + fn.length <= MEMO_CHARS) callTetraplets.set(instruction, t);
  return t;
}

// The argument hash each call instruction last had, when its arguments were all strings, numbers, booleans or null
// (compared by value; other arguments are hashed every time) and their strings short together.
const argumentHashes = new WeakMap<Call, { args: Json[]; cid: Cid }>();
const isPrimitive = (j: Json) => j === null || typeof j !== "object";

function memoisable(args: Json[]): boolean {
  let chars = 0;
  for (const j of args) {
    if (!isPrimitive(j)) return false;
    if (typeof j === "string") chars += j.length;
  }
  return chars <= MEMO_CHARS;
}

const NO_ARGUMENTS = cidOf([]);
const NO_ARGS: Resolved[] = [];

function argumentHash(instruction: Call, args: Resolved[]): Cid {
  if (args.length === 0) return NO_ARGUMENTS;
  const json = args.map((a) => a.json);
  const known = argumentHashes.get(instruction);
  if (known && known.args.length === json.length && json.every((j, i) => isPrimitive(j) && j === known.args[i]))
    return known.cid;
  const cid = cidOf(json);
  if (memoisable(json)) argumentHashes.set(instruction, { args: json, cid });
  return cid;
}

/** A call's result as a variable holds it: its value, where it came from, and the state that recorded it. */
const resultVal = (json: Json, t: Tetraplet, resultCid: Cid, valueCid: Cid, at: number): Val => ({
  json,
  tetraplet: t,
  provenance: { type: "service_result", cid: resultCid },
  tracePos: at,
  valueCid,
});

type Failure = { ret_code: number; message: string };

/** A failed call's value, as the service's failure it must be: the signatures cover its CID, not what it holds. */
function failureOf(json: Json): Failure {
  if (isObject(json) && Number.isInteger(json.ret_code) && typeof json.message === "string") return json as Failure;
  throw new UncatchableError(
    ErrorCode.MALFORMED_CALL_SERVICE_FAILED,
    `the value of a failed call is not a service's failure: ${excerpt(json)}`,
  );
}

const localServiceError = (retCode: number, text: string, t: Tetraplet) =>
  new CatchableError(ErrorCode.LOCAL_SERVICE_ERROR, message.localServiceError(retCode, text), undefined, t);

/**
 * Whether serde_json, which AquaVM reads call results with, might refuse text JSON.parse read: a number out of
 * range (an exponent, or hundreds of digits), a lone surrogate escaped, nesting past 128 levels. Only such text is
 * read again by serde_json's rules.
 */
const serdeMayRefuse = (text: string) => text.length >= 256 || /\d[eE]|\\u[dD]/.test(text);

class CallRun {
  /** The CID of the arguments, which a result of this call records; undefined while they are not known. */
  readonly argumentHash: Cid | undefined;
  constructor(
    readonly ctx: Context,
    readonly instruction: Call,
    readonly tetraplet: Tetraplet,
    readonly args: Resolved[] | undefined,
  ) {
    this.argumentHash = args && argumentHash(instruction, args);
  }

  /** The instruction as error messages show it. */
  get shown(): string {
    return displayInstruction(this.instruction);
  }

  write(state: CallState) {
    this.ctx.trace.push({ call: state });
  }

  /** Checks a stored result against this instruction, then gives its value. */
  replayed(cid: Cid): [ServiceResult, Json] {
    const result = storedResult(this.ctx, this.tetraplet, this.argumentHash, cid);
    return [result, this.ctx.value(result.value_cid)];
  }

  /** Sets the output from a result, replayed (with its state, source and generation) or new. */
  output(resultCid: Cid, json: Json, valueCid: Cid, replay?: { state: CallState; source: Source; generation: number }) {
    const { ctx, instruction } = this;
    const at = ctx.trace.length;
    const val = resultVal(json, this.tetraplet, resultCid, valueCid, at);
    const out = instruction.output;
    if (!out) {
      this.write({ executed: { unused: cidOf(json) } });
    } else if (out.kind === "scalar") {
      // call() checked that the name may be set before it ran anything
      ctx.scopes.set(out.name, val, true);
      this.write(replay?.state ?? { executed: { scalar: resultCid } });
    } else {
      const stream = ctx.scopes.stream(out.name, true);
      const gen = replay ? stream.add(val, replay.source, replay.generation) : stream.add(val);
      const ref = { cid: resultCid, generation: 0 };
      this.write({ executed: { stream: ref } });
      // a replayed state whose generation stays is passed on as it was (its text is known)
      const same = replay && { at, state: replay.state };
      ctx.generationFixups.push([ref, gen, same]);
    }
  }

  /** A state from the data that already holds the outcome. */
  replay(state: Exclude<CallState, { sent_by: unknown }>, source: Source) {
    const { ctx, instruction } = this;
    if ("failed" in state) {
      const [, json] = this.replayed(state.failed);
      const failure = failureOf(json);
      this.write(state);
      ctx.complete = false;
      throw localServiceError(failure.ret_code, failure.message, this.tetraplet);
    }
    const ref = state.executed;
    const kind = "scalar" in ref ? "scalar" : "stream" in ref ? "stream" : undefined;
    const wanted = instruction.output?.kind;
    if (kind !== wanted) {
      throw new UncatchableError(ErrorCode.CALL_RESULT_MISMATCH, message.callResultMismatch(ref));
    }
    if ("unused" in ref) {
      this.write(state);
      return;
    }
    const cid = "scalar" in ref ? ref.scalar : ref.stream.cid;
    const [result, json] = this.replayed(cid);
    this.output(cid, json, result.value_cid, {
      state,
      source,
      generation: "stream" in ref ? ref.stream.generation : 0,
    });
  }

  /** The host's answer to this peer's call request. */
  answered(result: CallResult) {
    const { ctx } = this;
    let value: Json | undefined;
    let failure: Failure | undefined;
    if (result.retCode !== 0) failure = { ret_code: result.retCode, message: result.result };
    else {
      try {
        value = JSON.parse(result.result) as Json;
        if (serdeMayRefuse(result.result) && jsonSyntaxError(result.result)) throw new SyntaxError();
      } catch (err) {
        const why = (err as Error).message;
        failure = { ret_code: I32_MAX, message: message.resultNotJson(result.retCode, result.result, why) };
      }
    }
    // a result no variable takes is recorded by its CID alone, as AquaVM records it: nothing stored
    if (!failure && !this.instruction.output) return this.write({ executed: { unused: cidOf(value!) } });
    const valueCid = ctx.storeValue(failure ?? value!);
    const resultCid = ctx.storeServiceResult({
      value_cid: valueCid,
      argument_hash: this.argumentHash!,
      tetraplet_cid: ctx.storeTetraplet(this.tetraplet),
    });
    if (failure) {
      this.write({ failed: resultCid });
      throw localServiceError(failure.ret_code, failure.message, this.tetraplet);
    }
    this.output(resultCid, value!, valueCid);
  }

  /** No outcome yet: send the particle to the call's peer, or ask the host. */
  request(previous: CallState | undefined) {
    const { ctx } = this;
    ctx.complete = false;
    const me = ctx.params.currentPeerId;
    const peer = this.tetraplet.peer_pk;
    if (peer !== me) {
      ctx.nextPeers.add(peer);
      this.write({ sent_by: { PeerId: me } });
      return;
    }
    ctx.waiting++;
    if (!this.args) {
      if (previous) this.write(previous);
      return;
    }
    const id = ++ctx.lcid;
    const [service, fn] = [this.tetraplet.service_id, this.tetraplet.function_name];
    ctx.callRequests.set(id, {
      serviceId: service,
      functionName: fn,
      // the host gets copies of objects and arrays: the values stay this peer's, whatever the host does with them
      arguments: this.args.map((a) => (isPrimitive(a.json) ? a.json : copyJson(a.json))),
      tetraplets: this.args.map((a) => a.tetraplets),
    });
    this.write({ sent_by: { PeerIdWithCallId: { peer_id: me, call_id: id } } });
  }
}

/** The result `cid` in the data, checked to be this instruction's, with these arguments (the hash, when known). */
function storedResult(ctx: Context, t: Tetraplet, hash: Cid | undefined, cid: Cid): ServiceResult {
  const result = ctx.serviceResult(cid);
  const mismatch = (param: string, expected: string, stored: string) =>
    new UncatchableError(ErrorCode.PARAMETERS_MISMATCH, message.parametersMismatch(param, expected, stored));
  if (hash !== undefined && result.argument_hash !== hash)
    throw mismatch("call argument_hash", hash, result.argument_hash);
  if (result.tetraplet_cid !== cidOfTetraplet(t))
    throw mismatch("call tetraplet", rustDebug.tetraplet(t), rustDebug.tetraplet(ctx.tetraplet(result.tetraplet_cid)));
  return result;
}

/**
 * The common case on its own: this peer's own result for a call into a scalar, in its previous data and not in
 * the data that arrived, replayed with the same checks as the general path (`CallRun.replay`) but nothing made for
 * the merge. False when the states are anything else.
 */
function replayedHere(
  ctx: Context,
  instruction: Call,
  t: Tetraplet,
  args: Resolved[] | undefined,
  [p, c]: ReturnType<Context["nextStates"]>,
): boolean {
  const out = instruction.output;
  if (!p || c || out?.kind !== "scalar" || !("call" in p[0])) return false;
  const state = p[0].call;
  if (!("executed" in state) || !("scalar" in state.executed)) return false;
  const cid = state.executed.scalar;
  const result = storedResult(ctx, t, args && argumentHash(instruction, args), cid);
  const at = ctx.trace.length;
  ctx.prevPosOf[at] = p[1];
  const val = resultVal(ctx.value(result.value_cid), t, cid, result.value_cid, at);
  ctx.scopes.set(out.name, val, true);
  ctx.trace.push(p[0]);
  return true;
}

/**
 * The call's arguments, or undefined while one is not known yet. An error resolving them is the call's, as in
 * AquaVM: it carries the call's tetraplet, and so the call's peer as its `peer_id`.
 */
function resolveArguments(ctx: Context, instruction: Call, t: Tetraplet): Resolved[] | undefined {
  try {
    return instruction.args.length === 0 ? NO_ARGS : instruction.args.map((a) => resolve(ctx, a));
  } catch (err) {
    if (err instanceof VariableNotFound) return undefined;
    if (err instanceof CatchableError && !err.tetraplet) throw new CatchableError(err.code, err.message, undefined, t);
    throw err;
  }
}

export function call(ctx: Context, instruction: Call) {
  let peer: string, service: string, fn: string;
  try {
    peer = resolveString(ctx, instruction.peer);
    service = resolveString(ctx, instruction.service);
    fn = resolveString(ctx, instruction.function);
  } catch (err) {
    // a name not known yet: the call waits
    if (!(err instanceof VariableNotFound)) throw err;
    ctx.complete = false;
    return;
  }
  if (instruction.output?.kind === "scalar") ctx.scopes.checkSettable(instruction.output.name);
  const t = callTetraplet(instruction, peer, service, fn);
  const args = resolveArguments(ctx, instruction, t);
  const pair = ctx.nextStates();
  if (replayedHere(ctx, instruction, t, args, pair)) return;
  const run = new CallRun(ctx, instruction, t, args);
  const merged = mergeCall(run.shown, pair);
  if (merged?.prevPos !== undefined) ctx.prevPosOf[ctx.trace.length] = merged.prevPos;
  if (merged?.currentPos !== undefined) ctx.currentPosOf[ctx.trace.length] = merged.currentPos;
  const state = merged?.state;
  if (!state) return run.request(undefined);
  if (!("sent_by" in state)) return run.replay(state, merged.source);
  const sender = state.sent_by;
  if ("PeerIdWithCallId" in sender && sender.PeerIdWithCallId.peer_id === ctx.params.currentPeerId) {
    const id = sender.PeerIdWithCallId.call_id;
    const result = ctx.callResults.get(id);
    if (!result || !args) {
      ctx.complete = false;
      ctx.waiting++;
      run.write(state);
      return;
    }
    ctx.callResults.delete(id);
    return run.answered(result);
  }
  if (peer === ctx.params.currentPeerId) return run.request(state);
  ctx.complete = false;
  run.write(state);
}
