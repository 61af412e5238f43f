// Hostile particle data. Peers run particles from anyone, so whatever a particle or its data holds, a run either
// refuses it with its code, giving back the peer's data as it was, or runs within bounds; `interpret` never throws.
import { describe, expect, it } from "vitest";
import { cidOf, cidOfText } from "../src/data/cid.ts";
import { cidOfCanonElement, cidOfCanonResult, cidOfServiceResult, cidOfTetraplet } from "../src/data/records.ts";
import type { CidInfo } from "../src/data/trace.ts";
import {
  createParticle,
  decodeData,
  encodeData,
  ErrorCode,
  type Hop,
  interpret,
  type InterpretInput,
  keyPairFromSeed,
  Network,
  type Particle,
  PARTICLE_REJECTED,
  particleKey,
  type RunParams,
  signData,
  type State,
  verifyParticle,
} from "../src/index.ts";

const T = 1_795_000_000_000;
const keysOf = (n: number) => keyPairFromSeed(new Uint8Array(32).fill(n));
const [keysA, keysB, keysC] = [keysOf(1), keysOf(2), keysOf(3)];
const [A, B, C] = [keysA.peerId, keysB.peerId, keysC.peerId];
const params: RunParams = { initPeerId: A, currentPeerId: A, timestamp: T, ttl: 60_000, particleId: "p" };
const run = (input: Partial<InterpretInput> & { script: string }) => interpret({ params, keys: keysA, ...input });

/** A refusal with its code and message, the previous data given back as it was, nothing sent or asked. */
function expectRefused(input: Partial<InterpretInput> & { script: string }, code: number, message: RegExp) {
  const out = run(input);
  expect(out.retCode).toBe(code);
  expect(out.errorMessage).toMatch(message);
  expect(out.data).toBe(input.prevData);
  expect(out.nextPeers).toEqual([]);
  expect(out.callRequests).toEqual([]);
  return out;
}

/** A's data after its first run of `script`, which sends the particle to B: what A holds when B's data arrives. */
const sentToB = (script: string) => {
  const first = run({ script });
  expect(first.nextPeers).toEqual([B]);
  return first.data;
};

/** Data made by the hostile peer B: `trace` over `stores`, signed by B as its own runs sign. */
function byB(trace: State[], stores: Partial<CidInfo>): Uint8Array {
  const data = decodeData(new Uint8Array());
  for (const [name, entries] of Object.entries(stores)) Object.assign(data.cid_info[name as keyof CidInfo], entries);
  return signData(encodeData({ ...data, trace }), keysB, params);
}

/** B's result of `(call B ("s" "f") [])` with the value `text`: its CID and its store entries. */
function resultOfB(text: string) {
  const t = { peer_pk: B, service_id: "s", function_name: "f", lens: "" };
  const result = { value_cid: cidOfText(text), argument_hash: cidOf([]), tetraplet_cid: cidOfTetraplet(t) };
  const cid = cidOfServiceResult(result);
  const stores: Partial<CidInfo> = {
    value_store: { [result.value_cid]: text },
    tetraplet_store: { [result.tetraplet_cid]: t },
    service_result_store: { [cid]: result },
  };
  return { cid, stores };
}

/** A canon made on B whose elements are the values `texts`, with its state's CID and store entries. */
function canonOfB(texts: string[]) {
  const t = { peer_pk: B, service_id: "", function_name: "", lens: "" };
  const tetraplet = cidOfTetraplet(t);
  const elements = texts.map((text) => ({
    value: cidOfText(text),
    tetraplet,
    provenance: { type: "literal" as const },
  }));
  const result = { tetraplet, values: elements.map(cidOfCanonElement) };
  const cid = cidOfCanonResult(result);
  const stores: Partial<CidInfo> = {
    value_store: Object.fromEntries(texts.map((text) => [cidOfText(text), text])),
    tetraplet_store: { [tetraplet]: t },
    canon_element_store: Object.fromEntries(elements.map((e) => [cidOfCanonElement(e), e])),
    canon_result_store: { [cid]: result },
  };
  return { cid, stores };
}

