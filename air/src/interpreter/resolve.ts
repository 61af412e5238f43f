// Values of the script's arguments: literals, the particle's special values, error variables, scalars and canon
// values, each with a lens applied, and the tetraplets that say where they came from.
import type { Json } from "../data/cid.ts";
import type { Provenance, Tetraplet } from "../data/trace.ts";
import type { Accessor, Lens, Value } from "../parser/ast.ts";
import { displayAccessor, displayLens } from "../parser/display.ts";
import type { Context } from "./context.ts";
import { CatchableError, ErrorCode, message } from "./errors.ts";
import { applyLens, LensError, lensMessage } from "./lens.ts";
import { type Canon, canonJson, canonMapEntries, LITERAL, tetraplet, type Val, withLensText } from "./values.ts";

export interface Resolved {
  json: Json;
  tetraplet: Tetraplet;
  /** One per value a call receives: a canon stream passes each element's own. */
  tetraplets: Tetraplet[];
  provenance: Provenance;
}

const lensError = (err: unknown): never => {
  if (err instanceof LensError) throw new CatchableError(err.code, err.message);
  throw err;
};

const withLens = (t: Tetraplet, lens: Lens): Tetraplet =>
  lens.kind === "length" ? tetraplet("", "", "", ".length") : withLensText(t, t.lens + displayLens(lens));

function scalarJson(ctx: Context, name: string): Json {
  const held = ctx.scopes.get(name);
  return "kind" in held ? canonJson(held) : held.json;
}

const lookup = (ctx: Context) => (name: string) => scalarJson(ctx, name);

/** `json` with `lens` applied; a lens error is the script's catchable error. */
function applied(ctx: Context, json: Json, lens: Lens): Json {
  try {
    return applyLens(json, lens, lookup(ctx));
  } catch (err) {
    return lensError(err);
  }
}

function lensed(ctx: Context, json: Json, t: Tetraplet, provenance: Provenance, lens: Lens | undefined): Resolved {
  if (!lens) return { json, tetraplet: t, tetraplets: [t], provenance };
  const lt = withLens(t, lens);
  return { json: applied(ctx, json, lens), tetraplet: lt, tetraplets: [lt], provenance };
}

const lambdaError = (text: string) => new CatchableError(ErrorCode.LAMBDA_APPLIER, text);

/** The key a canon map's first accessor names: a string or an integer, never a fold iterator's value. */
function accessorKey(ctx: Context, a: Accessor): string | number {
  if (a.kind === "field") return a.name;
  if (a.kind === "index") return a.index;
  if (ctx.scopes.isIterator(a.name)) throw lambdaError(lensMessage.canonMapAccessorIterator());
  const key = scalarJson(ctx, a.name);
  if (typeof key === "string" || (typeof key === "number" && Number.isInteger(key))) return key;
  throw lambdaError(lensMessage.canonMapAccessorType(key));
}

/** The index a canon stream's accessor names. */
function accessorIndex(ctx: Context, a: Accessor): number {
  if (a.kind === "field") throw lambdaError(lensMessage.fieldOfStream(a.name));
  if (a.kind === "index") return a.index;
  const key = scalarJson(ctx, a.name);
  if (typeof key !== "number") throw lambdaError(lensMessage.streamAccessorType(key));
  if (!Number.isInteger(key) || key < 0 || key > 0xffffffff) throw lambdaError(lensMessage.indexNotU32(key));
  return key;
}

function canonLensed(ctx: Context, canon: Canon, lens: Lens | undefined): Resolved {
  const provenance: Provenance = { type: "canon", cid: canon.cid };
  if (!lens) {
    const tetraplets = canon.values.map((v) => v.tetraplet);
    return { json: canonJson(canon), tetraplet: canon.tetraplet, tetraplets, provenance };
  }
  if (lens.kind === "length") {
    // AquaVM's tetraplets for .length name the running peer, and the functor: a canon stream's as its service, a
    // canon map's as its lens
    const peer = ctx.params.currentPeerId;
    const t = canon.map ? tetraplet(peer, "", "", "length") : tetraplet(peer, ".length");
    return { json: canon.values.length, tetraplet: t, tetraplets: [t], provenance };
  }
  if (canon.map) return canonMapLensed(ctx, canon, lens.path, displayLens(lens), provenance);
  // an element of a canon stream keeps its own tetraplet and provenance, whatever part of it the lens reads
  const [first, ...rest] = lens.path;
  const element = canonElement(ctx, canon.values, first!);
  const json = rest.length ? applied(ctx, element.json, { kind: "path", path: rest }) : element.json;
  return { json, tetraplet: element.tetraplet, tetraplets: [element.tetraplet], provenance: element.provenance };
}

