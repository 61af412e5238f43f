// Runs that resume from the checkpoint the previous run kept: they must write exactly what a full replay writes
// (replayCheckedVm compares every run with one on the same data read afresh), and they must resume only when
// nothing the skipped part read can have changed.
import { describe, expect, it } from "vitest";
import {
  type CallRequest,
  type CallResult,
  interpret,
  type Json,
  keyPairFromSeed,
  resumedRuns,
  type VmOutcome,
} from "../src/index.ts";
import { expectAgreement, replayCheckedVm } from "./support/differential.ts";

const keys = keyPairFromSeed(new Uint8Array(32).fill(9));
const paramsFor = (particleId: string) => ({
  initPeerId: keys.peerId,
  currentPeerId: keys.peerId,
  timestamp: 1_795_000_000_000,
  ttl: 60_000,
  particleId,
});

type Host = (request: CallRequest) => CallResult;
const echoName: Host = (r) => ({ retCode: 0, result: JSON.stringify(`${r.functionName}:${r.arguments.join(",")}`) });

let particles = 0;

/** Runs a particle on one peer, answering every call request, until nothing is asked; every run checked. */
function runLocal(script: string, host: Host = echoName, particleId = `resume-${particles++}`) {
  const params = paramsFor(particleId);
  const before = resumedRuns();
  const outcomes: VmOutcome[] = [];
  let prevData: Uint8Array = new Uint8Array();
  let callResults: [number, CallResult][] = [];
  for (let round = 0; round < 100; round++) {
    const out = replayCheckedVm({ script, prevData, currentData: new Uint8Array(), params, keys, callResults });
    outcomes.push(out);
    prevData = out.data;
    if (out.retCode !== 0 || out.callRequests.length === 0) break;
    callResults = out.callRequests.map(([id, request]) => [id, host(request)]);
  }
  return { outcomes, last: outcomes.at(-1)!, resumed: resumedRuns() - before, data: prevData };
}

const call = (fn: string, args: string[] = [], out = "") =>
  `(call %init_peer_id% ("s" "${fn}") [${args.join(" ")}]${out && ` ${out}`})`;
const seqOf = (parts: string[]): string =>
  parts.length === 1 ? parts[0]! : `(seq ${parts[0]} ${seqOf(parts.slice(1))})`;

/** a, then b with a's value, then c with b's. */
const abc = seqOf([call("a", [], "x"), call("b", ["x"], "y"), call("c", ["y"])]);

/** `abc`'s first two runs, and the host's answer to the second's request. */
function twoRuns(particleId: string) {
  const params = paramsFor(particleId);
  const first = interpret({ script: abc, params, keys });
  const answer: [number, CallResult][] = [[1, echoName(first.callRequests[0]![1])]];
  const second = interpret({ script: abc, params, keys, prevData: first.data, callResults: answer });
  const results: [number, CallResult][] = [[2, echoName(second.callRequests[0]![1])]];
  return { params, second, results };
}

