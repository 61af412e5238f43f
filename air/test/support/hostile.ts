// Hostile input for the engine, seeded: scripts mutated from the differential scenarios, data a hostile peer
// corrupted and then made consistent again (CIDs recomputed, results re-signed), hostile call results, and particles
// tampered with between hops. Every run goes through `guardedVm`, which fails on the first broken promise: an
// exception out of `interpret`, a refusal that changed the peer's data, or data of ours that does not decode.
import {
  cidOfText,
  decodeData,
  ErrorCode,
  interpreterVm,
  ParticleError,
  type Hop,
  type Vm,
  type VmInput,
} from "../../src/index.ts";
import { cidOfCanonElement, cidOfCanonResult, cidOfServiceResult, cidOfTetraplet } from "../../src/data/records.ts";
import { signData } from "../../src/data/signatures.ts";
import { type Generator, generator } from "./random.ts";
import { PEERS, runScenario, type Scenario, withPeers } from "./differential.ts";
import { SCENARIOS } from "./scenarios.ts";

export class BrokenPromise extends Error {
  override readonly name = "BrokenPromise";
}

/**
 * Refusals leave the peer's data as it was: bad input (codes below 10000) and uncatchable errors (20000 to 29999).
 * A script's uncaught error (10000 up) and unprocessed call results (30000) write data, as in AquaVM.
 */
const isRefusal = (code: number) =>
  (code > 0 && code < 10000) || (code >= ErrorCode.TRACE && code < ErrorCode.UNPROCESSED_CALL_RESULT);
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** How many runs ended with each ret code (for the long run's report). */
export const outcomes = new Map<number, number>();

/** Our interpreter, every run checked against the engine's promises. */
export const guardedVm: Vm = (input) => {
  let out;
  try {
    out = interpreterVm(input);
  } catch (err) {
    throw new BrokenPromise(`interpret threw ${(err as Error).name}: ${(err as Error).message}`.slice(0, 500));
  }
  if (!Number.isInteger(out.retCode) || out.retCode < 0) throw new BrokenPromise(`ret code ${out.retCode}`);
  outcomes.set(out.retCode, (outcomes.get(out.retCode) ?? 0) + 1);
  if (isRefusal(out.retCode) && !sameBytes(out.data, input.prevData ?? new Uint8Array()))
    throw new BrokenPromise(`refusal ${out.retCode} (${out.errorMessage}) changed the data`);
  if (!isRefusal(out.retCode) && out.data.length > 0) {
    try {
      decodeData(out.data);
    } catch (err) {
      throw new BrokenPromise(`our own data does not decode: ${(err as Error).message}`);
    }
  }
  return out;
};

const HOSTILE_NUMBERS = [-1, 0, 1.5, 1e8, 1e9, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308];
/**
 * Deeply nested JSON stands in the tree as this mark, and is written in as text once the tree is (the harness's own
 * JSON.stringify would overflow on it).
 */
const DEEP_MARK = "\u0001deep\u0001";
const deepText = (g: Generator) => {
  const depth = g.pick([1000, 20_000, 100_000]);
  return g.int(2) ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
};

/** A value a hostile peer might put anywhere. */
function hostileJson(g: Generator): unknown {
  switch (g.int(9)) {
    case 0:
      return g.pick(HOSTILE_NUMBERS);
    case 1:
      return g.pick(["", "x", "\ud800", "12D3KooW", "bagaaihra", "\u0000"]);
    case 2:
      return g.pick([null, true, false]);
    case 3:
      return DEEP_MARK;
    case 4:
      return {};
    case 5:
      return [];
    case 6:
      return { key: g.pick(["k", 1]), value: 1 };
    case 7:
      return g.pick([{ sent_by: { PeerId: "x" }, executed: { scalar: "x" } }, { failed: null }, { ap: { gens: [] } }]);
    default:
      return "x".repeat(g.int(100_000));
  }
}

type Node = { [key: string]: unknown } | unknown[];

/** Every object and array in `root` with its keys, up to a bound (a bounded walk: data may be deep). */
function containers(root: unknown): [Node, string | number][] {
  const out: [Node, string | number][] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0 && out.length < 20_000) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      out.push([node as Node, key]);
      stack.push((node as Record<string | number, unknown>)[key]);
    }
  }
  return out;
}