const callB = `(call "${B}" ("s" "f") [] x)`;

describe("stream generations in arrived data", () => {
  const intoStream = `(call "${B}" ("s" "f") [] $s)`;
  const apAfter = `(seq (call "${B}" ("s" "f") [] x) (ap x $s))`;
  const streamResult = (generation: number) => {
    const { cid, stores } = resultOfB('"v"');
    return byB([{ call: { executed: { stream: { cid, generation } } } }], stores);
  };
  const apOf = (generation: number) => {
    const { cid, stores } = resultOfB('"v"');
    return byB([{ call: { executed: { scalar: cid } } }, { ap: { gens: [generation] } }], stores);
  };

  // a stream holds at most 1,024 values, so it has at most 1,024 generations (a generation of 1e8 took 16 s and
  // 1 GB, one of 1e9 aborted Node)
  it.each([1_024, 1_000_000, 2 ** 31])("refuses a stream result in generation %d (20011)", (generation) => {
    const prevData = sentToB(intoStream);
    const currentData = streamResult(generation);
    expectRefused({ script: intoStream, prevData, currentData }, ErrorCode.NO_SUCH_GENERATION, /no generation/);
  });

  it.each([1_024, 1_000_000, 2 ** 31])("refuses an ap in generation %d (20011)", (generation) => {
    const prevData = sentToB(apAfter);
    expectRefused(
      { script: apAfter, prevData, currentData: apOf(generation) },
      ErrorCode.NO_SUCH_GENERATION,
      /no generation/,
    );
  });

  it("runs a generation a stream can have", () => {
    const stream = run({ script: intoStream, prevData: sentToB(intoStream), currentData: streamResult(1_023) });
    const ap = run({ script: apAfter, prevData: sentToB(apAfter), currentData: apOf(1_023) });
    expect([stream.retCode, ap.retCode]).toEqual([0, 0]);
  });
});

describe("particles whose text has no exact UTF-8 form", () => {
  // UTF-8 has no bytes for a lone surrogate: encoders write U+FFFD for any of them, so a relay could swap one text
  // for another under the same signature
  const script = `(seq (call "${B}" ("s" "f\uFFFD") [] x) (call "${A}" ("s" "g") [x]))`;
  const particle = { id: "p\uFFFD", script, initPeer: "a", timestamp: T, ttl: 60_000 };

  function relayed(swap: (p: Particle) => Particle) {
    const net = new Network(undefined, {
      now: () => T,
      intercept: (hop: Hop) => (hop.to === "b" ? swap(hop.particle) : hop.particle),
    });
    net.addPeer("a", keysA);
    net.addPeer("b", keysB);
    for (const peer of ["a", "b"]) net.register(peer, "s", "*", () => ({ retCode: 0, result: peer }));
    return { net, runs: net.run(particle) };
  }

  it.each<[string, (p: Particle) => Particle]>([
    ["the script", (p) => ({ ...p, script: p.script.replace("\uFFFD", "\uD800") })],
    ["the id", (p) => ({ ...p, id: "p\uD800" })],
  ])("refuses a relay's lone surrogate in %s in place of U+FFFD", (_, swap) => {
    const { net, runs } = relayed(swap);
    expect(runs.map((r) => [r.peer, r.retCode, r.rejected])).toEqual([
      ["a", 0, undefined],
      ["b", PARTICLE_REJECTED, "LONE_SURROGATE"],
    ]);
    expect(runs[1]!.errorMessage).toMatch(/lone surrogate/);
    expect(net.peer("b").data.size).toBe(0);
  });

  it.each([
    ["script", { script: "(null) \uDC00" }],
    ["id", { id: "\uD800" }],
  ])("refuses to sign a particle with a lone surrogate in its %s", (_, fields) => {
    expect(() => createParticle(keysA, { script: "(null)", ttl: 1, ...fields })).toThrow(
      expect.objectContaining({ code: "LONE_SURROGATE" }),
    );
  });

  it("verifies a particle whose text is exact, U+FFFD and surrogate pairs included", () => {
    expect(relayed((p) => p).runs.map((r) => r.retCode)).toEqual([0, 0, 0, 0, 0]);
    const signed = createParticle(keysA, { id: "p\uFFFD", script: "(null) \u{1F600}", ttl: 60_000, timestamp: T });
    expect(() => verifyParticle(signed, T)).not.toThrow();
  });
});

