// Scripts written to hurt the peer that runs them: nested too deep for the stack, slow to check, or running without
// end. Each is refused or stopped with its code, in bounded time and memory, and the peer's data stays as it was.
import { describe, expect, it } from "vitest";
import {
  AirParseError,
  type CallResult,
  DEFAULT_INTERPRET_LIMITS,
  ErrorCode,
  interpret,
  type InterpretInput,
  keyPairFromSeed,
  parse,
} from "../src/index.ts";
import { dataCacheStats } from "../src/data/cache.ts";
import { cidMemoStats, cidOfText } from "../src/data/cid.ts";
import { scriptCacheStats } from "../src/interpreter/script-cache.ts";
import { MAX_NESTING } from "../src/parser/parser.ts";

const A = keyPairFromSeed(new Uint8Array(32).fill(1)).peerId;
const params = { initPeerId: A, currentPeerId: A, timestamp: 1_795_000_000_000, ttl: 60_000, particleId: "p" };
const run = (input: Partial<InterpretInput> & { script: string }) => interpret({ params, ...input });

const parseError = (script: string): AirParseError => {
  try {
    parse(script);
  } catch (err) {
    if (err instanceof AirParseError) return err;
    throw err;
  }
  throw new Error("parsed");
};

/** `n` levels of `open(i)` around `inner`, each closed by `close(i)`. */
const nest = (n: number, open: (i: number) => string, close: (i: number) => string, inner = "(null)") => {
  let script = inner;
  for (let i = n - 1; i >= 0; i--) script = open(i) + script + close(i);
  return script;
};
const withStream = (body: string) => `(seq (ap 1 $s) (seq (canon %init_peer_id% $s #c) ${body}))`;

/** Scripts of `n` levels of one form each, and how many levels of nesting each level costs. */
const FORMS: [string, (n: number) => string, number][] = [
  [
    "seqs nested on the left (as Aqua writes a sequence)",
    (n) =>
      nest(
        n,
        () => "(seq ",
        () => " (null))",
      ),
    1,
  ],
  [
    "xors nested on the right",
    (n) =>
      nest(
        n,
        () => `(xor (fail 1 "x") `,
        () => ")",
      ),
    1,
  ],
  [
    "pars",
    (n) =>
      nest(
        n,
        () => "(par (null) ",
        () => ")",
      ),
    1,
  ],
  [
    "seqs ending in a par",
    (n) =>
      nest(
        n,
        () => "(seq (null) (par (null) ",
        () => "))",
      ),
    2,
  ],
  [
    "matches",
    (n) =>
      nest(
        n,
        () => "(match 1 1 ",
        () => ")",
      ),
    1,
  ],
  [
    "new streams",
    (n) =>
      nest(
        n,
        (i) => `(new $t${i} `,
        () => ")",
      ),
    1,
  ],
  [
    "folds over a canon map",
    (n) =>
      withStream(
        `(seq (ap ("k" 1) %m) (seq (canon %init_peer_id% %m #%cm) ${nest(
          n,
          (i) => `(fold #%cm i${i} `,
          () => ")",
        )}))`,
      ),
    1,
  ],
  [
    "folds over a canon stream",
    (n) =>
      withStream(
        nest(
          n,
          (i) => `(fold #c i${i} `,
          () => ")",
        ),
      ),
    1,
  ],
  [
    "folds over a canon stream, each going on with next",
    (n) =>
      withStream(
        nest(
          n,
          (i) => `(fold #c i${i} (seq `,
          (i) => ` (next i${i})))`,
        ),
      ),
    2,
  ],
  [
    "folds over a stream",
    (n) =>
      withStream(
        nest(
          n,
          (i) => `(fold $s i${i} `,
          () => ")",
        ),
      ),
    3,
  ],
  [
    "folds over a stream, each in the last instruction",
    (n) =>
      withStream(
        nest(
          n,
          (i) => `(fold $s i${i} (next i${i}) `,
          () => ")",
        ),
      ),
    3,
  ],
];

const parses = (script: string) => {
  try {
    parse(script);
    return true;
  } catch (err) {
    if (err instanceof AirParseError) return false;
    throw err;
  }
};

