// Merging this peer's previous data with the data that arrived, state by state as the script runs (AquaVM's
// trace handler): two sliders walk the two traces, and each instruction that leaves a state takes the next state of
// each and combines the pair. `par` and stream folds narrow the sliders to their subtraces, so states from different
// peers combine branch by branch and iteration by iteration, whatever order the data arrived in.
import type { CallState, CanonState, State, ValueRef } from "../data/trace.ts";
import { traceError } from "./errors.ts";

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

type Pair = readonly [readonly [State, number] | undefined, readonly [State, number] | undefined];

function sameValue(a: ValueRef, b: ValueRef): boolean {
  if ("scalar" in a) return "scalar" in b && a.scalar === b.scalar;
  if ("unused" in a) return "unused" in b && a.unused === b.unused;
  return "stream" in b && a.stream.cid === b.stream.cid;
}

export function mergeCall(instruction: string, [p, c]: Pair): Merged<CallState> {
  const prev = p && ("call" in p[0] ? p[0].call : undefined);
  const current = c && ("call" in c[0] ? c[0].call : undefined);
  if (p && !prev)
    throw traceError(instruction, `expected a call state in the previous data, found ${JSON.stringify(p[0])}`);
  if (c && !current)
    throw traceError(instruction, `expected a call state in the current data, found ${JSON.stringify(c[0])}`);
  const prevPos = p?.[1];
  const currentPos = c?.[1];
  if (!prev && !current) return undefined;
  if (!prev) return { state: current!, source: "current", currentPos };
  if (!current || "sent_by" in current) return { state: prev, source: "prev", prevPos, currentPos };
  if ("sent_by" in prev) return { state: current, source: "current", currentPos, prevPos };
  if ("executed" in prev && "executed" in current) {
    if (!sameValue(prev.executed, current.executed))
      throw traceError(instruction, "values in call results are not equal");
    return { state: prev, source: "prev", prevPos, currentPos };
  }
  if ("failed" in prev && "failed" in current) {
    if (prev.failed !== current.failed) throw traceError(instruction, "failed call results are not equal");
    return { state: prev, source: "prev", prevPos, currentPos };
  }
  throw traceError(instruction, "a call executed in one trace failed in the other");
}

function apOf(instruction: string, s: Pair[0], which: string) {
  if (!s) return undefined;
  if (!("ap" in s[0])) throw traceError(instruction, `expected an ap state in the ${which} data`);
  if (s[0].ap.gens.length !== 1) throw traceError(instruction, `an ap state must have exactly one generation`);
  return s[0].ap;
}

export function mergeAp(instruction: string, [p, c]: Pair): Merged<{ gens: number[] }> {
  const prev = apOf(instruction, p, "previous");
  const current = apOf(instruction, c, "current");
  if (prev) return { state: prev, source: "prev", prevPos: p![1], currentPos: c?.[1] };
  if (current) return { state: current, source: "current", currentPos: c![1] };
  return undefined;
}

function canonOf(instruction: string, s: Pair[0], which: string) {
  if (!s) return undefined;
  if (!("canon" in s[0])) throw traceError(instruction, `expected a canon state in the ${which} data`);
  return s[0].canon;
}

export function mergeCanon(instruction: string, [p, c]: Pair): Merged<CanonState> {
  const prev = canonOf(instruction, p, "previous");
  const current = canonOf(instruction, c, "current");
  if (!prev) return current && { state: current, source: "current" };
  if (!current) return { state: prev, source: "prev" };
  if ("executed" in prev && "executed" in current && prev.executed !== current.executed)
    throw traceError(instruction, "canon results are not equal");
  if ("sent_by" in prev && "executed" in current) return { state: current, source: "current" };
  return { state: prev, source: "prev" };
}

/** The sizes of a par state, [0, 0] when there is none. */
export function parSizes(instruction: string, s: Pair[0], which: string): [number, number] {
  if (!s) return [0, 0];
  if (!("par" in s[0])) throw traceError(instruction, `expected a par state in the ${which} data`);
  return s[0].par;
}
