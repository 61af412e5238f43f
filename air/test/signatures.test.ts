// Proof of execution through the network: what a peer finds when data arrives that someone changed on the way, or
// that a hostile peer made. Each attack is caught before anything runs (8 for the CID stores, 9 for signatures) and
// the receiving peer keeps the data it had.
import { describe, expect, it } from "vitest";
import { cidOfText } from "../src/data/cid.ts";
import { cidOfServiceResult } from "../src/data/records.ts";
import {
  decodeData,
  encodeData,
  ErrorCode,
  type Hop,
  interpret,
  type InterpreterData,
  keyPairFromSeed,
  Network,
  type RunRecord,
  signData,
} from "../src/index.ts";

const T = 1_795_000_000_000;
const [keysA, keysB, keysC] = [1, 2, 3].map((n) => keyPairFromSeed(new Uint8Array(32).fill(n))) as [
  ReturnType<typeof keyPairFromSeed>,
  ReturnType<typeof keyPairFromSeed>,
  ReturnType<typeof keyPairFromSeed>,
];
const [a, b] = [keysA.peerId, keysB.peerId];

// b answers f, then a answers g with b's result: the data a receives holds one result made (and signed) by b
const script = `(seq (call "${b}" ("s" "f") [] x) (call "${a}" ("s" "g") [x]))`;

type Tamper = (data: InterpreterData, hop: Hop) => Uint8Array;

function runWith(tamper?: Tamper, id = "p1", text = script) {
  const net = new Network(undefined, {
    now: () => T,
    intercept: (hop) =>
      tamper && hop.to === "a" ? { ...hop.particle, data: tamper(decodeData(hop.particle.data), hop) } : hop.particle,
  });
  net.addPeer("a", keysA);
  net.addPeer("b", keysB);
  for (const peer of ["a", "b"])
    net.register(peer, "s", "*", (req) => ({ retCode: 0, result: `${req.functionName}@${peer}` }));
  const records = net.run({ id, script: text, initPeer: "a", timestamp: T, ttl: 60_000 });
  return { net, records };
}

/** The record of a's run on the data b sent, and a's data before it. */
function arrivalAtA(records: RunRecord[]): { record: RunRecord; before: Uint8Array } {
  const i = records.findIndex((r, n) => n > 0 && r.peer === "a");
  return {
    record: records[i]!,
    before: records
      .slice(0, i)
      .reverse()
      .find((r) => r.peer === "a")!.data,
  };
}

/** b's call result in the data: its service result record, its CID and its value CID. */
function bResult(data: InterpreterData) {
  const state = data.trace.find((s) => "call" in s && "executed" in s.call)!;
  const cid = ((state as { call: { executed: { scalar: string } } }).call.executed as { scalar: string }).scalar;
  return { state, cid, record: data.cid_info.service_result_store[cid]! };
}

/** Replaces b's result by the value `text`, every CID recomputed so that the stores hold together again. */
function forgeResult(data: InterpreterData, text: string): InterpreterData {
  const { cid, record } = bResult(data);
  const valueCid = cidOfText(text);
  const forged = { ...record, value_cid: valueCid };
  const forgedCid = cidOfServiceResult(forged);
  const stores = data.cid_info;
  stores.value_store[valueCid] = text;
  stores.service_result_store[forgedCid] = forged;
  delete stores.service_result_store[cid];
  return JSON.parse(JSON.stringify(data).replaceAll(cid, forgedCid)) as InterpreterData;
}

function expectRefused(records: RunRecord[], code: number, message: RegExp) {
  const { record, before } = arrivalAtA(records);
  expect(record.retCode).toBe(code);
  expect(record.errorMessage).toMatch(message);
  expect(record.data).toEqual(before);
  expect(record.callRequests).toEqual([]);
  expect(record.nextPeers).toEqual([]);
}