/** One hostile change somewhere in parsed data. */
function mutateJson(g: Generator, root: unknown) {
  const all = containers(root);
  if (all.length === 0) return;
  const [node, key] = g.pick(all);
  const record = node as Record<string | number, unknown>;
  switch (g.int(5)) {
    case 0:
      if (Array.isArray(node)) node.splice(key as number, 1);
      else delete record[key];
      return;
    case 1:
      if (Array.isArray(node)) node.splice(key as number, 0, structuredClone(node[key as number]));
      else record[`${key}`.split("").reverse().join("")] = record[key];
      return;
    case 2:
      if (typeof record[key] === "number") record[key] = g.pick(HOSTILE_NUMBERS);
      else record[key] = hostileJson(g);
      return;
    case 3: {
      const [other, otherKey] = g.pick(all);
      record[key] = structuredClone((other as Record<string | number, unknown>)[otherKey]);
      return;
    }
    default:
      record[key] = hostileJson(g);
  }
}

type Stores = Record<string, Record<string, unknown>>;

/** Stores rebuilt under the CIDs their entries hash to (in order of reference), and every CID renamed everywhere. */
function recomputeCids(data: { cid_info?: Stores; trace?: unknown }) {
  const stores = data.cid_info;
  if (!stores || typeof stores !== "object") return;
  const renamed = new Map<string, string>();
  const rename = (value: unknown): unknown => {
    if (typeof value === "string") return renamed.get(value) ?? value;
    if (Array.isArray(value)) return value.map(rename);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
    return value;
  };
  const hashers: [string, (entry: never) => string][] = [
    ["value_store", cidOfText],
    ["tetraplet_store", cidOfTetraplet],
    ["canon_element_store", cidOfCanonElement],
    ["service_result_store", cidOfServiceResult],
    ["canon_result_store", cidOfCanonResult],
  ];
  for (const [name, hash] of hashers) {
    const store = stores[name];
    if (!store || typeof store !== "object") continue;
    const rebuilt: Record<string, unknown> = {};
    for (const [cid, entry] of Object.entries(store)) {
      const updated = rename(entry);
      let fresh = cid;
      try {
        fresh = hash(updated as never);
      } catch {
        // an entry of the wrong shape keeps its CID
      }
      if (fresh !== cid) renamed.set(cid, fresh);
      rebuilt[fresh] = updated;
    }
    stores[name] = rebuilt;
  }
  data.trace = rename(data.trace);
}

/** Data a hostile peer corrupted, then made consistent: CIDs recomputed and re-signed by every peer. */
export function forgeData(g: Generator, bytes: Uint8Array, particle: { id: string; initPeerId: string }): Uint8Array {
  let data: { cid_info?: Stores; trace?: unknown };
  try {
    data = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return bytes;
  }
  for (let i = 1 + g.int(3); i > 0; i--) mutateJson(g, data);
  recomputeCids(data);
  const text = JSON.stringify(data).replaceAll(JSON.stringify(DEEP_MARK), () => deepText(g));
  let forged: Uint8Array = Buffer.from(text);
  for (const { keys } of PEERS) {
    try {
      forged = signData(forged, keys, { particleId: particle.id, initPeerId: particle.initPeerId });
    } catch {
      // data that no longer decodes goes unsigned
    }
  }
  return forged;
}

const TOKENS = [
  "(",
  ")",
  '"x"',
  "$s",
  "#c",
  "%m",
  "#%c",
  "i",
  ".$.[1]",
  ".length",
  "1e400",
  "-1",
  "[]",
  "(next i)",
  "(fold $s i ",
  "(fold #c i ",
  ":error:",
  "%last_error%",
  "\ud800",
  "\u0000",
  "(new $s ",
  "(canon @A $s #c)",
  "(ap 1 $s)",
];

/** A scenario's script with a few hostile edits. */
export function mutateScript(g: Generator, script: string): string {
  let s = script;
  for (let i = 1 + g.int(3); i > 0; i--) {
    const at = g.int(s.length + 1);
    const span = g.int(Math.min(40, s.length - at) + 1);
    switch (g.int(5)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + span);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at, at + span).repeat(2 + g.int(3)) + s.slice(at);
        break;
      case 2: {
        const depth = g.pick([10, 1000, 20_000]);
        s = `${"(seq (null) ".repeat(depth)}${s}${")".repeat(depth)}`;
        break;
      }
      default:
        s = s.slice(0, at) + g.pick(TOKENS) + s.slice(at + span);
    }
  }
  return s;
}

