// `fold` over a stream or stream map: the body runs over each generation's values in turn, then over generations
// the fold itself (or data replayed meanwhile) adds, until no value is left. Each iteration is recorded in the fold
// state's lore under the trace position of the value it iterated, with its states before and after `next`, so that
// traces from several peers line up iteration by iteration, by value rather than by order. Errors inside an
// iteration stay inside it; a fold over a stream with no last instruction never completes.
import type { FoldLore, State, SubTrace } from "../data/trace.ts";
import type { Instruction } from "../parser/ast.ts";
import { displayInstruction } from "../parser/display.ts";
import type { Context } from "./context.ts";
import { CatchableError, type DataName, rustDebug, traceError, traceMessage } from "./errors.ts";
import { execute } from "./execute.ts";
import { deeper, foldScope, iteration } from "./fold.ts";
import { expectKind, type Slider } from "./merge.ts";
import { START } from "./streams.ts";

type Fold = Extract<Instruction, { kind: "fold" }>;

interface Recorded {
  pos: number;
  before: SubTrace;
  after: SubTrace;
  /** Whether the iteration got to `next`; if not, all its states are before. */
  reachedNext: boolean;
}

/** A lore entry of one input trace with the subtrace lengths its slider covers (iteration and what nests in it). */
interface InputLore {
  before: SubTrace;
  after: SubTrace;
}

function generationAt(trace: readonly State[], pos: number, shown: string): number {
  const s = trace[pos];
  if (s && "ap" in s) return s.ap.gens[0]!;
  if (s && "call" in s && "executed" in s.call && "stream" in s.call.executed) return s.call.executed.stream.generation;
  throw traceError(shown, s ? traceMessage.noStreamState(s) : traceMessage.noElementAtPosition(pos, trace.length));
}

/** The lore of one input, by value position, with the effective lengths of each iteration's subtraces. */
function inputLore(trace: readonly State[], lore: FoldLore[], shown: string): Map<number, InputLore> {
  const out = new Map<number, InputLore>();
  let i = 0;
  while (i < lore.length) {
    const gen = generationAt(trace, lore[i]!.pos, shown);
    let j = i;
    while (j < lore.length && generationAt(trace, lore[j]!.pos, shown) === gen) j++;
    const group = lore.slice(i, j);
    const afters: number[] = [];
    let acc = 0;
    for (const l of group) afters.push((acc += l.desc[1].len));
    let befores = afters.at(-1)!;
    const beforeLens: number[] = [];
    for (let k = group.length - 1; k >= 0; k--) beforeLens[k] = befores += group[k]!.desc[0].len;
    group.forEach((l, k) => {
      if (out.has(l.pos)) throw traceError(shown, traceMessage.severalRecordsWithSamePos(lore, l.pos));
      out.set(l.pos, {
        before: { pos: l.desc[0].pos, len: beforeLens[k]! },
        after: { pos: l.desc[1].pos, len: afters[k]! },
      });
    });
    i = j;
  }
  return out;
}

const total = (lore: FoldLore[]) => lore.reduce((n, l) => n + l.desc[0].len + l.desc[1].len, 0);

function foldLoreOf(state: readonly [State, number] | undefined, which: DataName, shown: string): FoldLore[] {
  if (!state) return [];
  if (!("fold" in state[0])) throw traceError(shown, traceMessage.unexpectedState(state[0], which, "fold"));
  return state[0].fold.lore;
}

export function foldStream(ctx: Context, instruction: Fold) {
  const shown = displayInstruction(instruction);
  const stream = ctx.scopes.stream((instruction.iterable as { name: string }).name, false);
  if (!stream) {
    ctx.complete = false;
    return;
  }
  const [p, c] = ctx.nextStates();
  expectKind(shown, [p, c], "fold");
  const input = (slider: Slider, lore: FoldLore[], posOf: number[]) => ({
    slider,
    lore,
    posOf,
    byPos: inputLore(slider.trace, lore, shown),
    restore: [slider.pos + total(lore), slider.remaining - total(lore)] as const,
  });
  const inputs = [
    input(ctx.prev, foldLoreOf(p, "previous", shown), ctx.prevPosOf),
    input(ctx.current, foldLoreOf(c, "current", shown), ctx.currentPosOf),
  ];
  const short = inputs.findIndex((x) => x.restore[1] < 0);
  if (short >= 0) {
    const { byPos, lore, slider } = inputs[short]!;
    const resolved = rustDebug.resolvedFold([...byPos], total(lore));
    throw traceError(shown, traceMessage.foldLenUnderflow(resolved, slider.pos, short === 0 ? "previous" : "current"));
  }
  const state = { fold: { lore: [] as FoldLore[] } };
  ctx.trace.push(state);
  const recorded: Recorded[] = [];

  const aim = (slider: Slider, sub: SubTrace | undefined) =>
    sub ? slider.set(sub.pos, sub.len) : slider.set(slider.pos, 0);

  let anyComplete = false;
  let ran = false;
  const { last } = instruction;
  foldScope(ctx, instruction.iterator.name, () => {
    // AquaVM's passes: the first over every generation, each next one over the generations after the cursor taken
    // when the previous pass started, with a new generation open for what the body adds meanwhile
    let generations = stream.since(START);
    let cursor = stream.cursor();
    if (generations.length > 0) stream.openGeneration();
    while (generations.length > 0) {
      for (const generation of generations) {
        const values = [...generation.values];
        const matched = values.map((v) => inputs.map((x) => x.byPos.get(x.posOf[v.tracePos] ?? -1)));
        const run = (k: number): void => {
          const entry: Recorded = {
            pos: values[k]!.tracePos,
            before: { pos: ctx.trace.length, len: 0 },
            after: { pos: 0, len: 0 },
            reachedNext: false,
          };
          recorded.push(entry);
          inputs.forEach((x, i) => aim(x.slider, matched[k]![i]?.before));
          try {
            iteration(ctx, instruction, values[k]!, () => {
              entry.reachedNext = true;
              entry.before.len = ctx.trace.length - entry.before.pos;
              if (k + 1 < values.length) deeper(ctx, () => run(k + 1));
              entry.after.pos = ctx.trace.length;
              inputs.forEach((x, i) => aim(x.slider, matched[k]![i]?.after));
              // the last instruction runs in place of the next of each generation's last element (AquaVM folds a
              // stream generation by generation): its states are in that element's after-next part
              if (k + 1 < values.length) return;
              if (last) {
                ctx.complete = true;
                execute(ctx, last);
              } else ctx.complete = false;
            });
          } finally {
            if (entry.reachedNext) entry.after.len = ctx.trace.length - entry.after.pos;
            else {
              entry.before.len = ctx.trace.length - entry.before.pos;
              entry.after = { pos: ctx.trace.length, len: 0 };
            }
          }
        };
        ctx.complete = true;
        ran = true;
        try {
          run(0);
          anyComplete ||= ctx.complete;
        } catch (err) {
          if (!(err instanceof CatchableError)) throw err;
        }
      }
      generations = stream.since(cursor);
      stream.dropEmptyGeneration();
      cursor = stream.cursor();
      stream.openGeneration();
    }
  });
  state.fold.lore = recorded.map((r) => ({ pos: r.pos, desc: [r.before, r.after] }));
  for (const x of inputs) x.slider.set(...x.restore);
  ctx.complete = ran && anyComplete;
}
