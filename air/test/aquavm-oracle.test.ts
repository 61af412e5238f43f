// The oracle itself: the real AquaVM runs particles here, on one peer and across two, with peer keys from our own
// keys module (AquaVM checks the signatures of data coming from another peer against the ids).
import { describe, expect, it } from "vitest";
import { cidOf, cidOfText, keyPairFromSeed } from "../src/index.ts";
import { loadAquaVm } from "./support/aquavm.ts";

const alice = keyPairFromSeed(new Uint8Array(32).fill(1));
const bob = keyPairFromSeed(new Uint8Array(32).fill(2));

describe("AquaVM as an oracle", () => {
  const aquavm = loadAquaVm();

  it("asks for a local call, then takes its result and finishes", () => {
    const script = `(call %init_peer_id% ("svc" "add") [1 2] sum)`;
    const first = aquavm.invoke({ script, keys: alice, initPeerId: alice.peerId });
    expect(first).toMatchObject({ retCode: 0, errorMessage: "", nextPeerPks: [] });
    expect(first.callRequests).toHaveLength(1);
    const [id, request] = first.callRequests[0]!;
    expect(request).toMatchObject({ serviceId: "svc", functionName: "add", arguments: [1, 2] });

    const second = aquavm.invoke({
      script,
      keys: alice,
      initPeerId: alice.peerId,
      prevData: first.data,
      callResults: [[id, { retCode: 0, result: JSON.stringify(3) }]],
    });
    expect(second).toMatchObject({ retCode: 0, nextPeerPks: [], callRequests: [] });
    expect(second.data.length).toBeGreaterThan(first.data.length);
  });

  it("hands data from one peer to the next, which trusts it only when it is signed", () => {
    const script = `(seq (call "${alice.peerId}" ("svc" "make") [] x) (call "${bob.peerId}" ("svc" "use") [x]))`;
    const asked = aquavm.invoke({ script, keys: alice, initPeerId: alice.peerId });
    const [id] = asked.callRequests[0]!;
    const done = aquavm.invoke({
      script,
      keys: alice,
      initPeerId: alice.peerId,
      prevData: asked.data,
      callResults: [[id, { retCode: 0, result: JSON.stringify({ made: "by alice" }) }]],
    });
    expect(done.nextPeerPks).toEqual([bob.peerId]);

    const atBob = aquavm.invoke({ script, keys: bob, initPeerId: alice.peerId, currentData: done.data });
    expect(atBob.retCode).toBe(0);
    expect(atBob.callRequests[0]![1]).toMatchObject({
      serviceId: "svc",
      functionName: "use",
      arguments: [{ made: "by alice" }],
    });
    expect(atBob.callRequests[0]![1].tetraplets[0]![0]).toMatchObject({
      peer_pk: alice.peerId,
      service_id: "svc",
      function_name: "make",
    });

    // the same data claimed by a peer id that did not sign it
    const carol = keyPairFromSeed(new Uint8Array(32).fill(3));
    const forged = `(seq (call "${carol.peerId}" ("svc" "make") [] x) (call "${bob.peerId}" ("svc" "use") [x]))`;
    const refused = aquavm.invoke({ script: forged, keys: bob, initPeerId: alice.peerId, currentData: done.data });
    expect(refused.retCode).not.toBe(0);
  });

  it("addresses a call's value, tetraplet, arguments and result by the CIDs cidOf computes", () => {
    const script = `(call %init_peer_id% ("svc" "add") [1 2] sum)`;
    const asked = aquavm.invoke({ script, keys: alice, initPeerId: alice.peerId });
    const done = aquavm.invoke({
      script,
      keys: alice,
      initPeerId: alice.peerId,
      prevData: asked.data,
      callResults: [[asked.callRequests[0]![0], { retCode: 0, result: '{"b":2,"a":1}' }]],
    });
    const { data } = aquavm.decode(done.data) as {
      data: {
        trace: { call: { executed: { scalar: string } } }[];
        cid_info: Record<string, Record<string, unknown>>;
      };
    };
    const resultCid = data.trace[0]!.call.executed.scalar;
    const result = data.cid_info.service_result_store![resultCid] as Record<string, string>;
    // the value, stored with its keys sorted
    expect(result.value_cid).toBe(cidOf({ a: 1, b: 2 }));
    expect(data.cid_info.value_store![result.value_cid!]).toBe('{"a":1,"b":2}');
    // the arguments, as one JSON array
    expect(result.argument_hash).toBe(cidOf([1, 2]));
    // the tetraplet and the result record: Rust structs, hashed with their fields in declaration order
    const tetraplet = `{"peer_pk":"${alice.peerId}","service_id":"svc","function_name":"add","lens":""}`;
    expect(result.tetraplet_cid).toBe(cidOfText(tetraplet));
    expect(resultCid).toBe(
      cidOfText(
        `{"value_cid":"${result.value_cid}","argument_hash":"${result.argument_hash}","tetraplet_cid":"${result.tetraplet_cid}"}`,
      ),
    );
  });

  it("refuses a script it cannot parse with ret code 1", () => {
    const outcome = aquavm.invoke({ script: "(seq (null)", keys: alice, initPeerId: alice.peerId });
    expect(outcome.retCode).toBe(1);
    expect(outcome.errorMessage).toContain("air can't be parsed");
  });
});
