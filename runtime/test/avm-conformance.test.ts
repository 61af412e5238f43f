// Conformance: the real AquaVM (avm.wasm, a Marine module) runs through this runtime and through marine-js with the
// same arguments, and every step of every particle gives the same outcome: return code, error message, next peers,
// call requests, and the trace its data decodes to.
import { beforeAll, describe, expect, it } from "vitest";
import type { Service, Value } from "../src/index.ts";
import {
  decodeOutcome,
  invokeArguments,
  ourAvm,
  peer,
  type ReferenceAvm,
  referenceAvm,
  type Run,
} from "./support/avm.ts";

interface Avm {
  call(fn: string, args: Value[]): unknown;
}

const alice = peer(1);
const bob = peer(2);

/** Runs a particle on alice until it asks for nothing more, answering every call request; records each step. */
function drive(avm: Avm, script: string, initPeerId = alice.peerId, data?: Uint8Array): unknown[] {
  const steps: unknown[] = [];
  let prevData: Uint8Array | undefined;
  let current = data;
  let callResults: Run["callResults"] = [];
  for (let step = 0; step < 6; step++) {
    const raw = avm.call(
      "invoke",
      invokeArguments({ script, peer: alice, initPeerId, prevData, data: current, callResults }),
    );
    const outcome = decodeOutcome(raw);
    const decoded =
      outcome.data.length > 0
        ? JSON.parse(avm.call("to_human_readable_data", [Array.from(outcome.data)]) as string)
        : null;
    steps.push({ ...outcome, data: decoded });
    if (outcome.callRequests.length === 0) break;
    callResults = outcome.callRequests.map(([id, request]) => [
      Number(id),
      {
        retCode: 0,
        result: JSON.stringify(`${request.serviceId}.${request.functionName}(${JSON.stringify(request.arguments)})`),
      },
    ]);
    prevData = Uint8Array.from(outcome.data);
    current = undefined;
  }
  return steps;
}

const SCRIPTS: Record<string, string> = {
  null: `(null)`,
  "one local call": `(call %init_peer_id% ("svc" "fn") ["a" 1 true] x)`,
  "seq of calls using results": `
    (seq
      (call %init_peer_id% ("first" "get") [] a)
      (seq
        (call %init_peer_id% ("second" "use") [a] b)
        (call %init_peer_id% ("third" "use") [a b] c)))`,
  "par of calls": `
    (par
      (call %init_peer_id% ("left" "go") ["l"] l)
      (call %init_peer_id% ("right" "go") ["r"] r))`,
  "xor catching fail": `
    (xor
      (fail 42 "boom")
      (call %init_peer_id% ("handler" "caught") [%last_error%.$.message %last_error%.$.error_code] x))`,
  "call to another peer": `(seq (call %init_peer_id% ("svc" "local") [] x) (call "${bob.peerId}" ("svc" "remote") [x] y))`,
  "stream, canon and fold": `
    (seq
      (seq
        (seq (ap 1 $s) (seq (ap 2 $s) (ap 3 $s)))
        (canon %init_peer_id% $s #s))
      (fold #s i
        (seq (call %init_peer_id% ("each" "item") [i] r) (next i))))`,
  "match and mismatch": `
    (seq
      (call %init_peer_id% ("svc" "value") [] v)
      (xor (match v "nope" (call %init_peer_id% ("svc" "matched") [] m)) (call %init_peer_id% ("svc" "other") [] o)))`,
  "uncaught fail": `(fail 7 "not caught")`,
  "does not parse": `(seq (call %init_peer_id% ("svc" "fn") [] x)`,
};

describe("AquaVM through this runtime and through marine-js", () => {
  let ours: Service;
  let reference: ReferenceAvm;

  beforeAll(async () => {
    ours = ourAvm(undefined, { fuel: 2_000_000_000 });
    reference = await referenceAvm();
  });

  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(`invoke: ${name}`, () => {
      const expected = drive(reference, script);
      expect(expected.length).toBeGreaterThan(0);
      expect(drive(ours, script)).toEqual(expected);
    });
  }

  it("invoke: data from another peer's run is taken up the same way", () => {
    const script = `(seq (call "${bob.peerId}" ("svc" "remote") [] x) (call %init_peer_id% ("svc" "local") [x] y))`;
    // bob runs first (as its own peer) and hands its data to alice
    const bobRun = (avm: Avm) =>
      decodeOutcome(
        avm.call(
          "invoke",
          invokeArguments({
            script,
            peer: bob,
            initPeerId: alice.peerId,
            callResults: [[1, { retCode: 0, result: '"from bob"' }]],
            prevData: Uint8Array.from(
              decodeOutcome(avm.call("invoke", invokeArguments({ script, peer: bob, initPeerId: alice.peerId }))).data,
            ),
          }),
        ),
      );
    const fromReference = Uint8Array.from(bobRun(reference).data);
    const fromOurs = Uint8Array.from(bobRun(ours).data);
    expect(drive(ours, script, alice.peerId, fromOurs)).toEqual(drive(reference, script, alice.peerId, fromReference));
  });

  it("ast: the same trees and the same refusals", () => {
    for (const script of Object.values(SCRIPTS)) {
      expect(ours.call("ast", [script])).toEqual(reference.call("ast", [script]));
    }
  });

  it("after hundreds of invocations stopped by fuel at every point, AquaVM still agrees", () => {
    const script = SCRIPTS["seq of calls using results"] as string;
    const args = invokeArguments({ script, peer: alice, initPeerId: alice.peerId });
    let stopped = 0;
    for (let i = 0; i < 300; i++) {
      try {
        ours.call("invoke", args, { fuel: 2000 + i * 97 });
      } catch (error) {
        expect((error as { code: string }).code).toBe("FUEL");
        stopped++;
      }
    }
    expect(stopped).toBeGreaterThan(100);
    expect(drive(ours, script)).toEqual(drive(reference, script));
  });

  it("a large argument: a 200 kB string literal in a call", () => {
    const script = `(call %init_peer_id% ("svc" "big") ["${"x".repeat(200_000)}"] r)`;
    expect(drive(ours, script)).toEqual(drive(reference, script));
  });
});
