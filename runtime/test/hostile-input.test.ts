// Hostile input at every entry point a user reaches: module bytes, interface-types sections, JSON manifests,
// service configs (JSON and TOML), the module store and call arguments. Each is fuzzed from real inputs with a
// seeded generator (the same cases every run), and every outcome must be success or a RuntimeError: never a
// TypeError, RangeError or SyntaxError escaping, never a hang, and the host and the other services go on. The
// hand-written cases below the fuzzing are the bugs it found, one each.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeInterfaces,
  directoryStore,
  encodeInterfaces,
  interfacesFromManifest,
  INTERFACE_TYPES_SECTION,
  type Manifest,
  memoryStore,
  parseServiceConfig,
  Runtime,
  RuntimeError,
  serviceConfig,
  type Value,
} from "../src/index.ts";
import { ByteReader, nameBytes, readSections, SECTION, uleb, writeSections } from "../src/wasm/binary.ts";
import { prepareModule } from "../src/wasm/prepare.ts";
import { avmBytes } from "./support/avm.ts";
import { ECHO_MANIFEST, echoModule, mathModule } from "./support/fixtures.ts";
import { generator, type Generator } from "./support/random.ts";
import { refusal } from "./support/refusal.ts";
import { marineModule, wat } from "./support/wat.ts";

/** Runs one hostile input: answers "ok" or the RuntimeError's code; anything else thrown fails with the input. */
function outcome(label: string, fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    if (error instanceof RuntimeError) return error.code;
    throw new Error(`${label}: ${(error as Error)?.constructor?.name} escaped: ${describeError(error)}`, {
      cause: error,
    });
  }
}
const describeError = (error: unknown) => (error instanceof Error ? error.message.slice(0, 300) : String(error));

/** LEB128 numbers no count or length should be taken at their word for. */
const ABSURD_LEBS = [
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x08],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80],
  [0xe4, 0x00],
  [0x80, 0xad, 0xe2, 0x04],
];

/** One random change: bit flips, a byte set, a cut, a slice removed or repeated, random bytes or an absurd LEB128. */
function mutate(bytes: Uint8Array, g: Generator, from = 0): Uint8Array {
  let out = Uint8Array.from(bytes);
  const at = () => from + g.int(Math.max(1, out.length - from));
  const splice = (p: number, remove: number, insert: ArrayLike<number>) =>
    (out = Buffer.concat([out.subarray(0, p), Uint8Array.from(insert), out.subarray(p + remove)]));
  const changes = 1 + g.int(3);
  for (let c = 0; c < changes; c++) {
    switch (g.int(7)) {
      case 0:
        for (let i = 0; i < 1 + g.int(4); i++) {
          const p = at();
          out[p] = ((out[p] ?? 0) ^ (1 << g.int(8))) & 0xff;
        }
        break;
      case 1:
        out[at()] = g.pick([0x00, 0x01, 0x7f, 0x80, 0xff, g.int(256)]);
        break;
      case 2:
        out = out.subarray(0, at());
        break;
      case 3:
        splice(at(), 1 + g.int(16), []);
        break;
      case 4: {
        const p = at();
        splice(p, 0, out.slice(p, p + 1 + g.int(32)));
        break;
      }
      case 5:
        splice(
          at(),
          0,
          Array.from({ length: 1 + g.int(8) }, () => g.int(256)),
        );
        break;
      default:
        splice(at(), g.int(2), g.pick(ABSURD_LEBS));
    }
  }
  return out;
}

/** A module's sections with its interface-types section's payload replaced by `section` bytes as they are. */
function withSection(module: Uint8Array, section: Uint8Array): Uint8Array {
  const isInterface = (s: { id: number; payload: Uint8Array }) =>
    s.id === SECTION.custom &&
    new TextDecoder().decode(s.payload.subarray(1, 1 + s.payload[0]!)) === INTERFACE_TYPES_SECTION;
  const others = readSections(module).filter((s) => !isInterface(s));
  const payload = Uint8Array.from([...nameBytes(INTERFACE_TYPES_SECTION), ...section]);
  return writeSections([...others, { id: SECTION.custom, payload }]);
}

/** A code section cut to its first `count` function bodies. */
function firstBodies(payload: Uint8Array, count: number): Uint8Array {
  const reader = new ByteReader(payload);
  reader.u32();
  const start = reader.at;
  for (let f = 0; f < count; f++) reader.skip(reader.u32());
  return Buffer.concat([Uint8Array.from(uleb(count)), payload.subarray(start, reader.at)]);
}