/** The element of a canon stream an accessor names: an index, never a field. */
function canonElement(ctx: Context, values: Val[], accessor: Accessor): Val {
  const key = accessorIndex(ctx, accessor);
  const element = values[key];
  if (!element) throw lambdaError(lensMessage.streamTooShort(values.length, key));
  return element;
}

/**
 * A lens on a canon map, as AquaVM applies it: the first accessor picks a key's values (a missing key gives none,
 * whatever follows); the next picks one of them by index, which keeps that value's tetraplet; the rest applies to
 * it, and is appended to the tetraplet's lens. The result's provenance is the canon map's.
 */
function canonMapLensed(ctx: Context, canon: Canon, path: Accessor[], shown: string, provenance: Provenance): Resolved {
  const [first, second, ...rest] = path;
  const values = canonMapEntries(canon).get(accessorKey(ctx, first!));
  if (!values || !second) {
    const t = withLensText(canon.tetraplet, shown);
    return { json: (values ?? []).map((v) => v.json), tetraplet: t, tetraplets: [t], provenance };
  }
  const element = canonElement(ctx, values, second);
  if (rest.length === 0) {
    return { json: element.json, tetraplet: element.tetraplet, tetraplets: [element.tetraplet], provenance };
  }
  const json = applied(ctx, element.json, { kind: "path", path: rest });
  const t = withLensText(element.tetraplet, `${element.tetraplet.lens}.${rest.map(displayAccessor).join(".")}`);
  return { json, tetraplet: t, tetraplets: [t], provenance };
}

function literal(ctx: Context, json: Json): Resolved {
  const t = ctx.literalTetraplet();
  return { json, tetraplet: t, tetraplets: [t], provenance: LITERAL };
}

export function resolve(ctx: Context, value: Value): Resolved {
  switch (value.kind) {
    case "literal":
    case "number":
    case "bool":
      return literal(ctx, value.value);
    case "emptyArray":
      return literal(ctx, []);
    case "initPeerId":
      return literal(ctx, ctx.params.initPeerId);
    case "timestamp":
      return literal(ctx, ctx.params.timestamp);
    case "ttl":
      return literal(ctx, ctx.params.ttl);
    case "lastError":
    case "error": {
      const variable = value.kind === "error" ? ctx.error : ctx.lastError;
      // an error's tetraplet says where the error happened, whatever part of it is read
      const r = lensed(ctx, variable.object, variable.tetraplet, LITERAL, value.lens);
      return { ...r, tetraplet: variable.tetraplet, tetraplets: [variable.tetraplet] };
    }
    case "scalar": {
      const held = ctx.scopes.get(value.name);
      if ("kind" in held) return canonLensed(ctx, held, value.lens);
      return lensed(ctx, held.json, held.tetraplet, held.provenance, value.lens);
    }
    case "canonStream":
    case "canonMap":
      return canonLensed(ctx, ctx.scopes.get(value.name) as Canon, value.lens);
    case "stream":
    case "streamMap":
      throw new Error(`the parser lets no stream through as a value (${value.name})`);
  }
}

/**
 * The tetraplet a value keeps once held in a variable or a stream, as AquaVM keeps it by provenance: a service
 * result its whole tetraplet, a canon value its peer and lens, a literal its peer alone.
 */
function heldTetraplet(r: Resolved): Tetraplet {
  const t = r.tetraplet;
  if (r.provenance.type === "service_result") return t;
  if (r.provenance.type === "canon") return t.service_id || t.function_name ? tetraplet(t.peer_pk, "", "", t.lens) : t;
  return t.service_id || t.function_name || t.lens ? tetraplet(t.peer_pk) : t;
}

/** A resolved value held in a variable. */
export const toVal = (ctx: Context, r: Resolved): Val => ({
  json: r.json,
  tetraplet: heldTetraplet(r),
  provenance: r.provenance,
  tracePos: ctx.trace.length,
});

/** A peer, service or function name: a value that must be a string (catchable 10011 otherwise). */
export function resolveString(ctx: Context, value: Value): string {
  // the usual peer, service and function names, without building a resolved value
  if (value.kind === "literal") return value.value;
  if (value.kind === "initPeerId") return ctx.params.initPeerId;
  const r = resolve(ctx, value);
  if (typeof r.json !== "string") {
    const name = "name" in value ? value.name : value.kind;
    throw new CatchableError(ErrorCode.NON_STRING_TRIPLET, message.nonStringTriplet(name, r.json));
  }
  return r.json;
}
