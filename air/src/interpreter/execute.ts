// Running instructions: the dispatcher, which records a failing instruction's error in `:error:` and
// `%last_error%`, and the instructions that only steer (seq, par, xor, match, new, fail, null, never).
import type { Instruction } from "../parser/ast.ts";
import { displayInstruction } from "../parser/display.ts";
import { apToMap, apToVariable } from "./ap.ts";
import { call } from "./call.ts";
import { canon } from "./canon.ts";
import { type Context, joinable } from "./context.ts";
import { CatchableError, ErrorCode, message, traceError, traceMessage, UncatchableError } from "./errors.ts";
import { fail } from "./fail.ts";
import { fold } from "./fold.ts";
import { parSizes } from "./merge.ts";
import { resolve } from "./resolve.ts";
import { enterChain, passLink } from "./resume.ts";
import { jsonEqual } from "./values.ts";

function record(ctx: Context, instruction: Instruction, err: CatchableError) {
  if (err.recorded) return;
  err.recorded = true;
  const shown = displayInstruction(instruction);
  const base = { error_code: err.code, message: err.message, instruction: shown };
  const t = err.tetraplet ?? ctx.literalTetraplet();
  const peer = err.tetraplet?.peer_pk ?? ctx.params.currentPeerId;
  const located = instruction.kind === "call" || instruction.kind === "canon";
  const isMatch = err.code === ErrorCode.MATCH_VALUES_NOT_EQUAL || err.code === ErrorCode.MISMATCH_VALUES_EQUAL;
  if (ctx.lastErrorSettable && !isMatch && !err.errorObject) {
    ctx.lastError = { object: { ...base, peer_id: peer }, tetraplet: t };
    ctx.lastErrorSettable = false;
  }
  if (ctx.errorSettable) {
    ctx.error = { object: located ? { ...base, peer_id: peer } : base, tetraplet: t };
    ctx.errorSettable = false;
  }
}

export function execute(ctx: Context, instruction: Instruction): void {
  if (--ctx.stepsLeft < 0)
    throw new UncatchableError(ErrorCode.STEP_LIMIT, `the run took more than ${ctx.steps} steps`);
  // one frame per instruction: a fold over a long array nests as deep as it is long
  try {
    switch (instruction.kind) {
      case "seq": {
        if (ctx.script.spine.has(instruction)) return spineChain(ctx, instruction);
        // a chain (seq a (seq b (seq c ...))) runs in a loop, not a frame per link: an error inside is already
        // recorded by the instruction that raised it, so the links in between have nothing to add
        let link: Instruction = instruction;
        while (link.kind === "seq") {
          ctx.complete = true;
          execute(ctx, link.left);
          if (!ctx.complete) return;
          link = link.right;
        }
        ctx.complete = true;
        return execute(ctx, link);
      }
      case "par":
        return par(ctx, instruction);
      case "xor":
        return xor(ctx, instruction);
      case "null":
        return;
      case "never":
        ctx.complete = false;
        return;
      case "match":
      case "mismatch":
        return match(ctx, instruction);
      case "new":
        return newScope(ctx, instruction);
      case "fail":
        return fail(ctx, instruction);
      case "call":
        return call(ctx, instruction);
      case "ap":
        return apToVariable(ctx, instruction);
      case "apMap":
        return apToMap(ctx, instruction);
      case "canon":
        return canon(ctx, instruction);
      case "fold":
        return fold(ctx, instruction);
      case "next": {
        // inline: one frame less per element of a fold, which nests as deep as its array is long
        const name = instruction.iterator.name;
        const onNext = ctx.folds.get(name);
        // the parser lets a next outside its fold through, as AquaVM's does, unless it is its iterator's first
        if (!onNext)
          throw new UncatchableError(
            ErrorCode.FOLD_STATE_NOT_FOUND,
            `fold state not found for this iterable '${name}'`,
          );
        return onNext();
      }
    }
  } catch (err) {
    if (err instanceof CatchableError) record(ctx, instruction, err);
    throw err;
  }
}

type Binary = Extract<Instruction, { kind: "seq" | "par" | "xor" }>;

/**
 * A chain of seqs on the script's spine: as in `execute`, noting a checkpoint after each link (resume.ts). It is a
 * loop of its own: in `execute` the frame bookkeeping would make every frame larger, and a fold nests through
 * `execute` once an element (a fold with a seq body fits about a tenth fewer elements).
 */
