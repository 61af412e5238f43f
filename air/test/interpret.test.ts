// interpret's answers to bad input: every refusal has its code and message and leaves the peer's data as it was;
// it never throws.
import { describe, expect, it } from "vitest";
import { cidOfText } from "../src/data/cid.ts";
import { cidOfCanonElement, cidOfCanonResult, cidOfTetraplet } from "../src/data/records.ts";
import {
  decodeData,
  encodeData,
  ErrorCode,
  interpret,
  keyPairFromSeed,
  type InterpretInput,
  signData,
  type State,
} from "../src/index.ts";

const keysA = keyPairFromSeed(new Uint8Array(32).fill(1));
const A = keysA.peerId;
const B = keyPairFromSeed(new Uint8Array(32).fill(2)).peerId;
const params = { initPeerId: A, currentPeerId: A, timestamp: 1_795_000_000_000, ttl: 60_000, particleId: "p" };
const run = (input: Partial<InterpretInput>) =>
  interpret({ script: `(call %init_peer_id% ("s" "f") [] x)`, params, ...input });
const bytes = (text: string) => new TextEncoder().encode(text);
/** Empty data with one store entry. */
const withEntry = (store: string, entry: unknown) => {
  const data = decodeData(new Uint8Array());
  return { ...data, cid_info: { ...data.cid_info, [store]: { c: entry } } };
};
/** Data as it arrives from a peer that signed it (a hostile peer signs what it makes, too). */
const signed = (data: Uint8Array) => signData(data, keysA, params);

