// Merging this peer's previous data with the data that arrived, state by state as the script runs (AquaVM's
// trace handler): two sliders walk the two traces, and each instruction that leaves a state takes the next state of
// each and combines the pair. `par` and stream folds narrow the sliders to their subtraces, so states from different
// peers combine branch by branch and iteration by iteration, whatever order the data arrived in.
import type { CallState, CanonState, State, ValueRef } from "../data/trace.ts";
import { traceError, traceMessage } from "./errors.ts";

export class Slider {
  pos = 0;
  len: number;
  seen = 0;
  constructor(readonly trace: readonly State[]) {
    this.len = trace.length;
  }
  /** Reused by every `next`: whoever takes a state reads it at once (no state is kept across two `next`s). */
  private readonly slot: [State, number] = [undefined as unknown as State, 0];

  /** The next state of the current subtrace and its position, or undefined when it is used up. */
  next(): readonly [State, number] | undefined {
    if (this.seen >= this.len || this.pos >= this.trace.length) return undefined;
    this.seen++;
    this.slot[0] = this.trace[this.pos]!;
    this.slot[1] = this.pos++;
    return this.slot;
  }
  set(pos: number, len: number) {
    this.pos = pos;
    this.len = len;
    this.seen = 0;
  }
  get remaining() {
    return this.len - this.seen;
  }
}

/** Where a merged state came from: values from prev (or both) are this peer's, from current are new to it. */
export type Source = "prev" | "current";

export type Merged<T> = { state: T; source: Source; prevPos?: number; currentPos?: number } | undefined;

export type Pair = readonly [readonly [State, number] | undefined, readonly [State, number] | undefined];

/** A kind of state, as AquaVM's messages name it. */
type Kind = "par" | "call" | "fold" | "ap" | "canon";

/** Throws AquaVM's trace error unless each of the two states there is (when there is one) of `kind`. */
export function expectKind(instruction: string, [p, c]: Pair, kind: Kind) {
  if ((!p || kind in p[0]) && (!c || kind in c[0])) return;
  if (p && c) throw traceError(instruction, traceMessage.incompatibleStates(p[0], c[0]));
  if (p) throw traceError(instruction, traceMessage.unexpectedState(p[0], "previous", kind));
  throw traceError(instruction, traceMessage.unexpectedState(c![0], "current", kind));
}

function sameValue(a: ValueRef, b: ValueRef): boolean {
  if ("scalar" in a) return "scalar" in b && a.scalar === b.scalar;
  if ("unused" in a) return "unused" in b && a.unused === b.unused;
  return "stream" in b && a.stream.cid === b.stream.cid;
}

export function mergeCall(instruction: string, pair: Pair): Merged<CallState> {
  expectKind(instruction, pair, "call");
  const [p, c] = pair;
  const prev = p && (p[0] as { call: CallState }).call;
  const current = c && (c[0] as { call: CallState }).call;
  const prevPos = p?.[1];
  const currentPos = c?.[1];
  if (!prev && !current) return undefined;
  if (!prev) return { state: current!, source: "current", currentPos };
  if (!current || "sent_by" in current) return { state: prev, source: "prev", prevPos, currentPos };
  if ("sent_by" in prev) return { state: current, source: "current", currentPos, prevPos };
  if ("executed" in prev && "executed" in current) {
    if (!sameValue(prev.executed, current.executed))
      throw traceError(instruction, traceMessage.callValuesNotEqual(prev.executed, current.executed));
    return { state: prev, source: "prev", prevPos, currentPos };
  }
  if ("failed" in prev && "failed" in current && prev.failed === current.failed)
    return { state: prev, source: "prev", prevPos, currentPos };
  throw traceError(instruction, traceMessage.incompatibleCalls(prev, current));
}

export function mergeAp(instruction: string, pair: Pair): Merged<{ gens: number[] }> {
  expectKind(instruction, pair, "ap");
  const [p, c] = pair;
  // the state taken is prev's when there is one; only its generations are checked
  const merged: Merged<{ gens: number[] }> = p
    ? { state: (p[0] as { ap: { gens: number[] } }).ap, source: "prev", prevPos: p[1], currentPos: c?.[1] }
    : c && { state: (c[0] as { ap: { gens: number[] } }).ap, source: "current", currentPos: c[1] };
  if (merged && merged.state.gens.length !== 1)
    throw traceError(instruction, traceMessage.apGenerations(merged.state.gens));
  return merged;
}

export function mergeCanon(instruction: string, pair: Pair): Merged<CanonState> {
  expectKind(instruction, pair, "canon");
  const [p, c] = pair;
  const prev = p && (p[0] as { canon: CanonState }).canon;
  const current = c && (c[0] as { canon: CanonState }).canon;
  if (!prev) return current && { state: current, source: "current" };
  if (!current) return { state: prev, source: "prev" };
  if ("executed" in prev && "executed" in current && prev.executed !== current.executed)
    throw traceError(instruction, traceMessage.incompatibleCanons(prev, current));
  if ("sent_by" in prev && "executed" in current) return { state: current, source: "current" };
  return { state: prev, source: "prev" };
}

/** The sizes of the two par states, [0, 0] for an input that has none. */
export function parSizes(instruction: string, pair: Pair): [[number, number], [number, number]] {
  expectKind(instruction, pair, "par");
  const sizes = (s: Pair[0]) => (s ? (s[0] as { par: [number, number] }).par : ([0, 0] as [number, number]));
  return [sizes(pair[0]), sizes(pair[1])];
}