function spineChain(ctx: Context, head: Binary) {
  const frame = enterChain(ctx, head);
  let link: Instruction = head;
  for (let i = 0; i < frame.index; i++) link = (link as Binary).right;
  try {
    while (link.kind === "seq") {
      ctx.complete = true;
      execute(ctx, link.left);
      if (!ctx.complete) return;
      passLink(ctx, frame);
      link = link.right;
    }
    ctx.complete = true;
    execute(ctx, link);
  } finally {
    ctx.chainFrames.pop();
  }
}

function par(ctx: Context, instruction: Binary) {
  const shown = displayInstruction(instruction);
  const { prev, current } = ctx;
  const [p, c] = ctx.nextStates();
  // each input's par state splits what follows it into the left branch's states, then the right's
  const [[pl, pr], [cl, cr]] = parSizes(shown, [p, c]);
  const [prevPos, prevRest, currentPos, currentRest] = [prev.pos, prev.remaining, current.pos, current.remaining];
  if (pl + pr > prevRest) throw traceError(shown, traceMessage.parLenUnderflow([pl, pr], prevRest));
  if (cl + cr > currentRest) throw traceError(shown, traceMessage.parLenUnderflow([cl, cr], currentRest));
  const state = { par: [0, 0] as [number, number] };
  ctx.trace.push(state);
  // both branches in one loop, without a function per branch: a fold whose body is a par nests through here
  let complete = false;
  let error: CatchableError | undefined;
  let errors = 0;
  for (let side = 0; side < 2; side++) {
    const branch = side === 0 ? instruction.left : instruction.right;
    prev.set(side === 0 ? prevPos : prevPos + pl, side === 0 ? pl : pr);
    current.set(side === 0 ? currentPos : currentPos + cl, side === 0 ? cl : cr);
    const before = ctx.trace.length;
    // a branch that is only `next` completes only through the iterations it runs
    ctx.complete = branch.kind !== "next";
    try {
      execute(ctx, branch);
      if (ctx.complete) complete = true;
    } catch (err) {
      if (!(err instanceof CatchableError)) throw err;
      error = err;
      errors++;
    } finally {
      state.par[side] = ctx.trace.length - before;
    }
  }
  prev.set(prevPos + pl + pr, prevRest - pl - pr);
  current.set(currentPos + cl + cr, currentRest - cl - cr);
  ctx.complete = complete;
  if (errors === 2) throw error!;
  ctx.lastErrorSettable = true;
}

function xor(ctx: Context, instruction: Binary) {
  ctx.complete = true;
  try {
    execute(ctx, instruction.left);
    return;
  } catch (err) {
    if (!(err instanceof CatchableError)) throw err;
    ctx.complete = true;
    ctx.lastErrorSettable = true;
    ctx.errorSettable = true;
    const outer = ctx.caught;
    ctx.caught = err;
    try {
      execute(ctx, instruction.right);
    } finally {
      ctx.caught = outer;
    }
    if (ctx.errorSettable) ctx.error = { object: { error_code: 0, message: "" }, tetraplet: ctx.literalTetraplet() };
  }
}

function match(ctx: Context, instruction: Extract<Instruction, { kind: "match" | "mismatch" }>) {
  const values = joinable(ctx, () => [resolve(ctx, instruction.left), resolve(ctx, instruction.right)]);
  if (!values) return;
  const equal = jsonEqual(values[0]!.json, values[1]!.json);
  if (instruction.kind === "match" && !equal)
    throw new CatchableError(ErrorCode.MATCH_VALUES_NOT_EQUAL, message.matchValuesNotEqual());
  if (instruction.kind === "mismatch" && equal)
    throw new CatchableError(ErrorCode.MISMATCH_VALUES_EQUAL, message.mismatchValuesEqual());
  execute(ctx, instruction.body);
}

function newScope(ctx: Context, instruction: Extract<Instruction, { kind: "new" }>) {
  const { variable, body } = instruction;
  if (variable.kind === "stream" || variable.kind === "streamMap") {
    ctx.scopes.withNewStream(
      variable.name,
      () => execute(ctx, body),
      (stream) => stream.renumber(),
    );
  } else {
    ctx.scopes.withNew(variable.name, () => execute(ctx, body));
  }
}
