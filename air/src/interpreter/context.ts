// Everything one run of the interpreter holds: its parameters, the two input traces being merged, the trace being
// written, the CID stores, variables and streams, the error variables, and what the run asks of the host.
import { canonicalJson, cidOfText, type Json } from "../data/cid.ts";
import { type LoadedData, type LoadedStores, STORE_NAMES } from "../data/loaded.ts";
import { canonResultJson, cidOfCanonElement, cidOfServiceResult, cidOfTetraplet } from "../data/records.ts";
import type { CallState, CanonElement, CanonResult, Cid, ServiceResult, State, Tetraplet } from "../data/trace.ts";
import { type ErrorObject, ErrorCode, message, UncatchableError, VariableNotFound } from "./errors.ts";
import type { Instruction } from "../parser/ast.ts";
import { Slider } from "./merge.ts";
import type { ChainFrame, Checkpoint } from "./resume.ts";
import { Scopes } from "./scopes.ts";
import type { Generation } from "./streams.ts";
import { tetraplet } from "./values.ts";

export interface RunParams {
  initPeerId: string;
  currentPeerId: string;
  /** Milliseconds since the epoch, as the particle says. */
  timestamp: number;
  /** Milliseconds. */
  ttl: number;
  particleId: string;
}

/** A parsed script: its root, and the heads of the seq chains on its spine, where checkpoints are taken (resume.ts). */
export interface Script {
  root: Instruction;
  spine: ReadonlySet<Instruction>;
}

export interface CallRequest {
  serviceId: string;
  functionName: string;
  arguments: Json[];
  tetraplets: Tetraplet[][];
}

export interface CallResult {
  retCode: number;
  /** The service's answer as JSON text (its error message when retCode is not 0). */
  result: string;
}

export interface ErrorVariable {
  object: ErrorObject;
  tetraplet: Tetraplet;
}

export class Context {
  readonly prev: Slider;
  readonly current: Slider;
  readonly trace: State[] = [];
  /** Result states whose generation is numbered at the end, when every stream's generations are known. */
  readonly generationFixups: [
    { gens: number[] } | { generation: number },
    Generation,
    { at: number; state: CallState } | undefined,
  ][] = [];
  /** result position -> position in prev / current, for states that carried values (fold lore lookups). */
  readonly prevPosOf: number[] = [];
  readonly currentPosOf: number[] = [];
  /** The previous data's stores, which this run owns, with the entries that arrived added. */
  readonly stores: LoadedStores;
  readonly scopes: Scopes;
  /** What `next` does for each iterator name: continue its innermost fold. */
  readonly folds = new Map<string, () => void>();
  readonly nextPeers = new Set<string>();
  readonly callRequests = new Map<number, CallRequest>();
  readonly callResults: Map<number, CallResult>;
  lcid: number;
  /** AquaVM's subgraph_complete: false once something in the current subgraph has to wait. */
  complete = true;
  lastError: ErrorVariable;
  lastErrorSettable = true;
  error: ErrorVariable;
  errorSettable = true;
  /** The error an enclosing xor caught, which `(fail :error:)` throws again. */
  caught: Error | undefined;
  /** The spine chains being run, outermost first. */
  readonly chainFrames: ChainFrame[] = [];
  /** The link each spine chain starts at, in a run that resumes. */
  resume: ReadonlyMap<Instruction, number> | undefined;
  checkpoint: Checkpoint | undefined;
  /** Set once an instruction failed after taking its state's place (`tookPlace`): no later point is a checkpoint. */
  unreplayable = false;
  /** Calls on this peer left waiting for the host's result. */
  waiting = 0;
  /** The instructions this run may still start (InterpretLimits.steps). */
  stepsLeft: number;

  constructor(
    readonly params: RunParams,
    readonly script: Script,
    prevData: LoadedData,
    currentData: LoadedData,
    callResults: Map<number, CallResult>,
    readonly steps: number,
    scopes = new Scopes(),
  ) {
    this.scopes = scopes;
    this.stepsLeft = steps;
    this.prev = new Slider(prevData.trace);
    this.current = new Slider(currentData.trace);
    this.lcid = prevData.lcid;
    this.callResults = callResults;
    this.stores = prevData.stores;
    if (currentData !== prevData) {
      for (const k of STORE_NAMES) {
        const into = this.stores[k] as LoadedStores[typeof k];
        for (const [cid, v] of currentData.stores[k].entries) into.add(cid, v as never);
      }
    }
    const none = { object: { error_code: 0, message: "" }, tetraplet: this.literalTetraplet() };
    this.lastError = none;
    this.error = none;
  }