describe("data bound to its particle", () => {
  it("runs B's service again for C's particle that reuses A's particle id, and gives C nothing of A's", () => {
    const net = new Network(undefined, { now: () => T });
    net.addPeer("a", keysA);
    net.addPeer("b", keysB);
    net.addPeer("c", keysC);
    let calls = 0;
    net.register("b", "s", "secret", () => ({ retCode: 0, result: `secret ${++calls}` }));
    const used: unknown[] = [];
    net.register("c", "s", "use", (request) => {
      used.push(request.arguments[0]);
      return { retCode: 0, result: null };
    });
    const particle = { id: "p1", initPeer: "a", timestamp: T, ttl: 60_000 };
    net.run({ ...particle, script: `(call "${B}" ("s" "secret") [] x)` });
    const leak = `(seq (call "${B}" ("s" "secret") [] x) (call "${C}" ("s" "use") [x]))`;
    const runs = net.run({ ...particle, initPeer: "c", script: leak });
    expect(runs.map((r) => [r.peer, r.retCode])).toEqual([
      ["c", 0],
      ["b", 0],
      ["b", 0],
      ["c", 0],
      ["c", 0],
    ]);
    expect(calls).toBe(2);
    expect(used).toEqual(["secret 2"]);
    expect(net.peer("b").data.get(particleKey({ id: "p1", initPeerId: A }))).toBeDefined();
    expect(net.peer("b").data.get(particleKey({ id: "p1", initPeerId: C }))).toBe(runs[2]!.data);
  });

  it("refuses a result B signed in A's particle, arriving in C's particle of the same id (9)", () => {
    const { cid, stores } = resultOfB('"for A"');
    const signedForA = byB([{ call: { executed: { scalar: cid } } }], stores);
    const inC = { ...params, initPeerId: C };
    const prevData = interpret({ script: callB, params: inC, keys: keysA }).data;
    const out = interpret({ script: callB, params: inC, keys: keysA, prevData, currentData: signedForA });
    expect(out.retCode).toBe(ErrorCode.SIGNATURE);
    expect(out.errorMessage).toMatch(/does not match the results it produced in particle p of/);
    expect(out.data).toBe(prevData);
  });

  it.each([
    ["particle id", { particleId: "p\uD800" }],
    ["init peer id", { initPeerId: `${A}\uDC00` }],
  ])("refuses a run whose %s has a lone surrogate, which no signature covers exactly", (_, change) => {
    const prevData = sentToB(callB);
    const out = interpret({ script: callB, params: { ...params, ...change }, keys: keysA, prevData });
    expect(out).toMatchObject({ retCode: ErrorCode.PARAMS_MALFORMED, data: prevData, nextPeers: [] });
    expect(out.errorMessage).toMatch(/lone surrogate/);
  });
});

