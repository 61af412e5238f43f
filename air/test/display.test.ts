// How instructions are written in error objects, against the real AquaVM: each failing instruction sits in an xor
// whose other branch hands `:error:.$.instruction` to a service call; ours must write the same text.
import { describe, expect, it } from "vitest";
import { displayInstruction, type Instruction, type Json, keyPairFromSeed, parse } from "../src/index.ts";
import { loadAquaVm } from "./support/aquavm.ts";

const keys = keyPairFromSeed(new Uint8Array(32).fill(4));

const FAILING = [
  "(match 1 2 (null))",
  '(mismatch "a" "a" (null))',
  "(match x.$.a.[0] 2 (null))",
  "(match 1.5 -3 (null))",
  "(match %timestamp% %ttl% (null))",
  "(mismatch %init_peer_id% %init_peer_id% (null))",
  "(match true [] (null))",
  "(ap x.$.missing y)",
  "(ap x.$.a.[5] $ss)",
  "(ap x.length y)",
  "(fold x it (null))",
  '(call %init_peer_id% ("s" "bad") [x.$.a 1 "lit" %init_peer_id% true] out)',
  '(call %init_peer_id% ("s" "bad") [])',
  '(call %init_peer_id% ("s" "bad") [x] $st)',
  '(fail 5 "boom")',
];

const script = (failing: string) =>
  `(seq (call %init_peer_id% ("s" "get") [] x) (xor ${failing} (call %init_peer_id% ("s" "put") [:error:.$.instruction])))`;

describe("instructions written as AquaVM writes them", () => {
  const aquavm = loadAquaVm();

  function theirs(failing: string): Json {
    const run = { script: script(failing), keys, initPeerId: keys.peerId };
    let outcome = aquavm.invoke(run);
    for (let round = 0; round < 5; round++) {
      if (outcome.retCode !== 0) throw new Error(`AquaVM stopped: ${outcome.errorMessage}`);
      const [id, request] = outcome.callRequests[0]!;
      if (request.functionName === "put") return request.arguments[0] as Json;
      const answer =
        request.functionName === "get" ? { retCode: 0, result: '{"a":[1]}' } : { retCode: 1, result: '"no"' };
      outcome = aquavm.invoke({ ...run, prevData: outcome.data, callResults: [[id, answer]] });
    }
    throw new Error("AquaVM never called put");
  }

  it.each(FAILING)("%s", (failing) => {
    const root = parse(script(failing)) as unknown as { right: { left: Instruction } };
    expect(displayInstruction(root.right.left)).toBe(theirs(failing));
  });
});
