// `ap`: puts a value into a scalar (no trace state), into a stream, or as a key and value into a stream map (both
// leave an ap state with the generation the value went to).
import type { Json } from "../data/cid.ts";
import type { Instruction } from "../parser/ast.ts";
import { displayInstruction } from "../parser/display.ts";
import { joinable, type Context, tookPlace } from "./context.ts";
import { CatchableError, ErrorCode, message } from "./errors.ts";
import { mergeAp } from "./merge.ts";
import { resolve, type Resolved, toVal } from "./resolve.ts";
import type { Stream } from "./streams.ts";
import type { Val } from "./values.ts";

/** Adds a value going into `stream` where its ap state in the data (`merged`) says, and writes the state. */
function apState(ctx: Context, merged: ReturnType<typeof mergeAp>, stream: Stream, value: Val) {
  const state = { gens: [0] };
  const at = ctx.trace.length;
  const generation = merged
    ? stream.add({ ...value, tracePos: at }, merged.source, merged.state.gens[0])
    : stream.add({ ...value, tracePos: at });
  if (merged?.prevPos !== undefined) ctx.prevPosOf[at] = merged.prevPos;
  if (merged?.currentPos !== undefined) ctx.currentPosOf[at] = merged.currentPos;
  ctx.trace.push({ ap: state });
  ctx.generationFixups.push([state, generation, undefined]);
}

export function apToVariable(ctx: Context, instruction: Extract<Instruction, { kind: "ap" }>) {
  const resolved = joinable(ctx, () => resolve(ctx, instruction.value));
  if (!resolved) return;
  const { result } = instruction;
  if (result.kind === "scalar") {
    ctx.scopes.set(result.name, toVal(ctx, resolved));
    return;
  }
  const merged = mergeAp(displayInstruction(instruction), ctx.nextStates());
  apState(ctx, merged, ctx.scopes.stream(result.name, true), toVal(ctx, resolved));
}

function mapKey(key: Resolved, map: string): Json {
  const k = key.json;
  if (typeof k === "string" || (typeof k === "number" && Number.isInteger(k))) return k;
  throw new CatchableError(ErrorCode.STREAM_MAP_KEY, message.unsupportedMapKey(map));
}

export function apToMap(ctx: Context, instruction: Extract<Instruction, { kind: "apMap" }>) {
  const value = joinable(ctx, () => resolve(ctx, instruction.value));
  if (!value) return;
  // AquaVM takes the ap state before it resolves the key: a key that fails (or waits) leaves the state taken and
  // none written
  const merged = mergeAp(displayInstruction(instruction), ctx.nextStates());
  const key = tookPlace(ctx, () => {
    const resolved = joinable(ctx, () => resolve(ctx, instruction.key));
    return resolved && mapKey(resolved, instruction.result.name);
  });
  if (key === undefined) return;
  const val = toVal(ctx, value);
  const entry: Val = { ...val, json: { key, value: val.json } };
  apState(ctx, merged, ctx.scopes.stream(instruction.result.name, true), entry);
}
