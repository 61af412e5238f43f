// The hand-written JSON of trace states and store records: the same text JSON.stringify gives for records built in
// declaration order (which is what AquaVM hashes), whatever order a decoded record lists its fields in.
import { describe, expect, it } from "vitest";
import {
  canonElementJson,
  canonResultJson,
  serviceResultJson,
  signaturesJson,
  stateJson,
  tetrapletJson,
} from "../src/data/records.ts";
import type { State } from "../src/index.ts";

const odd = 'a "quoted" \\ back\nslash é 😀 \u0001';

describe("record JSON", () => {
  it.each<State>([
    { par: [3, 0] },
    { ap: { gens: [2] } },
    { call: { sent_by: { PeerId: "12D3KooWpeer" } } },
    { call: { sent_by: { PeerIdWithCallId: { peer_id: odd, call_id: 7 } } } },
    { call: { executed: { scalar: "bagaa1" } } },
    { call: { executed: { stream: { cid: "bagaa2", generation: 4 } } } },
    { call: { executed: { unused: odd } } },
    { call: { failed: "bagaa3" } },
    { canon: { sent_by: "12D3KooWpeer" } },
    { canon: { executed: "bagaa4" } },
    { fold: { lore: [] } },
    {
      fold: {
        lore: [
          {
            pos: 1,
            desc: [
              { pos: 2, len: 3 },
              { pos: 5, len: 0 },
            ],
          },
          {
            pos: 9,
            desc: [
              { pos: 10, len: 1 },
              { pos: 11, len: 2 },
            ],
          },
        ],
      },
    },
  ])("writes %j as JSON.stringify does", (state) => {
    expect(stateJson(state)).toBe(JSON.stringify(state));
  });

  it("writes store records with their fields in declaration order, however they were listed", () => {
    const t = { peer_pk: odd, service_id: "s", function_name: "f", lens: ".$.a" };
    expect(tetrapletJson({ lens: t.lens, function_name: "f", service_id: "s", peer_pk: odd })).toBe(JSON.stringify(t));
    const r = { value_cid: "v", argument_hash: "a", tetraplet_cid: "t" };
    expect(serviceResultJson({ tetraplet_cid: "t", argument_hash: "a", value_cid: "v" })).toBe(JSON.stringify(r));
    for (const provenance of [
      { type: "literal" },
      { type: "service_result", cid: "c" },
      { type: "canon", cid: "k" },
    ] as const) {
      const e = { value: "v", tetraplet: "t", provenance };
      expect(canonElementJson(e)).toBe(JSON.stringify(e));
    }
    expect(canonResultJson({ tetraplet: "t", values: [] })).toBe('{"tetraplet":"t","values":[]}');
    expect(canonResultJson({ values: ["a", odd], tetraplet: "t" })).toBe(
      JSON.stringify({ tetraplet: "t", values: ["a", odd] }),
    );
  });

  it("writes signatures as JSON.stringify writes the object of them, array-index keys first", () => {
    for (const keys of [
      [],
      ["12D3KooWpeer"],
      ["12D3KooWb", "12D3KooWa", odd, "__proto__", ""],
      ["x", "7", "1", "01", "4294967295", "4294967294", "-1", "1.5", "12D3KooWpeer", "y"],
    ]) {
      const signatures = new Map(keys.map((k, i) => [k, i % 2 ? odd : `sig${i}`]));
      expect(signaturesJson(signatures)).toBe(JSON.stringify(Object.fromEntries(signatures)));
    }
  });
});