/** The most levels of a form the parser accepts. */
function deepest(script: (n: number) => string): number {
  let [lo, hi] = [1, MAX_NESTING + 1];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (parses(script(mid))) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe("scripts nested deep", () => {
  it.each(["(seq ", "(xor ", "(par ", "(new $s ", "(match 1 1 ", "(fold [] i ", "(seq (null) (par (null) "])(
    "refuses 100,000 levels of %j with an AirParseError, not a RangeError",
    (open) => {
      const err = parseError(open.repeat(100_000));
      expect(err.reason).toMatch(/nest deeper than 1000 levels/);
    },
  );

  it("refuses a closed script nested too deep with code 1, the data as it was", () => {
    const script = nest(
      50_000,
      () => "(seq ",
      () => " (null))",
    );
    const prevData = run({ script: "(ap 1 $s)" }).data;
    const out = run({ script, prevData });
    expect(out).toMatchObject({ retCode: ErrorCode.AIR_PARSE, data: prevData, callRequests: [] });
    expect(out.errorMessage).toMatch(/nest deeper than 1000 levels/);
  });

  it.each(FORMS)("runs %s as deep as the parser takes them", (_, script, cost) => {
    const levels = deepest(script);
    expect(levels).toBeGreaterThanOrEqual(Math.floor(MAX_NESTING / cost) - 2);
    const out = run({ script: script(levels) });
    expect([out.retCode, out.errorMessage]).toEqual([0, ""]);
  });

  it("reads a chain of seqs nested on the right in a loop, as the interpreter runs it: any length", () => {
    const chain = nest(
      80_000,
      () => "(seq (null) ",
      () => ")",
    );
    expect(run({ script: chain })).toMatchObject({ retCode: 0, errorMessage: "" });
  });
});

describe("scripts slow to check", () => {
  it("checks nexts in stream folds in one pass: 160 stream folds around 480 seqs around 30,000 instructions", () => {
    // every seq in a stream fold asked each fold around it whether its left branch held the fold's next: 161 s for
    // these 390 KB before (7.4 s for 32 KB: 160 folds, 500 seqs, 1,800 instructions), under half a second in one pass
    const tree = (n: number): string => (n === 1 ? "(null)" : `(seq ${tree(n >> 1)} ${tree(n - (n >> 1))})`);
    let body = tree(30_000);
    for (let i = 0; i < 480; i++) body = `(seq ${body} (null))`;
    for (let i = 0; i < 160; i++) body = `(fold $s i${i} ${body})`;
    const started = performance.now();
    expect(parse(`(seq (ap 1 $s) ${body})`).kind).toBe("seq");
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

/** `depth` folds, one in another, over a canon stream of 20 values: 20^depth iterations, after a call. */
function nestedFolds(depth: number): string {
  const values = Array.from({ length: 20 }, (_, i) => `(ap ${i} $s)`).reduce((rest, ap) => `(seq ${ap} ${rest})`);
  let body = "(null)";
  for (let i = depth - 1; i >= 0; i--) body = `(fold #c i${i} (seq ${body} (next i${i})))`;
  return `(seq (call %init_peer_id% ("s" "f") [] x) (seq ${values} (seq (canon %init_peer_id% $s #c) ${body})))`;
}

describe("scripts that run without end", () => {
  /** The run after the host answered the script's first call: the folds run then. */
  const afterTheCall = (script: string, steps?: number) => {
    const asked = run({ script });
    const callResults: [number, CallResult][] = [[1, { retCode: 0, result: "1" }]];
    const limits = steps === undefined ? {} : { steps };
    return { asked, out: run({ script, prevData: asked.data, callResults, limits }) };
  };

  it("counts every instruction it starts as a step: (seq (null) (null)) takes three", () => {
    expect(run({ script: "(seq (null) (null))", limits: { steps: 3 } }).retCode).toBe(0);
    const out = run({ script: "(seq (null) (null))", limits: { steps: 2 } });
    expect([out.retCode, out.errorMessage]).toEqual([ErrorCode.STEP_LIMIT, "the run took more than 2 steps"]);
  });

  it("stops three folds over 20 values (8,000 iterations) at a limit of 1,000 steps, the data as it was", () => {
    const { asked, out } = afterTheCall(nestedFolds(3), 1_000);
    expect(out).toMatchObject({ retCode: ErrorCode.STEP_LIMIT, data: asked.data, nextPeers: [], callRequests: [] });
    expect(afterTheCall(nestedFolds(3), 100_000).out.retCode).toBe(0);
  });

  it(`stops seven folds over 20 values (1.28 billion iterations from ${nestedFolds(7).length} bytes) by default`, () => {
    const { asked, out } = afterTheCall(nestedFolds(7));
    expect(out).toMatchObject({ retCode: ErrorCode.STEP_LIMIT, data: asked.data, nextPeers: [], callRequests: [] });
    expect(out.errorMessage).toBe(`the run took more than ${DEFAULT_INTERPRET_LIMITS.steps} steps`);
  });
});

describe("caches that scripts and data fill", () => {
  const MiB = 1 << 20;

  it("keeps at most 256 scripts and 4 MiB of them, and no script over 512 KiB", () => {
    // before, 256 scripts of any size: 256 MiB of text and some 4 GB of syntax trees
    const script = (id: number, chars: number) => `(null) ; ${id} ${"x".repeat(chars)}`;
    for (let id = 0; id < 100; id++) expect(run({ script: script(id, 200 << 10) }).retCode).toBe(0);
    const full = scriptCacheStats();
    expect(full.chars).toBeLessThanOrEqual(4 * MiB);
    expect(full.chars).toBeGreaterThan(3 * MiB);
    expect(run({ script: script(100, 600 << 10) }).retCode).toBe(0);
    expect(scriptCacheStats()).toEqual(full);
    for (let id = 0; id < 300; id++) run({ script: `(null) ; ${id}` });
    expect(scriptCacheStats().entries).toBe(256);
  });

  it("keeps the CIDs of at most 8 MiB of texts", () => {
    // before, 32,768 texts of up to 4 KiB: 128 MiB of text, 185 MB of memory
    for (let i = 0; i < 4_000; i++) cidOfText(`"${i} ${"x".repeat(4_000)}"`);
    expect(cidMemoStats().chars).toBeLessThanOrEqual(8 * MiB);
    expect(cidMemoStats().chars).toBeGreaterThan(7 * MiB);
  });

  it("keeps at most 32 MiB of the data runs wrote", () => {
    // before, 64 MiB, which hold 150-520 MB of memory decoded
    const script = `(call %init_peer_id% ("s" "f") [] x)`;
    for (let id = 0; id < 12; id++) {
      const asked = run({ script, params: { ...params, particleId: `big-${id}` } });
      const result = JSON.stringify(`${id} ${"x".repeat(4 * MiB)}`);
      const out = run({
        script,
        params: { ...params, particleId: `big-${id}` },
        prevData: asked.data,
        callResults: [[1, { retCode: 0, result }]],
      });
      expect(out.retCode).toBe(0);
    }
    expect(dataCacheStats().bytes).toBeLessThanOrEqual(32 * MiB);
    expect(dataCacheStats().bytes).toBeGreaterThan(24 * MiB);
  });
});
