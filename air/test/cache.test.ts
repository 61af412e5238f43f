// The data a run reads back from its own last output (the decoded-data cache and the stores a run takes over): it
// must give exactly what decoding the bytes afresh gives, whatever the caller did with the bytes in between.
import { describe, expect, it } from "vitest";
import { loadData, writeData } from "../src/data/cache.ts";
import {
  type CallResult,
  decodeData,
  ErrorCode,
  interpret,
  keyPairFromSeed,
  type InterpretInput,
} from "../src/index.ts";

const A = keyPairFromSeed(new Uint8Array(32).fill(1)).peerId;
const params = { initPeerId: A, currentPeerId: A, timestamp: 1_795_000_000_000, ttl: 60_000, particleId: "p" };
const script = `(seq (call %init_peer_id% ("s" "f") [] x) (seq (call %init_peer_id% ("s" "g") [x] y) (call %init_peer_id% ("s" "h") [y] z)))`;
const run = (input: Partial<InterpretInput>) => interpret({ script, params, ...input });
const answer = (id: number, value: unknown): [number, CallResult][] => [
  [id, { retCode: 0, result: JSON.stringify(value) }],
];

/** The whole particle, one call result at a time, from nothing. */
function runToEnd() {
  const outputs = [run({})];
  for (let id = 1; outputs.at(-1)!.callRequests.length > 0; id++)
    outputs.push(run({ prevData: outputs.at(-1)!.data, callResults: answer(id, { n: id }) }));
  return outputs;
}

describe("data read back from a run's own output", () => {
  it("writes the same JSON that decoding gives back, store by store", () => {
    const last = runToEnd().at(-1)!;
    const loaded = loadData(last.data, false);
    const decoded = decodeData(last.data);
    expect(decoded.trace).toEqual(loaded.trace);
    expect(decoded.lcid).toBe(3);
    expect(Object.keys(decoded.cid_info.value_store)).toEqual([...loaded.stores.value_store.entries.keys()]);
    expect(Object.values(decoded.cid_info.value_store)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(writeData(loaded)).toEqual(last.data);
  });

  it("gives the same outputs whether the previous data comes from the cache or is decoded afresh", () => {
    const cached = runToEnd();
    // copies of the bytes are other objects with the same content: the cache compares content
    const fresh = [run({})];
    for (let id = 1; id <= 3; id++) {
      const prevData = Uint8Array.from(fresh.at(-1)!.data);
      fresh.push(run({ prevData, callResults: answer(id, { n: id }) }));
    }
    expect(fresh.map((o) => o.data)).toEqual(cached.map((o) => o.data));
  });

  it("runs from the same previous data twice (a retry) with the same outcome", () => {
    const first = run({});
    const once = run({ prevData: first.data, callResults: answer(1, 7) });
    const twice = run({ prevData: first.data, callResults: answer(1, 7) });
    expect(twice).toEqual(once);
  });

  it("decodes bytes the caller changed after the run instead of answering from the cache", () => {
    const first = run({});
    const second = run({ prevData: first.data, callResults: answer(1, 7) });
    const text = new TextDecoder().decode(second.data);
    const changed = new TextEncoder().encode(text.replace('"lcid":2', '"lcid":9'));
    second.data.set(changed.subarray(0, second.data.length));
    expect(decodeData(second.data).lcid).toBe(9);
    // the cached data would still say 2
    const third = run({ prevData: second.data });
    expect(third.retCode).toBe(0);
    expect(decodeData(third.data).lcid).toBe(9);
  });

  it("leaves nothing behind from a refused run that had taken the previous data", () => {
    const first = run({});
    const second = run({ prevData: first.data, callResults: answer(1, 7) });
    const bad = run({ prevData: second.data, callResults: [[-1, { retCode: 0, result: "1" }]] });
    expect(bad.retCode).toBe(ErrorCode.CALL_RESULTS_MALFORMED);
    expect(bad.data).toEqual(second.data);
    const good = run({ prevData: second.data, callResults: answer(2, 8) });
    const reference = run({ prevData: Uint8Array.from(second.data), callResults: answer(2, 8) });
    expect(good).toEqual(reference);
    expect(Object.values(decodeData(good.data).cid_info.value_store)).toEqual(["7", "8"]);
  });

  it("gives the peers data was sent to what was sent, after the sender's next run took it over", () => {
    // A sends to B (the call on B) and asks for f here; its next run takes the data over and adds f's result
    const B = keyPairFromSeed(new Uint8Array(32).fill(2)).peerId;
    const sent = `(par (call "${B}" ("s" "g") []) (call %init_peer_id% ("s" "f") [] x))`;
    const first = interpret({ script: sent, params });
    expect(first.nextPeers).toEqual([B]);
    const fresh = decodeData(Uint8Array.from(first.data));
    const next = interpret({ script: sent, params, prevData: first.data, callResults: answer(1, "added") });
    expect(Object.values(decodeData(next.data).cid_info.value_store)).toEqual(['"added"']);
    // what B reads is the data as sent: not the stores, signatures or trace text A's next run changed
    const read = loadData(first.data, false);
    expect(read.trace).toEqual(fresh.trace);
    expect(Object.fromEntries(read.stores.value_store.entries)).toEqual(fresh.cid_info.value_store);
    expect(Object.fromEntries(read.signatures)).toEqual(fresh.signatures);
    expect(writeData(read)).toEqual(first.data);
    // and B's run on it is the same as on the bytes decoded afresh
    const onB = { ...params, currentPeerId: B };
    const fromCache = interpret({ script: sent, params: onB, currentData: first.data });
    const padded = Uint8Array.from([...first.data, 0x20]); // a space after the JSON: bytes the cache does not know
    const afresh = interpret({ script: sent, params: onB, currentData: padded });
    expect(fromCache).toEqual(afresh);
  });

  it("writes trace states that are not ASCII, and reads them back the same from the cache and afresh", () => {
    const me = { ...params, initPeerId: "pé", currentPeerId: "pé" };
    const text = `(par (call "ü" ("s" "f") []) (par (call %init_peer_id% ("s" "g") [] y) (call "ü" ("s" "h") [])))`;
    const first = interpret({ script: text, params: me });
    const results = answer(1, "ö");
    const fromCache = interpret({ script: text, params: me, prevData: first.data, callResults: results });
    const afresh = interpret({ script: text, params: me, prevData: Uint8Array.from(first.data), callResults: results });
    expect(fromCache.data).toEqual(afresh.data);
    const trace = decodeData(fromCache.data).trace;
    expect(trace).toHaveLength(5);
    expect(trace[1]).toEqual({ call: { sent_by: { PeerId: "pé" } } });
    expect(trace[4]).toEqual({ call: { sent_by: { PeerId: "pé" } } });
  });
});