describe("resuming from a checkpoint", () => {
  it("resumes every run of a seq of calls after its first result, passing values along", () => {
    const script = seqOf(Array.from({ length: 20 }, (_, i) => call(`f${i}`, i ? [`x${i - 1}`] : [], `x${i}`)));
    const { outcomes, last, resumed } = runLocal(script);
    expect(outcomes).toHaveLength(21);
    expect(last.retCode).toBe(0);
    // the first run asks, the second answers from the top; each of the other 19 starts where the last one stopped
    expect(resumed).toBe(19);
    expect(outcomes[20]!.callRequests).toEqual([]);
    expect(outcomes[19]!.callRequests[0]![1].arguments).toEqual([
      "f18:f17:f16:f15:f14:f13:f12:f11:f10:f9:f8:f7:f6:f5:f4:f3:f2:f1:f0:",
    ]);
  });

  it("resumes inside the shape Aqua writes: left-nested seqs in the left of an xor", () => {
    const body = `(seq (seq (seq ${call("a", [], "a")} ${call("b", ["a"], "b")}) ${call("c", ["b"], "c")}) ${call("d", ["c"])})`;
    const { last, resumed, outcomes } = runLocal(`(xor ${body} ${call("error", [":error:"])})`);
    expect(last.retCode).toBe(0);
    expect(outcomes).toHaveLength(5);
    expect(resumed).toBe(3);
  });

  it("resumes up to an error that the spine's xor catches, and the handler sees it", () => {
    const failing: Host = (r) => (r.functionName === "c" ? { retCode: 3, result: "no c" } : echoName(r));
    const body = seqOf([call("a", [], "a"), call("b", ["a"], "b"), call("c", ["b"], "c"), call("d", ["c"])]);
    const { last, resumed, outcomes } = runLocal(`(xor ${body} ${call("handler", [":error:.$.message"])})`, failing);
    expect(last.retCode).toBe(0);
    expect(resumed).toBeGreaterThanOrEqual(2);
    const handler = outcomes.flatMap((o) => o.callRequests).find(([, r]) => r.functionName === "handler");
    expect(handler?.[1].arguments).toEqual(["Local service error, ret_code is 3, error message is 'no c'"]);
  });

  it("resumes a run after an uncaught error, which meets the error again", () => {
    const failing: Host = (r) => (r.functionName === "c" ? { retCode: 3, result: "no c" } : echoName(r));
    const script = seqOf([call("a", [], "a"), call("b", ["a"], "b"), call("c", ["b"], "c"), call("d", ["c"])]);
    const { last, data } = runLocal(script, failing, "uncaught");
    expect(last.retCode).toBe(10000);
    const before = resumedRuns();
    const params = paramsFor("uncaught");
    const again = replayCheckedVm({
      script,
      prevData: data,
      currentData: new Uint8Array(),
      params,
      keys,
      callResults: [],
    });
    expect(resumedRuns() - before).toBe(1);
    expect([again.retCode, again.errorMessage]).toEqual([last.retCode, last.errorMessage]);
  });

  it("does not skip a call that is still waiting inside a completed par", () => {
    const script = seqOf([`(par ${call("a", [], "x")} (null))`, call("b", [], "y"), call("c", ["x", "y"])]);
    const { last, outcomes } = runLocal(script);
    expect(last.retCode).toBe(0);
    const c = outcomes.flatMap((o) => o.callRequests).find(([, r]) => r.functionName === "c");
    expect(c?.[1].arguments).toEqual(["a:", "b:"]);
  });

  it("hands the host copies of objects, so that what it changes is not what a later run reads", () => {
    const changing: Host = (r) => {
      const [arg] = r.arguments as [{ a?: string } | undefined];
      if (arg && typeof arg === "object") arg.a = "changed by the host";
      return r.functionName === "obj" ? { retCode: 0, result: '{"a":"original"}' } : echoName(r);
    };
    const script = seqOf([call("obj", [], "o"), call("f", ["o"]), call("g"), call("h", ["o.$.a"])]);
    const { last, outcomes } = runLocal(script, changing);
    expect(last.retCode).toBe(0);
    const h = outcomes.flatMap((o) => o.callRequests).find(([, r]) => r.functionName === "h");
    expect(h?.[1].arguments).toEqual(["original"]);
  });

  it("keeps no checkpoint past a variable set after it in the same run", () => {
    // the par waits with v set in its left branch; a run resuming before the par would set v a second time
    const par = `(par (seq (ap 1 v) ${call("b", ["v"], "bx")}) ${call("c", [], "cx")})`;
    const { last, outcomes } = runLocal(seqOf([call("a", [], "ax"), par, call("d", ["v", "bx", "cx"])]));
    expect(last.retCode).toBe(0);
    expect(outcomes.flatMap((o) => o.callRequests).find(([, r]) => r.functionName === "d")?.[1].arguments).toEqual([
      1,
      "b:1",
      "c:",
    ]);
  });

  it("resumes past values written to streams, which keep their generations, and folds over them", () => {
    const fold = `(fold $s v (seq ${call("each", ["v", "x"])} (next v)))`;
    const script = seqOf([call("a", [], "$s"), call("b", [], "$s"), `(ap "c" $s)`, call("d", [], "x"), fold]);
    const { last, resumed, outcomes } = runLocal(script);
    expect(last.retCode).toBe(0);
    expect(resumed).toBe(4);
    const each = outcomes.flatMap((o) => o.callRequests).filter(([, r]) => r.functionName === "each");
    expect(each.map(([, r]) => r.arguments)).toEqual([
      ["a:", "d:"],
      ["b:", "d:"],
      ["c", "d:"],
    ]);
  });

  it("keeps no checkpoint past a value written to a stream after it in the same run", () => {
    // the third run resumes after a, writes b's value into $s inside the par and asks for c and e: a run resuming
    // from that checkpoint again would find the value in $s already and add it a second time
    const par = `(par (seq ${call("b", [], "$s")} ${call("c")}) ${call("d")})`;
    const script = seqOf([call("a"), par, call("e"), `(canon %init_peer_id% $s #s)`, call("f", ["#s"])]);
    const { last, resumed, outcomes } = runLocal(script);
    expect(last.retCode).toBe(0);
    expect(resumed).toBe(2);
    const f = outcomes.flatMap((o) => o.callRequests).find(([, r]) => r.functionName === "f");
    expect(f?.[1].arguments).toEqual([["b:"]]);
  });

  it("resumes from a checkpoint once: the same data again is read afresh, with the same outcome", () => {
    const { outcomes } = runLocal(abc);
    const { params, second, results } = twoRuns("retried");
    const script = abc;
    const before = resumedRuns();
    const once = interpret({ script, params, keys, prevData: second.data, callResults: results });
    const again = interpret({ script, params, keys, prevData: second.data, callResults: results });
    expect(resumedRuns() - before).toBe(1);
    expect(Buffer.from(again.data).equals(once.data)).toBe(true);
    expect(again.callRequests).toEqual(once.callRequests);
    expect(once.callRequests[0]![1].arguments).toEqual(outcomes[2]!.callRequests[0]![1].arguments);
  });

  it("does not resume for another particle, another script or other parameters on the same data", () => {
    const { params, second, results } = twoRuns("first");
    const script = abc;
    const before = resumedRuns();
    const other = interpret({ script, params: paramsFor("second"), keys, prevData: second.data, callResults: results });
    expect(other.retCode).toBe(0);
    const renamed = script.replace(`"c"`, `"c2"`);
    const third = interpret({ script, params, keys, prevData: second.data, callResults: results });
    expect(third.retCode).toBe(0);
    const changed = interpret({
      script: renamed,
      params,
      keys,
      prevData: third.data,
      callResults: [[3, echoName(third.callRequests[0]![1])]],
    });
    expect(changed.retCode).toBe(0);
    // the first run on second.data took its checkpoint and found another particle id; the third run read it afresh
    expect(resumedRuns() - before).toBe(0);
    const later = { ...params, timestamp: params.timestamp + 1 };
    const fourth = interpret({ script, params: later, keys, prevData: changed.data });
    expect(fourth.retCode).toBe(0);
    expect(resumedRuns() - before).toBe(0);
  });

  it("merges data that arrives instead of resuming past it", () => {
    // A goes past the par (B's branch is sent off) and on through c and d, keeping checkpoints; B's answer comes back
    // with "back", and A's run on it must merge y into the par it went past: e then gets y
    const b = `(seq (call @B ("s" "b") [] y) (call @A ("s" "back") []))`;
    const tail = `(seq (call @A ("s" "c") [x]) (seq (call @A ("s" "d") []) (call @A ("s" "e") [y])))`;
    const script = `(seq (seq (call @A ("s" "a") [] x) (par ${b} (null))) ${tail})`;
    const before = resumedRuns();
    const runs = expectAgreement({ name: "arrival after a checkpoint", script }) as {
      peer: string;
      callRequests: [number, string, string, unknown[]][];
    }[];
    expect(resumedRuns() - before).toBeGreaterThan(0);
    const e = runs.flatMap((r) => r.callRequests).find(([, , fn]) => fn === "e");
    expect(e?.[3]).toEqual(["b@B"]);
  });
});

describe("what a checkpoint holds", () => {
  it("a run resumed and a full replay agree on every value a later call reads", () => {
    const values: Record<string, Json> = { n: 7, s: "text", b: true, z: null, arr: [1, [2, 3]], obj: { k: { v: 1 } } };
    const host: Host = (r) =>
      r.functionName in values
        ? { retCode: 0, result: JSON.stringify(values[r.functionName]) }
        : { retCode: 0, result: JSON.stringify(r.arguments) };
    const names = Object.keys(values);
    const script = seqOf([
      ...names.map((n) => call(n, [], n)),
      `(xor (fail 5 "five") (ap "caught" e))`,
      call("read", ["n", "s", "b", "z", "arr.$.[1].[0]", "obj.$.k.v", "e", "%last_error%.$.error_code"]),
      call("done"),
    ]);
    const { last, outcomes, resumed } = runLocal(script, host);
    expect(last.retCode).toBe(0);
    expect(resumed).toBeGreaterThan(4);
    const read = outcomes.flatMap((o) => o.callRequests).find(([, r]) => r.functionName === "read");
    expect(read?.[1].arguments).toEqual([7, "text", true, null, 2, 1, "caught", 5]);
  });
});