describe("data that arrives", () => {
  it("runs when nobody touched it", () => {
    const { records } = runWith();
    expect(records.map((r) => r.retCode)).toEqual([0, 0, 0, 0, 0]);
    expect(records[3]!.callRequests[0]![1].arguments).toEqual(["f@b"]);
  });

  describe("with its CID stores changed (8)", () => {
    it.each<[string, Tamper, RegExp]>([
      [
        "a value changed in place",
        (d) => {
          const { record } = bResult(d);
          d.cid_info.value_store[record.value_cid] = '"forged"';
          return encodeData(d);
        },
        /value .* does not hash to its CID/,
      ],
      [
        "a tetraplet changed in place",
        (d) => {
          const t = Object.values(d.cid_info.tetraplet_store)[0]!;
          t.function_name = "other";
          return encodeData(d);
        },
        /tetraplet_store entry .* does not hash/,
      ],
      [
        "a service result whose value is not in the data",
        (d) => {
          delete d.cid_info.value_store[bResult(d).record.value_cid];
          return encodeData(d);
        },
        /names .*, which is not in the value_store/,
      ],
      [
        "a value that hashes to its CID but is not JSON",
        (d) => encodeData(forgeResult(d, "{not json")),
        /value .* is not JSON text/,
      ],
    ])("refuses %s", (_, tamper, message) => {
      expectRefused(runWith(tamper).records, ErrorCode.CID_STORE, message);
    });
  });

  it("refuses a record with a field added, as malformed data (2)", () => {
    const tamper: Tamper = (d) => {
      Object.assign(Object.values(d.cid_info.tetraplet_store)[0]!, { extra: 1 });
      return encodeData(d);
    };
    expectRefused(runWith(tamper).records, ErrorCode.DATA_MALFORMED, /tetraplet_store entry .* is malformed/);
  });

  describe("with its signatures broken (9)", () => {
    it.each<[string, Tamper, RegExp]>([
      [
        "a result changed on the way, every CID recomputed (only b can sign for b)",
        (d) => encodeData(forgeResult(d, '"forged"')),
        /signature of .* does not match the results it produced/,
      ],
      [
        "b's signature removed",
        (d) => {
          delete d.signatures[b];
          return encodeData(d);
        },
        /produced results in the data but did not sign them/,
      ],
      [
        "b's signature replaced by c's over the same results",
        (d) => {
          const byC = decodeData(
            signData(encodeData({ ...d, signatures: {} }), keysC, { particleId: "p1", initPeerId: a }),
          ).signatures[keysC.peerId]!;
          d.signatures[b] = byC;
          return encodeData(d);
        },
        /signature of .* does not match/,
      ],
      [
        "a signature that is not base58",
        (d) => {
          d.signatures[b] = "0OIl";
          return encodeData(d);
        },
        /signature of .* is malformed/,
      ],
      [
        "a signature under a name that is not a peer id",
        (d) => {
          d.signatures["not-a-peer"] = d.signatures[b]!;
          return encodeData(d);
        },
        /signature of not-a-peer is malformed/,
      ],
    ])("refuses %s", (_, tamper, message) => {
      expectRefused(runWith(tamper).records, ErrorCode.SIGNATURE, message);
    });

    it("refuses b's results and signature carried over from another particle", () => {
      const other = runWith(undefined, "p0").records[2]!.data;
      const { records } = runWith(() => other, "p1");
      expectRefused(records, ErrorCode.SIGNATURE, /does not match the results it produced in particle p1/);
    });

    it("refuses a peer that changes a result it already sent (its results only grow)", () => {
      // b answers f and sends it to a; a answers g and sends back; b answers h and sends again, now with f changed
      const twice = `(seq (call "${b}" ("s" "f") [] x) (seq (call "${a}" ("s" "g") [x]) (seq (call "${b}" ("s" "h") [x] y) (call "${a}" ("s" "k") [y]))))`;
      let arrivals = 0;
      const { records } = runWith(
        (d) => {
          if (++arrivals === 1) return encodeData(d);
          return signData(encodeData(forgeResult(d, '"changed"')), keysB, { particleId: "p1", initPeerId: a });
        },
        "p1",
        twice,
      );
      const last = records.filter((r) => r.peer === "a").at(-1)!;
      expect(last.retCode).toBe(ErrorCode.SIGNATURE);
      expect(last.errorMessage).toMatch(/not a superset or subset of those already here/);
    });
  });

  it("refuses keys that are not the current peer's (7)", () => {
    const out = interpret({
      script: "(null)",
      params: { initPeerId: a, currentPeerId: a, timestamp: T, ttl: 1, particleId: "p" },
      keys: keysB,
    });
    expect(out.retCode).toBe(ErrorCode.KEY_PAIR);
    expect(out.errorMessage).toMatch(/not the current peer's/);
  });
});
