// `fold` over an array (a scalar, a lens, a canon stream or map) and `next`: the body runs for the first element,
// and each `next` runs it for the following one, one scope level deeper, so that what follows `next` runs while
// unwinding. When `next` finds no element left, the optional last instruction runs.
import type { Instruction, Value } from "../parser/ast.ts";
import { displayValue } from "../parser/display.ts";
import { type Context, joinable } from "./context.ts";
import { CatchableError, ErrorCode } from "./errors.ts";
import { execute } from "./execute.ts";
import { resolve } from "./resolve.ts";
import { foldStream } from "./fold-stream.ts";
import type { Canon, Val } from "./values.ts";

type Fold = Extract<Instruction, { kind: "fold" }>;

function elementsOf(ctx: Context, iterable: Value): Val[] {
  if ((iterable.kind === "canonStream" || iterable.kind === "canonMap") && !iterable.lens)
    return (ctx.scopes.get(iterable.name) as Canon).values;
  const r = resolve(ctx, iterable);
  if (!Array.isArray(r.json)) {
    throw new CatchableError(
      ErrorCode.FOLD_OVER_NON_ARRAY,
      `expression '${displayValue(iterable)}' returned non-array value '${JSON.stringify(r.json)}' for fold iterable`,
    );
  }
  const elements = r.json;
  const perElement = iterable.kind === "canonMap" && iterable.lens;
  return elements.map((json, i) => ({
    json,
    tetraplet: perElement ? r.tetraplet : { ...r.tetraplet, lens: `${r.tetraplet.lens}.$.[${i}]` },
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
  const { last } = instruction;
  const name = instruction.iterator.name;
  // frames per element kept few (this, the body's instructions, `next`): a fold nests as deep as its array is long
  const run = (k: number): void => {
    ctx.folds.set(name, () => {
      if (k + 1 < elements.length) {
        const level = ctx.scopes.descend();
        try {
          run(k + 1);
        } finally {
          ctx.scopes.ascend(level);
        }
      } else if (last) {
        ctx.complete = true;
        execute(ctx, last);
      }
    });
    ctx.scopes.pushIterator(name, elements[k]!);
    try {
      execute(ctx, instruction.body);
    } finally {
      ctx.scopes.popIterator(name);
    }
  };
  foldScope(ctx, name, () => run(0));
}