const sectionOf = (module: Uint8Array): Uint8Array =>
  prepareModule(module, { fuel: false }).info.customSections.get(INTERFACE_TYPES_SECTION) as Uint8Array;

const avm = avmBytes();
const avmSection = sectionOf(avm);
const echo = echoModule();
const echoSection = sectionOf(echo);

/** A runtime with a service that must keep working whatever the hostile inputs did. */
const host = new Runtime();
const bystander = host.createService("bystander", { modules: [{ name: "echo", cid: host.store.put(echo) }] });
const stillWorks = () => {
  expect(bystander.call("add", [2, 3])).toBe(5);
  expect(bystander.call("echo_seq0", ["still here"])).toBe("still here");
  expect(({} as Record<string, unknown>).double).toBeUndefined();
};

describe("fuzzed interface-types sections", () => {
  it("AquaVM's section, mutated 1500 times: decoded or refused as INTERFACE", () => {
    const g = generator(1);
    const codes = new Map<string, number>();
    for (let i = 0; i < 1500; i++) {
      const section = mutate(avmSection, g);
      const code = outcome(`avm section #${i}`, () => {
        const interfaces = decodeInterfaces(section);
        encodeInterfaces(interfaces);
      });
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (code !== "ok") expect(code).toBe("INTERFACE");
    }
    expect(codes.get("INTERFACE")).toBeGreaterThan(500);
    stillWorks();
  });

  it("the echo module's section, mutated 300 times, loaded as a service and called", () => {
    const g = generator(2);
    const runtime = new Runtime();
    let loaded = 0;
    for (let i = 0; i < 300; i++) {
      const bytes = withSection(echo, mutate(echoSection, g));
      const id = `s${i}`;
      const code = outcome(`echo section #${i}`, () =>
        runtime.createService(id, { modules: [{ name: "echo", cid: runtime.store.put(bytes) }] }),
      );
      if (code !== "ok") continue;
      loaded++;
      const service = runtime.service(id);
      for (const f of service.interface().slice(0, 8)) {
        outcome(`echo section #${i} call ${f.name}`, () =>
          service.call(
            f.name,
            f.type.arguments.map(() => 1),
          ),
        );
      }
      runtime.removeService(id);
    }
    expect(loaded).toBeGreaterThan(0);
    stillWorks();
  });
});

describe("fuzzed module bytes", () => {
  it("the echo module, mutated 300 times, loaded with and without limits and called", () => {
    const g = generator(3);
    const runtime = new Runtime();
    for (let i = 0; i < 300; i++) {
      const bytes = mutate(echo, g, 8);
      const cid = runtime.store.put(bytes);
      const limits = i % 2 === 0 ? { fuel_per_call: 100_000, total_memory_limit: "1 MiB" } : {};
      const code = outcome(`echo module #${i}`, () =>
        runtime.createService(`m${i}`, { modules: [{ name: "echo", cid }], ...limits }),
      );
      if (code === "ok") {
        outcome(`echo module #${i} call`, () => runtime.service(`m${i}`).call("add", [1, 2]));
        outcome(`echo module #${i} call`, () => runtime.service(`m${i}`).call("echo_seq2", [["a", "b"]]));
        runtime.removeService(`m${i}`);
      }
    }
    stillWorks();
  });

  it("AquaVM's module (its first 150 function bodies), a section mutated 80 times, read and instrumented", () => {
    const g = generator(4);
    const sections = readSections(avm)
      .filter((s) => s.id !== SECTION.custom && s.id !== SECTION.data)
      .map((s) => (s.id === SECTION.code ? { id: s.id, payload: firstBodies(s.payload, 150) } : s));
    for (let i = 0; i < 80; i++) {
      const target = g.int(sections.length);
      const mutated = sections.map((s, k) => (k === target ? { id: s.id, payload: mutate(s.payload, g) } : s));
      const bytes = writeSections(mutated);
      const code = outcome(`avm module #${i} (section ${sections[target]?.id})`, () =>
        prepareModule(bytes, { fuel: true, maxMemoryPages: 1000 }),
      );
      if (code !== "ok") expect(["INVALID_MODULE", "MEMORY"]).toContain(code);
    }
  });

  it("random bytes after the magic number and version", () => {
    const g = generator(5);
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from([
        0,
        0x61,
        0x73,
        0x6d,
        1,
        0,
        0,
        0,
        ...Array.from({ length: g.int(64) }, () => g.int(256)),
      ]);
      const code = outcome(`random module #${i}`, () => prepareModule(bytes, { fuel: true, maxMemoryPages: 16 }));
      if (code !== "ok") expect(["INVALID_MODULE", "MEMORY"]).toContain(code);
    }
  });
});

