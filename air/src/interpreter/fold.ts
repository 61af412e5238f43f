// `fold` over an array (a scalar, a lens, a canon stream or map) and `next`: the body runs for the first element,
// and each `next` runs it for the following one, one scope level deeper, so that what follows `next` runs while
// unwinding. When `next` finds no element left, the optional last instruction runs.
import type { Instruction, Value } from "../parser/ast.ts";
import { displayLens, displayValue } from "../parser/display.ts";
import { type Context, joinable } from "./context.ts";
import { CatchableError, ErrorCode, message } from "./errors.ts";
import { execute } from "./execute.ts";
import { resolve } from "./resolve.ts";
import { foldStream } from "./fold-stream.ts";
import { type Canon, type Val, withLensText } from "./values.ts";

type Fold = Extract<Instruction, { kind: "fold" }>;

function elementsOf(ctx: Context, iterable: Value): Val[] {
  if ((iterable.kind === "canonStream" || iterable.kind === "canonMap") && !iterable.lens)
    return (ctx.scopes.get(iterable.name) as Canon).values;
  const r = resolve(ctx, iterable);
  if (!Array.isArray(r.json)) {
    // AquaVM names the lens alone when there is one
    const expression = "lens" in iterable && iterable.lens ? displayLens(iterable.lens) : displayValue(iterable);
    throw new CatchableError(ErrorCode.FOLD_OVER_NON_ARRAY, message.foldOverNonArray(r.json, expression));
  }
  const elements = r.json;
  const perElement = iterable.kind === "canonMap" && iterable.lens;
  return elements.map((json, i) => ({
    json,
    tetraplet: perElement ? r.tetraplet : withLensText(r.tetraplet, `${r.tetraplet.lens}.$.[${i}]`),
    provenance: r.provenance,
    tracePos: ctx.trace.length,
  }));
}

/** Runs `body` as a fold's scope; the fold of the same iterator name around it (if any) gets `next` back after. */
export function foldScope(ctx: Context, name: string, body: () => void) {
  const outer = ctx.folds.get(name);
  ctx.scopes.enterFold();
  try {
    body();
  } finally {
    ctx.scopes.leaveFold();
    if (outer) ctx.folds.set(name, outer);
    else ctx.folds.delete(name);
  }
}

/** Runs the fold's body with its iterator bound to `value`; the body's `next` calls `onNext`. */
export function iteration(ctx: Context, instruction: Fold, value: Val, onNext: () => void) {
  const name = instruction.iterator.name;
  ctx.folds.set(name, onNext);
  ctx.scopes.pushIterator(name, value);
  try {
    execute(ctx, instruction.body);
  } finally {
    ctx.scopes.popIterator(name);
  }
}

/** Runs the following iteration one scope level deeper, with this iteration's variables hidden. */
export function deeper(ctx: Context, body: () => void) {
  const level = ctx.scopes.descend();
  try {
    body();
  } finally {
    ctx.scopes.ascend(level);
  }
}

export function fold(ctx: Context, instruction: Fold) {
  if (instruction.iterable.kind === "stream" || instruction.iterable.kind === "streamMap")
    return foldStream(ctx, instruction);
  const iterable = instruction.iterable;
  const elements = joinable(ctx, () => elementsOf(ctx, iterable));
  if (!elements || elements.length === 0) return;
  const { last, body } = instruction;
  const name = instruction.iterator.name;
  // One `next` for every iteration, which runs the following element's body in place: per element the stack holds
  // only this, the body's instructions and `next`, since a fold over an array nests as deep as the array is long.
  let k = -1;
  const onNext = (): void => {
    const at = k + 1;
    if (at >= elements.length) {
      if (last) {
        ctx.complete = true;
        execute(ctx, last);
      }
      return;
    }
    const level = at > 0 ? ctx.scopes.descend() : undefined;
    k = at;
    ctx.scopes.pushIterator(name, elements[at]!);
    try {
      execute(ctx, body);
    } finally {
      ctx.scopes.popIterator(name);
      if (level !== undefined) ctx.scopes.ascend(level);
      k = at - 1;
    }
  };
  foldScope(ctx, name, () => {
    ctx.folds.set(name, onNext);
    onNext();
  });
}