describe("interpret", () => {
  const first = run({});
  const prevData = first.data;

  it("asks for a call, then finishes with its result, deterministically", () => {
    expect(first).toMatchObject({ retCode: 0, nextPeers: [] });
    expect(first.callRequests).toEqual([[1, { serviceId: "s", functionName: "f", arguments: [], tetraplets: [] }]]);
    const done = run({ prevData, callResults: [[1, { retCode: 0, result: '{"b":1,"a":2}' }]] });
    expect(done.retCode).toBe(0);
    expect(done.callRequests).toEqual([]);
    const again = run({ prevData, callResults: [[1, { retCode: 0, result: '{"b":1,"a":2}' }]] });
    expect(again.data).toEqual(done.data);
    const data = decodeData(done.data);
    expect(Object.values(data.cid_info.value_store)).toEqual(['{"a":2,"b":1}']);
  });

  it.each([
    ["a script AquaVM's grammar refuses", { script: "(seq (null))" }, ErrorCode.AIR_PARSE, /expected an instruction/],
    ["data that is not JSON", { currentData: bytes("{not json") }, ErrorCode.DATA_MALFORMED, /not UTF-8 JSON/],
    ["data of another version", { currentData: bytes('{"version":"x"}') }, ErrorCode.DATA_MALFORMED, /version/],
    [
      "a malformed trace state",
      { currentData: bytes(JSON.stringify({ ...decodeData(prevData), trace: [{ call: { nope: 1 } }] })) },
      ErrorCode.DATA_MALFORMED,
      /trace state 0 is malformed/,
    ],
    ...(
      [
        ["value_store", { x: 1 }],
        ["tetraplet_store", { peer_pk: A, service_id: "s", function_name: "f" }],
        ["service_result_store", { value_cid: "v", argument_hash: "a", tetraplet_cid: 3 }],
        ["canon_element_store", { value: "v", tetraplet: "t", provenance: { type: "canon" } }],
        ["canon_result_store", { tetraplet: "t", values: [1] }],
      ] as const
    ).map(([store, entry]) => [
      `a ${store} entry of the wrong shape`,
      { currentData: bytes(JSON.stringify(withEntry(store, entry))) },
      ErrorCode.DATA_MALFORMED,
      new RegExp(`${store} entry c is malformed`),
    ]),
    [
      "a call result that is malformed",
      { callResults: [[1, { retCode: 0 }]] },
      ErrorCode.CALL_RESULTS_MALFORMED,
      /malformed/,
    ],
    ["a script over the size limit", { limits: { scriptSize: 10 } }, ErrorCode.SIZE_LIMIT, /longer than 10/],
    [
      "data over the size limit",
      { currentData: prevData, limits: { dataSize: 10 } },
      ErrorCode.SIZE_LIMIT,
      /larger than 10/,
    ],
    [
      "a call result over the size limit",
      { callResults: [[1, { retCode: 0, result: '"long"' }]], limits: { callResultSize: 3 } },
      ErrorCode.SIZE_LIMIT,
      /longer than 3/,
    ],
  ] as [string, Partial<InterpretInput>, number, RegExp][])(
    "refuses %s and keeps the previous data",
    (_, input, code, message) => {
      // twice: the second time, what the first kept (a script's parse error) answers
      for (let round = 0; round < 2; round++) {
        const out = run({ prevData, ...input });
        expect(out.retCode).toBe(code);
        expect(out.errorMessage).toMatch(message);
        expect(out.data).toBe(prevData);
        expect(out.nextPeers).toEqual([]);
        expect(out.callRequests).toEqual([]);
      }
    },
  );

  it("refuses a trace whose result points at a value that is not in the data", () => {
    const done = decodeData(run({ prevData, callResults: [[1, { retCode: 0, result: "1" }]] }).data);
    done.cid_info.service_result_store = {};
    const out = run({ currentData: encodeData(done) });
    expect(out).toMatchObject({ retCode: ErrorCode.VALUE_FOR_CID_NOT_FOUND, data: new Uint8Array() });
  });

  it.each([
    [
      "a canon element whose value is not in the data",
      "canon_element_store",
      /canon element .* names .*, which is not in the value_store/,
    ],
    [
      "a canon result whose element is not in the data",
      "canon_result_store",
      /canon result .* names .*, which is not in the canon_element_store/,
    ],
    [
      "a canon element that does not hash to its CID",
      "bad hash",
      /canon_element_store entry .* does not hash to its CID/,
    ],
  ])("refuses arrived data with %s (8)", (_, which, message) => {
    const t = { peer_pk: A, service_id: "", function_name: "", lens: "" };
    const tetrapletCid = cidOfTetraplet(t);
    const element = { value: cidOfText('"gone"'), tetraplet: tetrapletCid, provenance: { type: "literal" as const } };
    const elementCid = cidOfCanonElement(element);
    const data = decodeData(new Uint8Array());
    data.cid_info.tetraplet_store[tetrapletCid] = t;
    if (which === "canon_element_store") data.cid_info.canon_element_store[elementCid] = element;
    else if (which === "bad hash") data.cid_info.canon_element_store[elementCid] = { ...element, value: tetrapletCid };
    else {
      const result = { tetraplet: tetrapletCid, values: [elementCid] };
      data.cid_info.canon_result_store[cidOfCanonResult(result)] = result;
    }
    const out = run({ prevData, currentData: encodeData(data) });
    expect(out.retCode).toBe(ErrorCode.CID_STORE);
    expect(out.errorMessage).toMatch(message);
    expect(out.data).toBe(prevData);
  });

  it("refuses a result replayed for other arguments (a forged result)", () => {
    const done = run({ prevData, callResults: [[1, { retCode: 0, result: "1" }]] }).data;
    const out = run({ script: `(call %init_peer_id% ("s" "f") [1] x)`, currentData: signed(done) });
    expect(out.retCode).toBe(ErrorCode.PARAMETERS_MISMATCH);
  });

  it("refuses two traces that disagree on a result (the peer that made it changed its results)", () => {
    const one = run({ prevData, callResults: [[1, { retCode: 0, result: "1" }]] }).data;
    const two = run({ prevData, callResults: [[1, { retCode: 0, result: "2" }]] }).data;
    // the results a peer made only ever grow: a changed one is caught before the traces are merged
    const out = run({ prevData: one, currentData: signed(two) });
    expect(out.retCode).toBe(ErrorCode.SIGNATURE);
    expect(out.errorMessage).toMatch(/not a superset or subset/);
    expect(out.data).toBe(one);
  });

  it("reports call results nothing asked for, and still runs", () => {
    const out = run({ script: "(null)", callResults: [[7, { retCode: 0, result: "1" }]] });
    expect(out.retCode).toBe(ErrorCode.UNPROCESSED_CALL_RESULT);
    expect(out.errorMessage).toBe(
      'after finishing execution of supplied AIR, there are some unprocessed call results: `{"7": CallServiceResult { ret_code: 0, result: "1" }}`, probably a wrong call_id used',
    );
  });

  it("answers a service error and a result that is not JSON with a catchable error", () => {
    const failed = run({ prevData, callResults: [[1, { retCode: 3, result: '"no"' }]] });
    expect(failed.retCode).toBe(ErrorCode.LOCAL_SERVICE_ERROR);
    expect(failed.errorMessage).toBe(`Local service error, ret_code is 3, error message is '"no"'`);
    const garbled = run({ prevData, callResults: [[1, { retCode: 0, result: "not json" }]] });
    expect(garbled.retCode).toBe(ErrorCode.LOCAL_SERVICE_ERROR);
    expect(garbled.errorMessage).toMatch(/ret_code is 2147483647/);
  });

  it("refuses a stream past 1024 values without throwing", () => {
    const script = `(seq (call %init_peer_id% ("s" "f") [] arr) (fold arr i (seq (ap i $s) (next i))))`;
    const asked = run({ script });
    const values = JSON.stringify(Array.from({ length: 1025 }, (_, i) => i));
    const out = run({ script, prevData: asked.data, callResults: [[1, { retCode: 0, result: values }]] });
    expect(out).toMatchObject({ retCode: ErrorCode.STREAM_SIZE_LIMIT, data: asked.data });
  });

  it("folds over 1,000 elements, and refuses a fold too deep for the stack with an error, not a crash", () => {
    const script = `(seq (call %init_peer_id% ("s" "f") [] arr) (fold arr i (seq (ap i x) (next i))))`;
    const asked = run({ script });
    const over = (n: number) =>
      run({
        script,
        prevData: asked.data,
        callResults: [[1, { retCode: 0, result: JSON.stringify(Array.from({ length: n }, (_, i) => i)) }]],
      });
    expect(over(1000).retCode).toBe(0);
    const deep = over(100_000);
    expect(deep).toMatchObject({ retCode: ErrorCode.TOO_DEEP, data: asked.data, callRequests: [] });
    expect(deep.errorMessage).toMatch(/nests too deep/);
  });

  it("runs chains of 5,000 and 30,000 seqs (read and run in a loop; scripts nested too deep: hostile-scripts)", () => {
    const chain = (n: number) => `${"(seq (null) ".repeat(n)}(null)${")".repeat(n)}`;
    expect(run({ script: chain(5_000) })).toMatchObject({ retCode: 0, callRequests: [], nextPeers: [] });
    expect(run({ script: chain(30_000) })).toMatchObject({ retCode: 0, callRequests: [], nextPeers: [] });
  });

  describe("refuses data that does not fit the script", () => {
    const data = (trace: unknown[]) => encodeData({ ...decodeData(prevData), trace: trace as State[] });
    const scalarResult = run({ prevData, callResults: [[1, { retCode: 0, result: "1" }]] }).data;

    it.each([
      [
        "a state of another kind",
        "(par (null) (null))",
        data([{ call: { sent_by: { PeerId: A } } }]),
        `state from current \`Call(RequestSentBy(PeerId("${A}")))\` is incompatible with expected par`,
      ],
      [
        "par sizes past the trace",
        `(par (call %init_peer_id% ("s" "f") []) (null))`,
        data([{ par: [5, 5] }]),
        "underflow is occurred while calculating the new position of a current slider for resolved par ParResult { left_size: 5, right_size: 5 } and current subtrace len 0'",
      ],
      [
        "fold lore pointing at a state that holds no stream value",
        `(seq (ap 1 $s) (fold $s i (seq (null) (next i)) (null)))`,
        data([
          { ap: { gens: [0] } },
          {
            fold: {
              lore: [
                {
                  pos: 1,
                  desc: [
                    { pos: 2, len: 0 },
                    { pos: 2, len: 0 },
                  ],
                },
              ],
            },
          },
        ]),
        "expected a state of CallResult(Value::Stream) or Ap types but 'fold(\n          1 - [2, 0], [2, 0]\n     )' obtained",
      ],
    ] as [string, string, Uint8Array, string][])("%s (20000)", (_, script, currentData, message) => {
      const out = run({ script, currentData });
      expect(out.retCode).toBe(ErrorCode.TRACE);
      expect(out.errorMessage).toMatch(message);
    });

    it("a result kept in a scalar replayed for a call without output (20006)", () => {
      const out = run({ script: `(call %init_peer_id% ("s" "f") [])`, currentData: signed(scalarResult) });
      expect(out.retCode).toBe(ErrorCode.CALL_RESULT_MISMATCH);
      const [state] = decodeData(scalarResult).trace as [{ call: { executed: { scalar: string } } }];
      expect(out.errorMessage).toBe(
        `call result value Scalar(CID("${state.call.executed.scalar}")) doesn't match with corresponding instruction`,
      );
    });

    it("a canon made on another peer (20017)", () => {
      const script = (peer: string) => `(seq (canon "${peer}" $s #cs) (call %init_peer_id% ("s" "f") [#cs]))`;
      const made = run({ script: script(A) }).data;
      const out = run({ script: script(B), currentData: signed(made) });
      expect(out.retCode).toBe(ErrorCode.PARAMETERS_MISMATCH);
      const tetraplet = (peer: string) =>
        `SecurityTetraplet { peer_pk: "${peer}", service_id: "", function_name: "", lens: "" }`;
      expect(out.errorMessage).toBe(
        `canon tetraplet doesn't match expected parameters: expected ${tetraplet(B)}, got ${tetraplet(A)} `,
      );
    });
  });
});