describe("malformed data (2)", () => {
  /** Data that arrives unsigned (none of these states names a result anyone signs). */
  const arrived = (trace: unknown[]) => encodeData({ ...decodeData(new Uint8Array()), trace: trace as State[] });

  it.each<[string, unknown]>([
    ["a call sent and executed", { call: { sent_by: { PeerId: B }, executed: 5 } }],
    ["a call executed and failed", { call: { executed: { scalar: "c" }, failed: "c" } }],
    ["a value both scalar and stream", { call: { executed: { scalar: "c", stream: { cid: "c", generation: 0 } } } }],
    ["a sender of both kinds", { call: { sent_by: { PeerId: B, PeerIdWithCallId: null } } }],
    ["a canon sent and executed", { canon: { sent_by: B, executed: 5 } }],
  ])("refuses a state of two kinds: %s (2)", (_, state) => {
    const prevData = sentToB(callB);
    expectRefused({ script: callB, prevData, currentData: arrived([state]) }, ErrorCode.DATA_MALFORMED, /malformed/);
  });

  it.each([
    ["a trace state", (deep: string) => `{"version":"cloudless-air/1","trace":[${deep}]}`],
    ["a version", (deep: string) => `{"version":${deep}}`],
    [
      "a store entry",
      (deep: string) =>
        `{"version":"cloudless-air/1","trace":[],"lcid":0,"cid_info":{"value_store":{},` +
        `"tetraplet_store":{"c":${deep}},"canon_element_store":{},"canon_result_store":{},` +
        `"service_result_store":{}},"signatures":{}}`,
    ],
  ])("refuses %s nested 100,000 deep, with a short message (2)", (_, data) => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const prevData = sentToB(callB);
    const currentData = new TextEncoder().encode(data(deep));
    const out = expectRefused({ script: callB, prevData, currentData }, ErrorCode.DATA_MALFORMED, /malformed|version/);
    expect(out.errorMessage.length).toBeLessThan(300);
  });
});

describe("data another peer made that its signature cannot vouch for", () => {
  it.each(["null", "5", '{"message":"m"}', '{"ret_code":"1","message":"m"}', '{"ret_code":1,"message":2}'])(
    "refuses a failed call whose value is %s, not a service's failure (20012)",
    (text) => {
      const { cid, stores } = resultOfB(text);
      const currentData = byB([{ call: { failed: cid } }], stores);
      const prevData = sentToB(callB);
      expectRefused({ script: callB, prevData, currentData }, ErrorCode.MALFORMED_CALL_SERVICE_FAILED, /failure/);
    },
  );

  it.each(["null", "1", '{"key":true,"value":1}', '{"key":"k"}'])(
    "refuses a canon map made on another peer with the element %s, not a key and value (20014)",
    (text) => {
      const script = `(seq (canon "${B}" %m #%c) (call %init_peer_id% ("s" "f") [#%c]))`;
      const { cid, stores } = canonOfB(['{"key":"k","value":0}', text]);
      const currentData = byB([{ canon: { executed: cid } }], stores);
      const prevData = sentToB(script);
      expectRefused(
        { script, prevData, currentData },
        ErrorCode.CANON_MAP_KEY,
        /unsupported kvpair object or map key type|there must be a "value" field in kvpair object/,
      );
    },
  );
});

describe("input that made interpret throw", () => {
  it("refuses its own previous data whose value is not JSON (8)", () => {
    const script = `(call %init_peer_id% ("s" "f") [] x)`;
    const asked = run({ script });
    const done = decodeData(
      run({ script, prevData: asked.data, callResults: [[1, { retCode: 0, result: "1" }]] }).data,
    );
    const [cid] = Object.keys(done.cid_info.value_store);
    done.cid_info.value_store[cid!] = "{not json";
    expectRefused({ script, prevData: encodeData(done) }, ErrorCode.CID_STORE, /is not JSON/);
  });

  it.each<[string, unknown]>([
    ["a number where a pair goes", [5]],
    ["null where a pair goes", [null]],
    ["a pair of the wrong kinds", [[{}, 1]]],
    ["an object, not a list", {}],
  ])("refuses call results with %s (5)", (_, callResults) => {
    const prevData = sentToB(callB);
    const input = { script: callB, prevData, callResults: callResults as InterpretInput["callResults"] };
    expectRefused(input, ErrorCode.CALL_RESULTS_MALFORMED, /call results? .*malformed/);
  });

  it("turns an exception nothing foresaw into a refusal (a script that is not text)", () => {
    const prevData = sentToB(callB);
    expectRefused({ script: 5 as unknown as string, prevData }, ErrorCode.INTERNAL, /unexpected/);
  });
});