/** A service that answers with hostile values, retCodes and sizes. */
const hostileService = (g: Generator) => () => {
  const retCode = g.int(4) === 0 ? g.pick([1, -1, 2 ** 31 - 1, 10000, 20000]) : 0;
  return { retCode, result: hostileJson(g) as never };
};

const DEEP = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;

/** Call results a broken or hostile host hands in: not pairs, unknown ids, text that is not JSON. */
function hostileCallResults(g: Generator, input: VmInput): VmInput["callResults"] {
  const results = [...input.callResults] as unknown[];
  switch (g.int(6)) {
    case 0:
      results.push(g.pick([null, 1, "x", [], [1], [1, null], { 0: 1 }]));
      break;
    case 1:
      results.push([g.pick([0, -1, 1e9, 1.5]), { retCode: 0, result: "1" }]);
      break;
    case 2:
      results.push([1, { retCode: 0, result: g.pick(["{", "", '"\ud800"', "[".repeat(50_000), DEEP]) }]);
      break;
    case 3:
      results.push([1, { retCode: g.pick([NaN, "0", null]), result: "1" }]);
      break;
    case 4:
      for (const r of input.callResults) results.push(r);
      break;
    default:
      break;
  }
  return results as VmInput["callResults"];
}

/** A particle changed on its way, one field at a time. */
function tamper(g: Generator, hop: Hop): Hop["particle"] {
  const p = { ...hop.particle };
  switch (g.int(8)) {
    case 0:
      p.script = p.script.replace(/\(null\)|"s"/, g.pick(['"\ud801"', "(never)", '"t"']));
      break;
    case 1:
      p.id = `${p.id}\ud800`;
      break;
    case 2:
      p.ttl = g.pick(HOSTILE_NUMBERS);
      break;
    case 3:
      p.timestamp = g.pick(HOSTILE_NUMBERS);
      break;
    case 4:
      p.initPeerId = g.pick(PEERS).keys.peerId;
      break;
    case 5: {
      const signature = Uint8Array.from(p.signature);
      signature[g.int(signature.length)]! ^= 1;
      p.signature = signature;
      break;
    }
    case 6: {
      const data = Uint8Array.from(p.data);
      if (data.length > 0) data[g.int(data.length)]! ^= 1 << g.int(8);
      p.data = data;
      break;
    }
    default:
      p.data = forgeData(g, p.data, p);
  }
  return p;
}

export type Family = "scripts" | "data" | "callResults" | "particles";
export const FAMILIES: Family[] = ["scripts", "data", "callResults", "particles"];

/** Runs one seeded hostile case of a family over the three-peer network; throws BrokenPromise on a broken promise. */
export function hostileCase(family: Family, seed: number): number {
  const g = generator(seed * 7919 + FAMILIES.indexOf(family));
  const base: Scenario = g.pick(SCENARIOS);
  let scenario: Scenario = base;
  let vm: Vm = guardedVm;
  let intercept: ((hop: Hop) => Hop["particle"]) | undefined;
  if (family === "scripts") scenario = { ...base, script: mutateScript(g, withPeers(base.script)) };
  if (family === "data")
    intercept = (hop) =>
      g.int(2) === 0 ? { ...hop.particle, data: forgeData(g, hop.particle.data, hop.particle) } : hop.particle;
  if (family === "particles") intercept = (hop) => (g.int(2) === 0 ? tamper(g, hop) : hop.particle);
  if (family === "callResults") {
    scenario = { ...base, services: hostileService(g) };
    vm = (input) => guardedVm(g.int(3) === 0 ? { ...input, callResults: hostileCallResults(g, input) } : input);
  }
  try {
    return runScenario(vm, scenario, () => undefined, { intercept, maxRuns: 60 }).length;
  } catch (err) {
    if (err instanceof BrokenPromise) {
      err.message = `${family} seed ${seed} (${base.name}): ${err.message}`;
      throw err;
    }
    // a script that loops until the network's bound: every run until then was checked all the same
    if (err instanceof Error && /ran more than/.test(err.message)) return 60;
    // a script the init peer refuses to sign (a lone surrogate) never runs
    if (err instanceof ParticleError && err.code === "LONE_SURROGATE") return 0;
    throw err;
  }
}