/** Values no JSON file or caller should be trusted to get right. */
function hostileValue(g: Generator, depth = 0): unknown {
  const leaves: (() => unknown)[] = [
    () => null,
    () => undefined,
    () => g.pick([true, false]),
    () => g.pick([0, -0, 1, -1, 255, 256, -129, 65536, 2 ** 31, 2 ** 32, -(2 ** 31) - 1, 2 ** 53, 2 ** 64, 1.5]),
    () => g.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, 1e308]),
    () => g.pick([0n, -1n, 2n ** 63n, 2n ** 64n, -(2n ** 63n) - 1n, 2n ** 200n]),
    () => g.pick(["", "a", "\ud800", "a\udc00b", "\u0000", "__proto__", "constructor", "[]".repeat(5000) + "u8"]),
    () => g.pick(["18446744073709551616", "-9223372036854775809", "9".repeat(5000), "0x10", "1e3", " 1"]),
    () => Uint8Array.from([1, 2, 3]),
    () => ({ __proto__: { x: 1 } }),
    () => JSON.parse('{"__proto__": {"polluted": 1}}'),
  ];
  if (depth > 3 || g.int(3) > 0) return g.pick(leaves)();
  if (g.int(2) === 0) return Array.from({ length: g.int(5) }, () => hostileValue(g, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < g.int(4); i++)
    out[g.pick(["name", "type", "x", "y", "fields", "value"])] = hostileValue(g, depth + 1);
  return out;
}

/** A copy of a JSON-like value with one node (picked at random) replaced by a hostile value. */
function replaceNode(value: unknown, g: Generator): unknown {
  if (g.int(4) === 0 || value === null || typeof value !== "object") return hostileValue(g);
  if (Array.isArray(value)) {
    if (value.length === 0) return [hostileValue(g)];
    const copy = [...value];
    const i = g.int(copy.length + 1);
    if (i === copy.length) copy.push(hostileValue(g));
    else copy[i] = replaceNode(copy[i], g);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || g.int(6) === 0) copy[g.pick(["extra", "name", "__proto__", "fields"])] = hostileValue(g);
  else if (g.int(6) === 0) delete copy[g.pick(keys)];
  else {
    const key = g.pick(keys);
    copy[key] = replaceNode(copy[key], g);
  }
  return copy;
}

describe("fuzzed manifests", () => {
  const manifests: Manifest[] = [
    ECHO_MANIFEST,
    JSON.parse(readFileSync(join(import.meta.dirname, "../examples/c-greeter/manifest.json"), "utf8")) as Manifest,
    JSON.parse(
      readFileSync(join(import.meta.dirname, "../examples/storage-service/facade/manifest.json"), "utf8"),
    ) as Manifest,
  ];

  it("1000 manifests with a node replaced: made into interfaces or refused as INTERFACE; 100 loaded", () => {
    const g = generator(6);
    const runtime = new Runtime();
    const cid = runtime.store.put(echo);
    for (let i = 0; i < 1000; i++) {
      let manifest = g.pick(manifests) as unknown;
      for (let k = 0; k < 1 + g.int(3); k++) manifest = replaceNode(manifest, g);
      const code = outcome(`manifest #${i} ${describeValue(manifest)}`, () => {
        const interfaces = interfacesFromManifest(manifest as Manifest);
        decodeInterfaces(encodeInterfaces(interfaces));
      });
      if (code !== "ok") expect(code).toBe("INTERFACE");
      if (i % 10 === 0) {
        const created = outcome(`manifest #${i} loaded`, () =>
          runtime.createService(
            `m${i}`,
            { modules: [{ name: "echo", cid }] },
            { manifests: { echo: manifest as Manifest } },
          ),
        );
        if (created === "ok") {
          outcome(`manifest #${i} called`, () => runtime.service(`m${i}`).call("add", [1, 2]));
          runtime.removeService(`m${i}`);
        }
      }
    }
    stillWorks();
  });
});

