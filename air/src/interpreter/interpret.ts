// One run of a particle on one peer, as a pure function of the script, this peer's previous data, the data that
// arrived and the host's call results: the new data, the peers to send it to and the calls to make here.
import { loadData, writeData } from "../data/cache.ts";
import { emptyLoaded, type LoadedData } from "../data/loaded.ts";
import { excerpt } from "../data/excerpt.ts";
import { checkIntegrity, IntegrityError } from "../data/integrity.ts";
import {
  checkSignatures,
  SignatureError,
  type SignedParticle,
  signedParticle,
  signProduced,
} from "../data/signatures.ts";
import { DataError } from "../data/trace.ts";
import { checkingAs, type KeyPair } from "../particle/keys.ts";
import { ParticleError } from "../particle/particle.ts";
import { AirParseError } from "../parser/errors.ts";
import { type CallRequest, type CallResult, Context, type RunParams, type Script } from "./context.ts";
import { CatchableError, ErrorCode, message, UncatchableError } from "./errors.ts";
import { execute } from "./execute.ts";
import { keepCheckpoint, resumeFrom, takeCheckpoint } from "./resume.ts";
import { parseScript } from "./script-cache.ts";

export interface InterpretLimits {
  /** Longest script, in characters. */
  scriptSize: number;
  /** Largest data that may arrive, in bytes. */
  dataSize: number;
  /** Longest call result, in characters. */
  callResultSize: number;
  /** Most instructions a run may start (each instruction run counts, each iteration of a fold's body again). */
  steps: number;
}

export const DEFAULT_INTERPRET_LIMITS: InterpretLimits = {
  scriptSize: 1 << 20,
  dataSize: 64 << 20,
  callResultSize: 16 << 20,
  steps: 1_000_000,
};

export interface InterpretInput {
  script: string;
  /** This peer's data from its previous run on the particle (empty the first time). */
  prevData?: Uint8Array;
  /** The data that arrived with the particle. */
  currentData?: Uint8Array;
  params: RunParams;
  /**
   * The current peer's keys. When given, the run signs the results this peer produced whenever it sends the data on
   * (a run that sends nothing leaves the data here, where no one checks its signature).
   */
  keys?: KeyPair;
  /** The host's answers to earlier call requests, by request id. */
  callResults?: Iterable<[number, CallResult]>;
  limits?: Partial<InterpretLimits>;
}

export interface InterpretOutcome {
  /** 0 on success; otherwise the error's code (1-10 for bad input, 10000+ for an error of the script). */
  retCode: number;
  errorMessage: string;
  data: Uint8Array;
  /** Peers to send the particle to, sorted. */
  nextPeers: string[];
  callRequests: [number, CallRequest][];
}

/** A run refused before it starts. Thrown and caught inside interpret only: no Error, so no stack trace to take. */
class Refusal {
  constructor(
    readonly code: number,
    readonly message: string,
  ) {}
}

const malformedCallResults = (what: string) =>
  new Refusal(ErrorCode.CALL_RESULTS_MALFORMED, `call results are malformed: ${what}`);

/** The data of a run that nothing arrived for: only read, like any arrived data, so one for every run. */
const NOTHING_ARRIVED = emptyLoaded();

function checkCallResults(results: Iterable<[number, CallResult]>, limit: number): Map<number, CallResult> {
  if (typeof results?.[Symbol.iterator] !== "function") throw malformedCallResults(`${excerpt(results)} is not a list`);
  const out = new Map<number, CallResult>();
  for (const pair of results as Iterable<unknown>) {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw malformedCallResults(`${excerpt(pair)} is not an [id, result] pair`);
    const [id, r] = pair as [number, CallResult];
    if (!Number.isSafeInteger(id) || id < 0 || !Number.isInteger(r?.retCode) || typeof r.result !== "string")
      throw new Refusal(ErrorCode.CALL_RESULTS_MALFORMED, `call result ${String(id)} is malformed`);
    if (r.result.length > limit)
      throw new Refusal(ErrorCode.SIZE_LIMIT, `call result ${id} is longer than ${limit} characters`);
    out.set(id, r);
  }
  return out;
}

/** An outcome that changes nothing: the peer's data as it was, nothing sent or asked. */
function refused(prevData: Uint8Array, code: number, message: string): InterpretOutcome {
  return { retCode: code, errorMessage: message, data: prevData, nextPeers: [], callRequests: [] };
}

/** The particle as signatures name it; refuses an id or init peer id that no signature could cover exactly. */
function particleOf(params: RunParams): SignedParticle {
  try {
    return signedParticle(params);
  } catch (err) {
    if (err instanceof ParticleError) throw new Refusal(ErrorCode.PARAMS_MALFORMED, err.message);
    throw err;
  }
}

/**
 * Checks data that arrived from another peer: its CID stores, then its signatures against prev's (as the peer of
 * `keys`, which need not check again the signatures it made or checked before).
 */
