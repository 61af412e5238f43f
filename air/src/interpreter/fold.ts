// `fold` over an array (a scalar, a lens, a canon stream or map) and `next`: the body runs for the first element,
// and each `next` runs it for the following one, one scope level deeper, so that what follows `next` runs while
// unwinding. When `next` finds no element left, the optional last instruction runs.
import type { Instruction, Value } from "../parser/ast.ts";
import { displayInstruction, displayValue } from "../parser/display.ts";
import { type Context, joinable } from "./context.ts";
import { CatchableError, ErrorCode } from "./errors.ts";
import { execute } from "./execute.ts";
import { resolve } from "./resolve.ts";
import { foldStream } from "./fold-stream.ts";
import type { Canon, Val } from "./values.ts";

type Fold = Extract<Instruction, { kind: "fold" }>;

/** What `next` continues: the fold's elements and where it is in them. */
export interface FoldFrame {
  instruction: Fold;
  elements: Val[];
  index: number;
  /** Set by stream folds: runs at `next` instead of advancing through `elements`. */
  onNext?: () => void;
}

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

/** Runs the body for `frame.elements[index]`, with the iterator bound to it. */
export function iterate(ctx: Context, frame: FoldFrame, index: number) {
  frame.index = index;
  const { iterator, body } = frame.instruction;
  ctx.scopes.pushIterator(iterator.name, frame.elements[index]!);
  try {
    execute(ctx, body);
  } finally {
    ctx.scopes.popIterator(iterator.name);
  }
}

export function fold(ctx: Context, instruction: Fold) {
  if (instruction.iterable.kind === "stream" || instruction.iterable.kind === "streamMap")
    return foldStream(ctx, instruction);
  const iterable = instruction.iterable;
  const elements = joinable(ctx, () => elementsOf(ctx, iterable));
  if (!elements || elements.length === 0) return;
  const frame: FoldFrame = { instruction, elements, index: 0 };
  const name = instruction.iterator.name;
  const outer = ctx.folds.get(name);
  ctx.folds.set(name, frame);
  ctx.scopes.enterFold();
  try {
    iterate(ctx, frame, 0);
  } finally {
    ctx.scopes.leaveFold();
    if (outer) ctx.folds.set(name, outer);
    else ctx.folds.delete(name);
  }
}

export function next(ctx: Context, instruction: Extract<Instruction, { kind: "next" }>) {
  const frame = ctx.folds.get(instruction.iterator.name);
  if (!frame) throw new Error(`the parser lets no ${displayInstruction(instruction)} outside its fold through`);
  if (frame.onNext) return frame.onNext();
  const index = frame.index;
  if (index + 1 < frame.elements.length) {
    const level = ctx.scopes.descend();
    try {
      iterate(ctx, frame, index + 1);
    } finally {
      ctx.scopes.ascend(level);
      frame.index = index;
    }
  } else if (frame.instruction.last) {
    ctx.complete = true;
    execute(ctx, frame.instruction.last);
  }
}