/** JSON text of a hostile value (bigints as strings), cut at `max` characters. */
const describeValue = (value: unknown, max = 200): string =>
  (JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value)).slice(0, max);

describe("fuzzed service configs", () => {
  const toml = readFileSync(join(import.meta.dirname, "../examples/storage-service/service.toml"), "utf8");
  const json = {
    total_memory_limit: "64 MiB",
    fuel_per_call: 100_000_000,
    modules: [
      {
        name: "echo",
        cid: host.store.put(echo),
        logger_enabled: true,
        logging_mask: 3,
        wasi: { envs: { KEY: "value" }, mapped_dirs: { "/data": "." } },
      },
    ],
    effectors: { curl: { binary: "/usr/bin/curl", granted_to: ["bafkrei"], timeout_ms: 1000 } },
  };

  it("600 TOML texts mutated byte by byte: parsed or refused as CONFIG", () => {
    const g = generator(7);
    const text = new TextEncoder().encode(toml);
    for (let i = 0; i < 600; i++) {
      const mutated = new TextDecoder().decode(mutate(text, g));
      const code = outcome(`toml #${i} ${JSON.stringify(mutated)}`, () => parseServiceConfig(mutated));
      if (code !== "ok") expect(code).toBe("CONFIG");
    }
  });

  it("TOML values of every kind in every field: a service or a RuntimeError", () => {
    const values = ["inf", "-inf", "nan", "1.5", "0", "-1", "9223372036854775807", "1e400", '"x"', "[]", "{}", "true"];
    const fields = ["total_memory_limit", "fuel_per_call"];
    const moduleFields = ["logging_mask", "logger_enabled", "name", "cid"];
    const runtime = new Runtime();
    const cid = runtime.store.put(echo);
    let n = 0;
    for (const value of values) {
      for (const field of [...fields, ...moduleFields.map((f) => `module.${f}`), "effectors.e.timeout_ms"]) {
        const [table, key] = field.includes(".")
          ? [field.slice(0, field.lastIndexOf(".")), field.split(".").pop()]
          : [];
        const base = { service: "", module: `name = "echo"\ncid = "${cid}"\n`, effector: 'binary = "/bin/true"\n' };
        if (!table) base.service += `${field} = ${value}\n`;
        else if (table === "module")
          base.module = base.module.replace(new RegExp(`^${key} = .*$`, "m"), "") + `${key} = ${value}\n`;
        else base.effector += `${key} = ${value}\n`;
        const text = `${base.service}[[module]]\n${base.module}[effectors.e]\n${base.effector}`;
        const id = `t${n++}`;
        const code = outcome(`toml ${JSON.stringify(text)}`, () => runtime.createService(id, text));
        if (code === "ok") {
          outcome(`toml ${JSON.stringify(text)} call`, () => runtime.service(id).call("add", [1, 2]));
          runtime.removeService(id);
        }
      }
    }
    stillWorks();
  });

  it("600 JSON configs with a node replaced: created or refused with a RuntimeError", () => {
    const g = generator(8);
    const runtime = new Runtime({ store: host.store });
    for (let i = 0; i < 600; i++) {
      let config = json as unknown;
      for (let k = 0; k < 1 + g.int(2); k++) config = replaceNode(config, g);
      const label = `config #${i} ${describeValue(config)}`;
      outcome(label, () => serviceConfig(config));
      const code = outcome(label, () => runtime.createService(`c${i}`, config as object));
      if (code === "ok") {
        outcome(`${label} call`, () => runtime.service(`c${i}`).call("add", [1, 2]));
        runtime.removeService(`c${i}`);
      }
      outcome(label, () => runtime.createService(`j${i}`, describeValue(config, Infinity)));
      if (runtime.serviceIds().includes(`j${i}`)) runtime.removeService(`j${i}`);
    }
    stillWorks();
  });
});

