// Marine's interface-types section: AquaVM's own section decoded, written back byte for byte, and refused when
// malformed; sections made from manifests decode to what the manifest says.
import { describe, expect, it } from "vitest";
import {
  decodeInterfaces,
  encodeInterfaces,
  interfacesFromManifest,
  INTERFACE_TYPES_SECTION,
  type Manifest,
} from "../src/index.ts";
import { signatureText } from "../src/it/signature.ts";
import type { FunctionType } from "../src/it/types.ts";
import { avmBytes } from "./support/avm.ts";
import { refusal } from "./support/refusal.ts";

const avmSection = new Uint8Array(
  WebAssembly.Module.customSections(
    new WebAssembly.Module(avmBytes() as Uint8Array<ArrayBuffer>),
    INTERFACE_TYPES_SECTION,
  )[0] as ArrayBuffer,
);

describe("AquaVM's section", () => {
  const interfaces = decodeInterfaces(avmSection);

  it("decodes: version, Marine's default exports first, then AquaVM's functions with their records", () => {
    expect(interfaces.version).toBe("0.27.0");
    expect(interfaces.exports.map((e) => e.name)).toEqual([
      "allocate",
      "release_objects",
      "get_result_size",
      "get_result_ptr",
      "set_result_size",
      "set_result_ptr",
      "invoke",
      "invoke_tracing",
      "ast",
      "to_human_readable_data",
    ]);
    const invoke = interfaces.types[interfaces.exports[6]?.functionType as number] as FunctionType;
    expect(signatureText(invoke, interfaces)).toBe(
      "(air: string, prev_data: []u8, data: []u8, params: RunParameters, call_results: []u8) -> InterpreterOutcome",
    );
  });

  it("encodes back to the same bytes", () => {
    expect(encodeInterfaces(interfaces)).toEqual(avmSection);
  });

  it("a truncated or corrupted section is refused with where it broke", () => {
    for (const cut of [1, 10, 100, avmSection.length - 1]) {
      const error = refusal(() => decodeInterfaces(avmSection.subarray(0, cut)));
      expect(error.code).toBe("INTERFACE");
      expect(error.details).toMatch(/at byte \d+/);
    }
    const corrupted = Uint8Array.from(avmSection);
    corrupted[10] = 0x99; // the first type's kind (after the version and the types' count)
    expect(refusal(() => decodeInterfaces(corrupted)).message).toMatch(/unknown type kind 0x99/);
    expect(refusal(() => decodeInterfaces(Uint8Array.from([0x00, 0x00]))).message).toMatch(/one version entry/);
  });
});

describe("sections from manifests", () => {
  it("decode to the manifest's functions, records and imports", () => {
    const interfaces = interfacesFromManifest({
      records: [
        {
          name: "Pair",
          fields: [
            { name: "a", type: "[][]string" },
            { name: "b", type: "Pair" },
          ],
        },
      ],
      functions: [
        {
          name: "f",
          arguments: [
            { name: "p", type: "Pair" },
            { name: "flag", type: "bool" },
          ],
          output: "[]Pair",
        },
      ],
      imports: [{ module: "other", name: "g", arguments: [{ name: "x", type: "s64" }], output: "f32" }],
    });
    const decoded = decodeInterfaces(encodeInterfaces(interfaces));
    expect(decoded).toEqual(interfaces);
    const f = decoded.types[decoded.exports[6]?.functionType as number] as FunctionType;
    expect(signatureText(f, decoded)).toBe("(p: Pair, flag: bool) -> []Pair");
  });

  it("a manifest with an unknown type, a reserved name or an empty record is refused", () => {
    const bad = [
      { functions: [{ name: "f", arguments: [{ name: "x", type: "u128" }] }] },
      { functions: [{ name: "f", arguments: [{ name: "x" }] }] },
      { functions: [{ name: "f", arguments: [], output: 5 }] },
      { functions: [{ name: "allocate", arguments: [] }] },
      { records: [{ name: "Empty", fields: [] }], functions: [] },
    ];
    // manifests come from JSON files, so they are checked as if untyped
    for (const manifest of bad)
      expect(refusal(() => interfacesFromManifest(manifest as Manifest)).code).toBe("INTERFACE");
  });
});