function verified(
  prev: LoadedData,
  current: LoadedData,
  particle: SignedParticle,
  keys: KeyPair | undefined,
): Map<string, string> {
  try {
    checkIntegrity(current);
    return checkingAs(keys, () => checkSignatures(prev, current, particle));
  } catch (err) {
    if (err instanceof IntegrityError) throw new Refusal(ErrorCode.CID_STORE, err.message);
    if (err instanceof SignatureError) throw new Refusal(ErrorCode.SIGNATURE, err.message);
    throw err;
  }
}

/** One run of a particle on this peer. It never throws: bad input of any kind gets a code and a message. */
export function interpret(input: InterpretInput): InterpretOutcome {
  const prevBytes = input.prevData ?? new Uint8Array();
  try {
    return run(input, prevBytes);
  } catch (err) {
    // the last resort: every cause known is refused with its own code where it arises
    const what = err instanceof Error ? `${err.name}: ${err.message}` : excerpt(err);
    return refused(prevBytes, ErrorCode.INTERNAL, `an unexpected error, the data left as it was: ${what}`);
  }
}

function run(input: InterpretInput, prevBytes: Uint8Array): InterpretOutcome {
  const limits = input.limits ? { ...DEFAULT_INTERPRET_LIMITS, ...input.limits } : DEFAULT_INTERPRET_LIMITS;
  let ctx: Context;
  let script: Script;
  let signatures: Map<string, string>;
  let particle: SignedParticle;
  let prevData: LoadedData;
  try {
    if (input.script.length > limits.scriptSize)
      throw new Refusal(ErrorCode.SIZE_LIMIT, `the script is longer than ${limits.scriptSize} characters`);
    const current = input.currentData ?? new Uint8Array();
    if (current.length > limits.dataSize)
      throw new Refusal(ErrorCode.SIZE_LIMIT, `the data is larger than ${limits.dataSize} bytes`);
    let currentData: LoadedData;
    try {
      // the arrived data is only read; this peer's previous data becomes this run's to add to
      currentData = current.length === 0 ? NOTHING_ARRIVED : loadData(current, false);
      prevData = loadData(prevBytes, true);
    } catch (err) {
      if (err instanceof DataError) throw new Refusal(ErrorCode.DATA_MALFORMED, err.message);
      throw err;
    }
    try {
      script = parseScript(input.script);
    } catch (err) {
      if (err instanceof AirParseError) throw new Refusal(ErrorCode.AIR_PARSE, err.message);
      throw err;
    }
    if (input.keys && input.keys.peerId !== input.params.currentPeerId)
      throw new Refusal(ErrorCode.KEY_PAIR, `the keys given are ${input.keys.peerId}'s, not the current peer's`);
    const callResults = checkCallResults(input.callResults ?? [], limits.callResultSize);
    particle = particleOf(input.params);
    signatures = current.length === 0 ? prevData.signatures : verified(prevData, currentData, particle, input.keys);
    // a run with nothing arrived may resume where the last one stopped; every run leaves a checkpoint for the next
    const checkpoint = current.length === 0 ? takeCheckpoint(prevData, script.root, input.params) : undefined;
    ctx = new Context(input.params, script, prevData, currentData, callResults, limits.steps, checkpoint?.scopes);
    if (checkpoint) resumeFrom(ctx, checkpoint);
  } catch (err) {
    if (err instanceof Refusal) return refused(prevBytes, err.code, err.message);
    throw err;
  }

  let retCode = 0;
  let errorMessage = "";
  try {
    execute(ctx, script.root);
  } catch (err) {
    if (err instanceof UncatchableError) return refused(prevBytes, err.code, err.message);
    if (err instanceof RangeError)
      return refused(prevBytes, ErrorCode.TOO_DEEP, `the script nests too deep to run: ${err.message}`);
    if (!(err instanceof CatchableError)) throw err;
    retCode = err.code;
    errorMessage = err.message;
  }
  if (retCode === 0 && ctx.callResults.size > 0) {
    retCode = ErrorCode.UNPROCESSED_CALL_RESULT;
    errorMessage = message.unprocessedCallResults([...ctx.callResults]);
  }
  for (const stream of ctx.scopes.globalStreamList()) stream.renumber();
  for (const [state, generation, replayed] of ctx.generationFixups) {
    if ("gens" in state) {
      state.gens[0] = generation.number;
      continue;
    }
    state.generation = generation.number;
    const kept = replayed?.state;
    if (kept && "executed" in kept && "stream" in kept.executed && kept.executed.stream.generation === state.generation)
      ctx.trace[replayed.at] = { call: kept };
  }
  const output = { trace: ctx.trace, lcid: ctx.lcid, stores: ctx.stores, signatures };
  keepCheckpoint(ctx, output);
  if (input.keys && ctx.nextPeers.size > 0)
    signatures.set(input.keys.peerId, signProduced(input.keys, output, particle));
  return {
    retCode,
    errorMessage,
    data: writeData(output, prevData, ctx.nextPeers.size > 0),
    nextPeers: [...ctx.nextPeers].sort(),
    callRequests: [...ctx.callRequests],
  };
}