describe("fuzzed call arguments", () => {
  const runtime = new Runtime();
  const service = runtime.createService("echo", { modules: [{ name: "echo", cid: runtime.store.put(echo) }] });
  const functions = service.interface().filter((f) => !f.name.startsWith("bad_")); // those answer bad pointers

  it("3000 calls with hostile values, by position and by name: answered or refused as TYPE_MISMATCH", () => {
    const g = generator(9);
    const codes = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const f = g.pick(functions);
      const values = f.type.arguments.map(() => hostileValue(g));
      const byName = g.int(3) === 0;
      const args = byName
        ? Object.fromEntries(f.type.arguments.map((a, k) => [a.name, values[k]]))
        : g.int(10) === 0
          ? [...values, 1]
          : values;
      const label = `call #${i} ${f.name}(${describeValue(args)})`;
      const code = outcome(label, () => service.call(f.name, args as Value[]));
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (code !== "ok") expect(`${label}: ${code}`).toBe(`${label}: TYPE_MISMATCH`);
    }
    expect(codes.get("ok")).toBeGreaterThan(10);
    expect(service.restartCount).toBe(0);
    expect(service.call("add", [2, 3])).toBe(5);
    stillWorks();
  });

  it("integers at and past each width's bounds: in range answered as given, past it refused", () => {
    const bounds: Record<string, [bigint, bigint]> = {
      s8: [-128n, 127n],
      s16: [-32768n, 32767n],
      s32: [-(2n ** 31n), 2n ** 31n - 1n],
      s64: [-(2n ** 63n), 2n ** 63n - 1n],
      u8: [0n, 255n],
      u16: [0n, 65535n],
      u32: [0n, 2n ** 32n - 1n],
      u64: [0n, 2n ** 64n - 1n],
    };
    for (const [type, [min, max]] of Object.entries(bounds)) {
      const wide = type.endsWith("64");
      const as = (v: bigint): Value => (wide && (v > 2n ** 53n || v < -(2n ** 53n)) ? v : Number(v));
      expect(service.call(`echo_${type}`, [as(min)])).toEqual(as(min));
      expect(service.call(`echo_${type}`, [as(max)])).toEqual(as(max));
      for (const out of [min - 1n, max + 1n]) {
        expect(refusal(() => service.call(`echo_${type}`, [as(out)])).code).toBe("TYPE_MISMATCH");
        expect(refusal(() => service.call(`echo_${type}`, [String(out)])).code).toBe("TYPE_MISMATCH");
      }
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 0.5, "1.0", null, true]) {
        expect(refusal(() => service.call(`echo_${type}`, [bad as Value])).code).toBe("TYPE_MISMATCH");
      }
    }
  });
});

describe("the module store", () => {
  it("hostile CIDs are not found, in memory and on disk", () => {
    const stores = [memoryStore(), directoryStore(join(import.meta.dirname, "../node_modules/.cache/hostile-store"))];
    for (const store of stores) {
      for (const cid of [
        "",
        "..",
        "../../etc/passwd",
        "bafkrei",
        "\u0000",
        "x".repeat(10_000),
        "Qm" + "1".repeat(44),
      ]) {
        expect(outcome(`store.get(${cid.slice(0, 20)})`, () => store.get(cid))).toBe("NOT_FOUND");
        expect(store.has(cid)).toBe(false);
      }
    }
  });
});