  /** The tetraplet of literals: one object, frozen, since every literal shares it (and so does every run). */
  private literal: Tetraplet | undefined;
  literalTetraplet(): Tetraplet {
    return (this.literal ??= literalTetraplet(this.params.initPeerId));
  }

  private readonly pair: [ReturnType<Slider["next"]>, ReturnType<Slider["next"]>] = [undefined, undefined];

  /** The next state of each input trace (read them at once: the pair and its entries are reused). */
  nextStates(): readonly [ReturnType<Slider["next"]>, ReturnType<Slider["next"]>] {
    this.pair[0] = this.prev.next();
    this.pair[1] = this.current.next();
    return this.pair;
  }

  storeValue(json: Json): string {
    const text = canonicalJson(json);
    const cid = cidOfText(text);
    this.stores.value_store.add(cid, text);
    return cid;
  }

  storeServiceResult(r: ServiceResult): Cid {
    const cid = cidOfServiceResult(r);
    this.stores.service_result_store.add(cid, r);
    return cid;
  }

  storeCanonElement(e: CanonElement): Cid {
    const cid = cidOfCanonElement(e);
    this.stores.canon_element_store.add(cid, e);
    return cid;
  }

  storeCanonResult(r: CanonResult): Cid {
    const json = canonResultJson(r);
    const cid = cidOfText(json);
    this.stores.canon_result_store.add(cid, r, json);
    return cid;
  }

  storeTetraplet(t: Tetraplet): string {
    const cid = cidOfTetraplet(t);
    this.stores.tetraplet_store.add(cid, t);
    return cid;
  }

  /** `store` as AquaVM's message names it. */
  private missing(store: string, cid: string): never {
    throw new UncatchableError(ErrorCode.VALUE_FOR_CID_NOT_FOUND, message.valueForCidNotFound(store, cid));
  }

  value(cid: string): Json {
    const text = this.stores.value_store.entries.get(cid);
    return text === undefined ? this.missing("value", cid) : parseValue(cid, text);
  }

  tetraplet(cid: string): Tetraplet {
    return this.stores.tetraplet_store.entries.get(cid) ?? this.missing("tetraplet", cid);
  }

  serviceResult(cid: string) {
    return this.stores.service_result_store.entries.get(cid) ?? this.missing("service result aggregate", cid);
  }

  canonResult(cid: string) {
    return this.stores.canon_result_store.entries.get(cid) ?? this.missing("canon result aggregate", cid);
  }

  canonElement(cid: string) {
    return this.stores.canon_element_store.entries.get(cid) ?? this.missing("canon aggregate", cid);
  }
}

// The literal tetraplets of recent init peers: frozen, so runs share them, and their CIDs (remembered by object).
const literals = new Map<string, Tetraplet>();

function literalTetraplet(initPeerId: string): Tetraplet {
  let t = literals.get(initPeerId);
  if (!t) {
    if (literals.size >= 1024) literals.clear();
    literals.set(initPeerId, (t = Object.freeze(tetraplet(initPeerId))));
  }
  return t;
}

// Values read back from the data, by their text, for those that cannot be changed (strings, numbers, booleans and
// null): a replayed trace reads the same values run after run. Objects and arrays are parsed each time, since
// whoever receives them may change them.
const primitives = new Map<string, Json>();

function parseValue(cid: string, text: string): Json {
  let value = primitives.get(text);
  if (value !== undefined) return value;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    // only this peer's own previous data can hold one: the values of data that arrives are checked first
    throw new UncatchableError(ErrorCode.CID_STORE, `value ${cid} is not JSON text`);
  }
  if ((value === null || typeof value !== "object") && text.length <= 256) {
    if (primitives.size >= 4096) primitives.clear();
    primitives.set(text, value);
  }
  return value;
}

/**
 * Runs `body` for an instruction that has taken its state's place in the data (AquaVM's canon before it resolves its
 * peer, ap to a stream map before it resolves the key). If it fails, the instruction writes no state, and a later
 * run replaying this one would read the state of what follows in that place: the run takes no checkpoint after it.
 */
export function tookPlace<T>(ctx: Context, body: () => T): T {
  try {
    return body();
  } catch (err) {
    ctx.unreplayable = true;
    throw err;
  }
}

/** Runs `body`; a variable not known yet makes the instruction wait (return false) instead of failing. */
export function joinable<T>(ctx: Context, body: () => T): T | undefined {
  try {
    return body();
  } catch (err) {
    if (err instanceof VariableNotFound) {
      ctx.complete = false;
      return undefined;
    }
    throw err;
  }
}
