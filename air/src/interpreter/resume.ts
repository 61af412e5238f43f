// Resuming where the previous run stopped. A run that asks the host for a call result ends, and the next run
// (AquaVM's model) starts the script again from the top with the result, replaying every state the earlier runs
// wrote: n calls in sequence replay n²/2 states. So a run keeps, with the data it writes, a checkpoint: the last
// point at which a link of a chain of `seq`s on the script's spine (the root, seqs' links and xors' left sides)
// had completed with nothing inside it left waiting, and the variables there. The next run on exactly that data,
// with nothing new arrived, starts from the checkpoint; replaying the prefix would read the same states and set
// the same variables, since nothing there waits for anything. (A run on data that arrived leaves one too: what it
// merged is in the data it wrote, where a replay would read it.)
//
// A run takes no checkpoint after an instruction that failed once it had taken its state's place (context.ts,
// `tookPlace`): a replay would read another instruction's state there, as AquaVM does.
//
// A checkpoint is kept only when what it holds is still true at the end of its run: no variable set and no value
// written to a stream after it. Streams written before it are settled when a run resumes: a replay would file
// their values as read from the previous data, in the generations the run that wrote them numbered. A run that
// ended in an error may leave one: the next run meets the same error again.
import type { LoadedData } from "../data/loaded.ts";
import type { Instruction } from "../parser/ast.ts";
import type { Context, ErrorVariable, RunParams } from "./context.ts";
import type { Scopes } from "./scopes.ts";

export interface Checkpoint {
  root: Instruction;
  params: RunParams;
  scopes: Scopes;
  /** The scopes' version when it was taken. */
  version: number;
  /** The values written to streams before it. */
  streamWrites: number;
  /** For each spine chain entered on the way to it, the link to start at. */
  links: Map<Instruction, number>;
  /** The states written before it. */
  traceLength: number;
  lastError: ErrorVariable;
  lastErrorSettable: boolean;
  error: ErrorVariable;
  errorSettable: boolean;
}

/** A spine chain being run: its head `seq` and the link it is at. */
export interface ChainFrame {
  head: Instruction;
  index: number;
}

/** The heads of the `seq` chains on the script's spine: reached from the root through seq links and xors' lefts. */
export function spineChains(root: Instruction): ReadonlySet<Instruction> {
  const heads = new Set<Instruction>();
  const walk = (node: Instruction): void => {
    if (node.kind === "xor") return walk(node.left);
    if (node.kind !== "seq") return;
    heads.add(node);
    let link: Instruction = node;
    for (; link.kind === "seq"; link = link.right) walk(link.left);
    walk(link);
  };
  walk(root);
  return heads;
}

/** Enters a chain on the spine: its frame, at the link a resuming run starts at (else the first). */
export function enterChain(ctx: Context, head: Instruction): ChainFrame {
  const frame = { head, index: ctx.resume?.get(head) ?? 0 };
  ctx.chainFrames.push(frame);
  return frame;
}

/** A link of a chain on the spine completed: the frame moves on, and the point is noted. */
export function passLink(ctx: Context, frame: ChainFrame) {
  frame.index++;
  markCheckpoint(ctx);
}

/** Notes the point after a spine chain's link completed, when nothing before it is left waiting. */
function markCheckpoint(ctx: Context) {
  if (ctx.waiting > 0 || ctx.unreplayable) return;
  ctx.checkpoint = {
    root: ctx.script.root,
    params: ctx.params,
    scopes: ctx.scopes,
    version: ctx.scopes.version,
    streamWrites: ctx.generationFixups.length,
    links: new Map(ctx.chainFrames.map((f) => [f.head, f.index])),
    traceLength: ctx.trace.length,
    lastError: ctx.lastError,
    lastErrorSettable: ctx.lastErrorSettable,
    error: ctx.error,
    errorSettable: ctx.errorSettable,
  };
}

/** Keeps the run's checkpoint with the data it wrote, when it still holds (above). */
export function keepCheckpoint(ctx: Context, data: LoadedData) {
  const cp = ctx.checkpoint;
  if (!cp || cp.version !== ctx.scopes.version || cp.streamWrites !== ctx.generationFixups.length) return;
  data.checkpoint = cp;
}

const sameParams = (a: RunParams, b: RunParams) =>
  a.particleId === b.particleId &&
  a.initPeerId === b.initPeerId &&
  a.currentPeerId === b.currentPeerId &&
  a.timestamp === b.timestamp &&
  a.ttl === b.ttl;

/**
 * The checkpoint kept with `prev` for this script and these parameters. The caller has taken `prev` over from the
 * data cache, so no other run can come to it.
 */
export function takeCheckpoint(prev: LoadedData, root: Instruction, params: RunParams): Checkpoint | undefined {
  const cp = prev.checkpoint;
  if (!cp) return undefined;
  if (cp.root !== root || !sameParams(cp.params, params)) return undefined;
  return cp;
}

let resumed = 0;

/** How many runs in this process started from a checkpoint (for tests and a peer's metrics). */
export const resumedRuns = () => resumed;

/** Sets a run up at a checkpoint: the states before it as they were, and the spine chains' links to start at. */
export function resumeFrom(ctx: Context, cp: Checkpoint) {
  resumed++;
  const prior = ctx.prev.trace;
  for (let i = 0; i < cp.traceLength; i++) ctx.trace.push(prior[i]!);
  ctx.prev.set(cp.traceLength, prior.length - cp.traceLength);
  for (const stream of ctx.scopes.globalStreamList()) {
    stream.settle();
    // where each value's state came from in the previous data, as a replay notes it for stream folds: the same place
    for (const value of stream.values()) ctx.prevPosOf[value.tracePos] = value.tracePos;
  }
  ctx.resume = cp.links;
  ctx.lastError = cp.lastError;
  ctx.lastErrorSettable = cp.lastErrorSettable;
  ctx.error = cp.error;
  ctx.errorSettable = cp.errorSettable;
  // the run stands at the checkpoint, which holds for it as for the run before until it sets or writes something
  ctx.checkpoint = { ...cp, streamWrites: 0 };
}