describe("each bug found, by hand", () => {
  const echoCid = host.store.put(echo);

  it("a section's array types nested 200,000 deep: INTERFACE (was a RangeError from the decoder's recursion)", () => {
    const deep = [0x05, 1, 0x61, 0x00, 1, 0x00, 1, 1, 0x78, ...new Array(200_000).fill(0x36), 0x02, 0];
    const error = refusal(() => decodeInterfaces(Uint8Array.from(deep)));
    expect(error.code).toBe("INTERFACE");
    expect(error.message).toMatch(/arrays nested more than 32 deep/);
  });

  it("manifests of the wrong shape or with deep or long types: INTERFACE (were TypeErrors and RangeErrors)", () => {
    const f = (type: unknown) => ({ functions: [{ name: "f", arguments: [{ name: "x", type }] }] });
    const bad: [unknown, RegExp][] = [
      [f("[]".repeat(100_000) + "u32"), /nested more than 32 deep/],
      [{ records: 5, functions: [] }, /records must be a list/],
      [{ records: [null], functions: [] }, /record 0 must be an object/],
      [{ functions: [null] }, /function 0 must be an object/],
      [{ functions: [{ name: "f", arguments: [null] }] }, /f's field 0 must be an object/],
      [{ functions: [], imports: {} }, /imports must be a list/],
      [{ functions: [], imports: [{ name: "g", arguments: [] }] }, /import 0's module needs a name/],
      [{ functions: [{ name: "f".repeat(256), arguments: [] }] }, /over 255 bytes/],
    ];
    for (const [manifest, message] of bad) {
      const error = refusal(() => interfacesFromManifest(manifest as Manifest));
      expect(error.code).toBe("INTERFACE");
      expect(error.message).toMatch(message);
    }
    // interfaces made by hand are checked when written, as a RuntimeError
    const long = interfacesFromManifest({ functions: [{ name: "f", arguments: [] }] });
    const named = { ...long, exports: [{ name: "é".repeat(200), functionType: 0 }] };
    expect(refusal(() => encodeInterfaces(named)).code).toBe("INTERFACE");
  });

  it("a function body whose size runs past the code section: INVALID_MODULE (was a hang of 2^32 reads)", () => {
    const module = wat(`(module (memory (export "memory") 1) (func (export "f")))`);
    // one body that claims 65,535 bytes and opens a br_table of 2^32 - 1 targets
    const code = Uint8Array.from([1, 0xff, 0xff, 0x03, 0, 0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    const bytes = writeSections(
      readSections(module).map((s) => (s.id === SECTION.code ? { id: s.id, payload: code } : s)),
    );
    const started = Date.now();
    const error = refusal(() => prepareModule(bytes, { fuel: true }));
    expect(error.code).toBe("INVALID_MODULE");
    expect(error.message).toMatch(/Truncated/);
    expect(Date.now() - started).toBeLessThan(1000);
    // a count the bytes left cannot hold is refused before anything is made for it
    const types = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x60, 0, 0]);
    const counted = writeSections(
      readSections(module).map((s) => (s.id === SECTION.type ? { id: s.id, payload: types } : s)),
    );
    expect(refusal(() => prepareModule(counted, { fuel: false })).details).toMatch(
      /4294967295 items at byte 5, 3 bytes left/,
    );
  });

  it("configs that are not objects, or only look checked: CONFIG (were TypeErrors)", () => {
    const runtime = new Runtime({ store: host.store });
    const bad: unknown[] = [
      null,
      5,
      { modules: ["a"] },
      { modules: [null] },
      { modules: [{ loggerEnabled: true, name: "a", file: 5 }], totalMemoryLimit: undefined },
      { modules: [{ loggerEnabled: true, name: "a", cid: echoCid }] },
    ];
    for (const config of bad) {
      expect(refusal(() => runtime.createService("x", config as object)).code).toBe("CONFIG");
    }
    expect(runtime.serviceIds()).toEqual([]);
    const checked = serviceConfig({ modules: [{ name: "a", cid: echoCid }] });
    expect(runtime.createService("x", checked).call("add", [1, 2])).toBe(3);
  });

  it("fuel, sizes and timeouts that are not whole numbers a double holds: CONFIG (were RangeErrors from BigInt)", () => {
    const module = `[[module]]\nname = "echo"\ncid = "${echoCid}"\n`;
    const bad = [
      `fuel_per_call = inf\n${module}`,
      `fuel_per_call = 1.5\n${module}`,
      `fuel_per_call = 1e300\n${module}`,
      `total_memory_limit = "${"9".repeat(400)} GiB"\n${module}`,
      `total_memory_limit = "0 MiB"\n${module}`,
      `total_memory_limit = nan\n${module}`,
      `${module}logging_mask = 1.5\n`,
      `${module}[effectors.e]\nbinary = "/bin/true"\ntimeout_ms = nan\n`,
    ];
    const runtime = new Runtime({ store: host.store });
    for (const text of bad) expect(refusal(() => runtime.createService("x", text)).code).toBe("CONFIG");
    expect(refusal(() => serviceConfig({ modules: [{ name: "a", cid: "x" }], fuel_per_call: 2n ** 64n })).code).toBe(
      "CONFIG",
    );
  });

  it("a memory limit past what 32-bit WebAssembly can have: the module gets all of it (was INVALID_MODULE)", () => {
    const runtime = new Runtime({ store: host.store });
    const service = runtime.createService("x", {
      modules: [{ name: "echo", cid: echoCid }],
      total_memory_limit: "100 GiB",
    });
    expect(service.call("add", [1, 2])).toBe(3);
  });

  it("modules named __proto__ and constructor link by name and leave Object alone (was prototype pollution)", () => {
    for (const name of ["__proto__", "constructor"]) {
      const facade = marineModule(
        `(func (export "quadruple") (param i32) (result i32) (call $double (call $double (local.get 0))))`,
        {
          functions: [{ name: "quadruple", arguments: [{ name: "x", type: "u32" }], output: "u32" }],
          imports: [{ module: name, name: "double", arguments: [{ name: "x", type: "u32" }], output: "u32" }],
        },
        { imports: `(import "${name}" "double" (func $double (param i32) (result i32)))` },
      );
      const runtime = new Runtime();
      const service = runtime.createService("p", {
        modules: [
          { name, cid: runtime.store.put(mathModule()) },
          { name: "facade", cid: runtime.store.put(facade) },
        ],
      });
      expect(service.call("quadruple", [3])).toBe(12);
      expect(({} as Record<string, unknown>).double).toBeUndefined();
      expect((Object as unknown as Record<string, unknown>).double).toBeUndefined();
    }
  });

  it("records that each name the one before four times: linked at once (was 4^16 comparisons), and a value whose parts overlap refused as MEMORY (was 4^23 lifts, the host out of memory)", () => {
    const records = Array.from({ length: 24 }, (_, i) => ({
      name: `R${i}`,
      fields:
        i === 0 ? [{ name: "x", type: "u32" }] : ["a", "b", "c", "d"].map((f) => ({ name: f, type: `R${i - 1}` })),
    }));
    const signature = { name: "f", arguments: [{ name: "r", type: "R23" }], output: "u32" };
    const library = marineModule(`(func (export "f") (param i32) (result i32) (i32.const 7))`, {
      records,
      functions: [signature],
    });
    const facade = marineModule(
      `(func (export "g") (result i32) (call $f (i32.const 0)))`,
      {
        records,
        functions: [{ name: "g", arguments: [], output: "u32" }],
        imports: [{ module: "lib", ...signature }],
      },
      { imports: `(import "lib" "f" (func $f (param i32) (result i32)))` },
    );
    const runtime = new Runtime();
    const started = Date.now();
    const service = runtime.createService("chain", {
      modules: [
        { name: "lib", cid: runtime.store.put(library) },
        { name: "facade", cid: runtime.store.put(facade) },
      ],
    });
    expect(Date.now() - started).toBeLessThan(1000);
    // g passes the record at offset 0 of a zeroed memory: every field of every record points at the same bytes
    const error = refusal(() => service.call("g"));
    expect(error.code).toBe("MEMORY");
    expect(error.message).toMatch(/answered a value larger than its memory/);
    stillWorks();
  });

  it("arguments: null, a recursive record nested 100,000 deep or containing itself, a bigint inside a bad value, a lone surrogate: TYPE_MISMATCH", () => {
    const runtime = new Runtime();
    const tree = marineModule(`(func (export "count") (param i32) (result i32) (i32.const 0))`, {
      records: [{ name: "Node", fields: [{ name: "kids", type: "[]Node" }] }],
      functions: [{ name: "count", arguments: [{ name: "node", type: "Node" }], output: "u32" }],
    });
    const service = runtime.createService("tree", { modules: [{ name: "tree", cid: runtime.store.put(tree) }] });
    expect(service.call("count", [{ kids: [{ kids: [] }] }])).toBe(0);
    let deep: Value = { kids: [] };
    for (let i = 0; i < 100_000; i++) deep = { kids: [deep] };
    const cyclic: { kids: unknown[] } = { kids: [] };
    cyclic.kids.push(cyclic);
    for (const value of [deep, cyclic]) {
      const error = refusal(() => service.call("count", [value as Value]));
      expect(error.code).toBe("TYPE_MISMATCH");
      expect(error.message).toMatch(/nested more than 256 deep/);
    }
    expect(refusal(() => service.call("count", null as unknown as Value[])).code).toBe("TYPE_MISMATCH");
    expect(refusal(() => bystander.call("add", [[1n], 2])).message).toMatch(/must be u32, got \["1n"\]/);
    expect(refusal(() => bystander.call("echo_seq0", ["a\ud800b"])).message).toMatch(/lone surrogate/);
    expect(bystander.call("echo_seq0", ["a\ud83d\ude00b"])).toBe("a\ud83d\ude00b");
    expect(refusal(() => bystander.call("add", Object.create({ a: 1, b: 2 }))).code).toBe("TYPE_MISMATCH");
    expect(service.restartCount).toBe(0);
    stillWorks();
  });
});

describe("AssemblyScript's abort called by a hostile module", () => {
  const ABORT = `(import "env" "abort" (func $abort (param i32 i32 i32 i32)))`;
  const manifest: Manifest = {
    functions: [
      { name: "outside", arguments: [] },
      { name: "endless", arguments: [] },
    ],
  };
  const body = `
    ;; a string whose length header claims 2 GiB, at 100; the memory after it is zeros
    (data (i32.const 96) "\\ff\\ff\\ff\\7f")
    (func (export "outside") (call $abort (i32.const -16) (i32.const 2) (i32.const -1) (i32.const 7)))
    (func (export "endless") (call $abort (i32.const 100) (i32.const 100) (i32.const 1) (i32.const 1)))`;

  it("pointers outside the memory read as no text, and a text is cut at 1024 characters: TRAP", () => {
    const runtime = new Runtime();
    const module = marineModule(body, manifest, { imports: ABORT });
    const service = runtime.createService("aborts", { modules: [{ name: "m", cid: runtime.store.put(module) }] });
    const outside = refusal(() => service.call("outside", []));
    expect(outside.code).toBe("TRAP");
    expect(outside.shortMessage).toMatch(/aborted: abort\(\) without a message$/);
    expect(outside.details).toBe("at ?:4294967295:7");
    const endless = refusal(() => service.call("endless", []));
    expect(endless.code).toBe("TRAP");
    expect(endless.shortMessage.split("aborted: ")[1]).toHaveLength(1024);
    expect(endless.details).toMatch(/^at \0{1024}:1:1$/);
  });

  it("an env.abort of another signature is not AssemblyScript's: INVALID_MODULE", () => {
    const runtime = new Runtime();
    const module = marineModule(
      `(func (export "outside"))`,
      { functions: [{ name: "outside", arguments: [] }] },
      {
        imports: `(import "env" "abort" (func $abort (param i32)))`,
      },
    );
    const error = refusal(() =>
      runtime.createService("odd", { modules: [{ name: "m", cid: runtime.store.put(module) }] }),
    );
    expect(error.code).toBe("INVALID_MODULE");
    expect(error.message).toMatch(/imports env\.abort, which nothing provides/);
  });
});

describe("a module answering a value that points at itself", () => {
  // Node { value: u32, kids: []Node }: 12 bytes, then its kids array of one record pointer; 300 nodes in a chain
  // from 4096 (the last has no kids), and at 1024 a node whose kids are itself
  const u32 = (n: number) =>
    [0, 8, 16, 24].map((s) => `\\${((n >>> s) & 0xff).toString(16).padStart(2, "0")}`).join("");
  const node = (at: number, value: number, kid?: number) =>
    `(data (i32.const ${at}) "${u32(value)}${u32(at + 12)}${u32(kid === undefined ? 0 : 1)}${u32(kid ?? 0)}")`;
  const chain = Array.from({ length: 300 }, (_, i) =>
    node(4096 + i * 16, i, i < 299 ? 4096 + (i + 1) * 16 : undefined),
  );
  const body = `${node(1024, 7, 1024)} ${chain.join(" ")}
    (func (export "itself") (call $set_result_ptr (i32.const 1024)))
    (func (export "deep100") (call $set_result_ptr (i32.const ${4096 + 200 * 16})))
    (func (export "deep300") (call $set_result_ptr (i32.const 4096)))`;
  const manifest: Manifest = {
    records: [
      {
        name: "Node",
        fields: [
          { name: "value", type: "u32" },
          { name: "kids", type: "[]Node" },
        ],
      },
    ],
    functions: ["itself", "deep100", "deep300"].map((name) => ({ name, arguments: [], output: "Node" })),
  };

  // a node and its kids array are two levels, as they are for an argument
  it("nested past 256 levels, itself included: TYPE_MISMATCH (was a stack overflow); 100 nodes (200 levels) are answered", () => {
    const runtime = new Runtime();
    const module = marineModule(body, manifest);
    const service = runtime.createService("nodes", { modules: [{ name: "m", cid: runtime.store.put(module) }] });
    let answer = service.call("deep100", []) as { value: number; kids: unknown[] };
    let depth = 1;
    for (; answer.kids.length > 0; depth++) answer = answer.kids[0] as typeof answer;
    expect([depth, answer.value]).toEqual([100, 299]);
    for (const fn of ["itself", "deep300"]) {
      const error = refusal(() => service.call(fn, []));
      expect(error.code).toBe("TYPE_MISMATCH");
      expect(error.shortMessage).toBe("Module m answered a value nested more than 256 deep");
    }
    expect(service.call("deep100", [])).toMatchObject({ value: 200 });
  });
});
