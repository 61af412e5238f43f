// Error messages that the differential scenarios cannot reach through the network, against the real AquaVM on one
// peer: a call result that is not JSON (serde_json's words for why, and where), and call results nothing asked for.
import { describe, expect, it } from "vitest";
import { interpret, keyPairFromSeed } from "../src/index.ts";
import { loadAquaVm } from "./support/aquavm.ts";

const keys = keyPairFromSeed(new Uint8Array(32).fill(4));
const params = {
  initPeerId: keys.peerId,
  currentPeerId: keys.peerId,
  timestamp: 1_795_000_000_000,
  ttl: 60_000,
  particleId: "particle-1",
};

/** Texts that are not JSON (or not to serde_json), one for each way of failing and each place it can fail at. */
const NOT_JSON = [
  "not json",
  "",
  " ",
  "é",
  "\n\n  x",
  "tru",
  "nul",
  "falsy",
  '{"a":1',
  '{"a":1,}',
  '{"a" 1}',
  '{"a":1 "b":2}',
  "{a:1}",
  "{,}",
  '{"a":}',
  '{"a"',
  "[1,2",
  "[1,]",
  "[,1]",
  "[1 2]",
  "[[[",
  "1 2",
  "01",
  "-",
  "-a",
  "1.",
  "1.x",
  "1e",
  "1e+",
  "1ex",
  "1e-400",
  "0e99999999999",
  "1.123456789012345678901234567890e308",
  '"abc',
  '"\\x"',
  '"\\u12"',
  '"\\u12g4"',
  '"a\u0001"',
  '"tab\there"',
  "\t[1,\n2,\n x]",
  "[".repeat(127) + "]".repeat(127) + " x",
  '{"a":'.repeat(130),
  "[1]]",
  "null x",
  "\u00e9\u00e9",
  '["\u00e9", x]',
];

/**
 * Texts JavaScript's JSON.parse reads but serde_json refuses: numbers out of f64's range (JSON.parse gives Infinity),
 * escaped lone surrogates, and lists or objects nested 128 deep or more. AquaVM fails the call on them, and so do we:
 * a call result that might be one is read again by serde_json's rules.
 */
const READ_BY_JSON_PARSE_ONLY = [
  "1e400",
  "-1e400",
  "1e99999999999",
  "123456789012345678901234567890e300",
  '"\\ud800"',
  '"\\ud800\\n"',
  '"\\ud800\\u0041"',
  '"\\udc00"',
  "[".repeat(128) + "]".repeat(128),
];

describe("error messages AquaVM gives outside the network", () => {
  const aquavm = loadAquaVm();
  const script = `(call %init_peer_id% ("s" "f") [] x)`;
  const theirFirst = aquavm.invoke({ script, keys, initPeerId: keys.peerId });
  const ourFirst = interpret({ script, params, keys });

  it.each([...NOT_JSON, ...READ_BY_JSON_PARSE_ONLY].map((t) => [JSON.stringify(t).slice(0, 60), t]))(
    "a call result serde_json does not read: %s",
    (_, text) => {
      const result = { retCode: 0, result: text };
      const theirs = aquavm.invoke({
        script,
        keys,
        initPeerId: keys.peerId,
        prevData: theirFirst.data,
        callResults: [[1, result]],
      });
      const ours = interpret({ script, params, keys, prevData: ourFirst.data, callResults: [[1, result]] });
      expect({ retCode: ours.retCode, errorMessage: ours.errorMessage }).toEqual({
        retCode: theirs.retCode,
        errorMessage: theirs.errorMessage,
      });
    },
  );

  it.each([
    ["a number", { retCode: 0, result: "1" }],
    ["text with quotes and a newline", { retCode: 3, result: '"q\\"uote\n"' }],
    ["nothing", { retCode: -1, result: "" }],
  ])("a call result nothing asked for: %s", (_, result) => {
    const theirs = aquavm.invoke({ script: "(null)", keys, initPeerId: keys.peerId, callResults: [[7, result]] });
    const ours = interpret({ script: "(null)", params, keys, callResults: [[7, result]] });
    expect([ours.retCode, ours.errorMessage]).toEqual([theirs.retCode, theirs.errorMessage]);
  });
});
