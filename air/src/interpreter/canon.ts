// `canon`: freezes a stream (or stream map) as it is on the canon's peer into a canon stream, a canon map or, for a
// map, a scalar object. Once made, the canon is in the trace and every later run reads it from there.
import type { Json } from "../data/cid.ts";
import { cidOfTetraplet } from "../data/records.ts";
import type { CanonState } from "../data/trace.ts";
import type { Instruction } from "../parser/ast.ts";
import { displayInstruction } from "../parser/display.ts";
import { type Context, joinable, tookPlace } from "./context.ts";
import { ErrorCode, message, rustDebug, UncatchableError } from "./errors.ts";
import { mergeCanon } from "./merge.ts";
import { resolveString } from "./resolve.ts";
import { type Canon, checkMapEntries, tetraplet, type Val } from "./values.ts";

type CanonInstruction = Extract<Instruction, { kind: "canon" }>;

/** A stream map canonicalised into a scalar is one object: each key's first value. */
function firstValues(values: Val[], peer: string): Val[] {
  const object: { [key: string]: Json } = {};
  for (const v of values) {
    const { key, value } = v.json as { key: Json; value: Json };
    if (!Object.hasOwn(object, String(key))) object[String(key)] = value;
  }
  return [{ json: object, tetraplet: tetraplet(peer), provenance: { type: "literal" }, tracePos: 0 }];
}

function snapshot(ctx: Context, instruction: CanonInstruction, peer: string): Canon {
  let values = ctx.scopes.stream(instruction.source.name, false)?.values() ?? [];
  const map = instruction.source.kind === "streamMap";
  if (map) checkMapEntries(values);
  if (instruction.target.kind === "scalar") values = firstValues(values, peer);
  // values and their provenances are never changed once made, so the canon shares them
  const elements = values.map((v) =>
    ctx.storeCanonElement({
      value: v.valueCid ?? ctx.storeValue(v.json),
      tetraplet: ctx.storeTetraplet(v.tetraplet),
      provenance: v.provenance,
    }),
  );
  const t = tetraplet(peer);
  const cid = ctx.storeCanonResult({ tetraplet: ctx.storeTetraplet(t), values: elements });
  return { kind: "canon", values, tetraplet: t, cid, map };
}

function load(ctx: Context, instruction: CanonInstruction, cid: string, peer: string): Canon {
  const result = ctx.canonResult(cid);
  const expected = tetraplet(peer);
  if (result.tetraplet !== cidOfTetraplet(expected)) {
    const [want, got] = [expected, ctx.tetraplet(result.tetraplet)].map(rustDebug.tetraplet);
    throw new UncatchableError(
      ErrorCode.PARAMETERS_MISMATCH,
      message.parametersMismatch("canon tetraplet", want!, got!),
    );
  }
  const values: Val[] = result.values.map((elementCid) => {
    const element = ctx.canonElement(elementCid);
    return {
      json: ctx.value(element.value),
      tetraplet: ctx.tetraplet(element.tetraplet),
      provenance: element.provenance,
      tracePos: ctx.trace.length,
    };
  });
  const map = instruction.source.kind === "streamMap";
  // a canon map made on another peer holds whatever that peer put in it (a scalar from a map holds one object)
  if (map && instruction.target.kind !== "scalar") checkMapEntries(values);
  return { kind: "canon", values, tetraplet: tetraplet(peer), cid, map };
}

function assign(ctx: Context, instruction: CanonInstruction, canon: Canon) {
  const { target } = instruction;
  if (target.kind !== "scalar") return ctx.scopes.set(target.name, canon);
  ctx.scopes.set(target.name, {
    json: canon.values[0]?.json ?? {},
    tetraplet: canon.tetraplet,
    provenance: { type: "canon", cid: canon.cid },
    tracePos: ctx.trace.length,
  });
}

export function canon(ctx: Context, instruction: CanonInstruction) {
  // AquaVM takes the canon's state from the data before it resolves the peer
  const merged = mergeCanon(displayInstruction(instruction), ctx.nextStates());
  const write = (state: CanonState) => ctx.trace.push({ canon: state });
  const peer = tookPlace(ctx, () => joinable(ctx, () => resolveString(ctx, instruction.peer)));
  if (peer === undefined) {
    if (merged) write(merged.state);
    return;
  }
  const me = ctx.params.currentPeerId;
  if (merged && "executed" in merged.state) {
    const made = load(ctx, instruction, merged.state.executed, peer);
    write(merged.state);
    return assign(ctx, instruction, made);
  }
  if (peer !== me) {
    if (!merged) ctx.nextPeers.add(peer);
    write(merged?.state ?? { sent_by: me });
    ctx.complete = false;
    return;
  }
  const made = snapshot(ctx, instruction, peer);
  write({ executed: made.cid });
  assign(ctx, instruction, made);
}
