// Lenses, against the real AquaVM: each case gives x (and kk, the accessor variable) to a script through service
// calls, and compares what AquaVM hands to the next call, or the error code and message it stops with, with
// applyLens.
import { describe, expect, it } from "vitest";
import { applyLens, type Instruction, type Json, keyPairFromSeed, LensError, parse } from "../src/index.ts";
import { loadAquaVm } from "./support/aquavm.ts";

const keys = keyPairFromSeed(new Uint8Array(32).fill(9));

const CASES: [x: Json, lens: string, kk?: Json][] = [
  [{ a: 1 }, ".$.a"],
  [{ a: [1, 2] }, ".$.a.[1]"],
  [[10, 20], ".$.[0]"],
  [[10, 20], ".$.[2]"],
  [{ a: 1 }, ".$.b"],
  [5, ".$.a"],
  [[1], ".$.a"],
  [{ a: 1 }, ".$.[0]"],
  [{ "0": 5 }, ".$.[0]"],
  [{ a: 1 }, ".$.[kk]", "a"],
  [[5, 6], ".$.[kk]", 1],
  [[5, 6], ".$.[kk]", true],
  [[5, 6], ".$.[kk]", -1],
  [[5, 6], ".$.[kk]", 1.5],
  [[5, 6], ".$.[kk]", "0"],
  [{ a: 1 }, ".$.[kk]", null],
  [[1, 2, 3], ".length"],
  [[], ".length"],
  [{ a: 1 }, ".length"],
  ["str", ".length"],
  [{ a: { b: { c: [null] } } }, ".$.a.b.c.[0]"],
  [{ a: 1 }, ".$.a!"],
  [{ "a-b": 1 }, ".$.a-b"],
  [{ a: [{ b: "deep" }] }, ".$.a.[0].b"],
  [{ a: { length: 7 } }, ".$.a.length"],
  [[5, 6], ".$.[kk]", 4294967296],
  [[5, 6], ".$.[kk]", { a: 1 }],
  [[5, 6], ".$.[kk]", []],
  ["str", ".$.[0]"],
  [null, ".$.a"],
  [{ a: { b: 1 } }, ".$.a.b.c"],
  [{ b: 1, a: [true, null], B: 'x\n\u0001"\\é' }, ".$.c"],
  [{ "\uffff": 1, "\u{10000}": 2, "\u00e9": 3 }, ".$.z"],
  [1e21, ".$.a"],
  [-1.5e-7, ".$.[0]"],
  [[0.001, 123.456, 1e16, 1e20, 1.5e300, 0.1, -2.5, 12345678.5, 2 ** 60], ".$.a"],
  [[1e-5, 1e-4, 1.25e16, 1.25e17, 9007199254740993], ".$.[9]"],
];

const script = (lens: string) =>
  `(seq (call %init_peer_id% ("s" "get") [] x) (seq (call %init_peer_id% ("s" "key") [] kk) (call %init_peer_id% ("s" "put") [x${lens}])))`;

describe("lenses agree with AquaVM", () => {
  const aquavm = loadAquaVm();

  type Outcome = { value: Json } | { code: number; message: string };

  /** What AquaVM passes to "put", or the ret code and message it stops with. */
  function theirs(x: Json, lens: string, kk: Json): Outcome {
    const run = { script: script(lens), keys, initPeerId: keys.peerId };
    let outcome = aquavm.invoke(run);
    let data = outcome.data;
    for (let round = 0; round < 5; round++) {
      if (outcome.retCode !== 0) return { code: outcome.retCode, message: outcome.errorMessage };
      const [id, request] = outcome.callRequests[0]!;
      if (request.functionName === "put") return { value: request.arguments[0] as Json };
      const answer = request.functionName === "get" ? x : kk;
      outcome = aquavm.invoke({
        ...run,
        prevData: data,
        callResults: [[id, { retCode: 0, result: JSON.stringify(answer) }]],
      });
      data = outcome.data;
    }
    throw new Error("AquaVM never called put");
  }

  function ours(x: Json, lens: string, kk: Json): Outcome {
    const root = parse(script(lens)) as unknown as { right: { right: Extract<Instruction, { kind: "call" }> } };
    const arg = root.right.right.args[0]!;
    if (arg.kind !== "scalar" || !arg.lens) throw new Error("expected a scalar with a lens");
    try {
      return { value: applyLens(x, arg.lens, () => kk) };
    } catch (err) {
      if (err instanceof LensError) return { code: err.code, message: err.message };
      throw err;
    }
  }

  it.each(CASES)("%j with %s (kk = %j)", (x, lens, kk = "a") => {
    expect(ours(x, lens, kk)).toEqual(theirs(x, lens, kk));
  });
});
