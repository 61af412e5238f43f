// Marine's ABI on real WebAssembly: every value type lowered into a module's memory and lifted back out, named
// and positional arguments, and each way a call's values can be refused.
import { describe, expect, it } from "vitest";
import { Runtime, type Value } from "../src/index.ts";
import { refusal } from "./support/refusal.ts";
import { echoModule } from "./support/fixtures.ts";
import { marineModule } from "./support/wat.ts";

const runtime = new Runtime();
const service = runtime.createService("echo", { modules: [{ name: "echo", cid: runtime.store.put(echoModule()) }] });

describe("scalars", () => {
  const cases: [string, Value[]][] = [
    ["bool", [true, false]],
    ["s8", [-128, 0, 127]],
    ["s16", [-32768, 32767]],
    ["s32", [-2147483648, 2147483647]],
    ["s64", [-(2n ** 63n), -1, 2n ** 63n - 1n]],
    ["u8", [0, 255]],
    ["u16", [0, 65535]],
    ["u32", [0, 4294967295]],
    ["u64", [0, 2 ** 53 - 1, 2n ** 64n - 1n]],
    ["f32", [1.5, -0.25]],
    ["f64", [Math.PI, -1e300]],
  ];
  for (const [type, values] of cases) {
    it(`${type} round trips`, () => {
      for (const value of values) {
        const expected =
          typeof value === "bigint" && value >= -(2n ** 53n) && value < 2n ** 53n ? Number(value) : value;
        expect(service.call(`echo_${type}`, [value])).toEqual(expected);
      }
    });
  }

  it("64-bit integers also come as decimal strings", () => {
    expect(service.call("echo_u64", ["18446744073709551615"])).toBe(18446744073709551615n);
  });

  it("arguments by name", () => {
    expect(service.call("add", { b: 2, a: 40 })).toBe(42);
  });

  it("a function without a result answers null", () => {
    expect(service.call("nothing")).toBeNull();
  });
});

describe("strings, byte arrays, arrays and records", () => {
  it("strings, empty and not ASCII", () => {
    for (const s of ["", "hello", "héllo wörld ✓ 🚀", "x".repeat(100_000)])
      expect(service.call("echo_seq0", [s])).toBe(s);
  });

  it("byte arrays as JSON arrays or Uint8Array", () => {
    expect(service.call("echo_seq1", [[1, 2, 255]])).toEqual([1, 2, 255]);
    expect(service.call("echo_seq1", [Uint8Array.from([9, 8])], { bytes: "uint8array" })).toEqual(
      Uint8Array.from([9, 8]),
    );
    expect(service.call("echo_seq1", [[]])).toEqual([]);
  });

  it("arrays of strings, u64, booleans, records and byte arrays", () => {
    expect(service.call("echo_seq2", [["a", "", "ü"]])).toEqual(["a", "", "ü"]);
    expect(service.call("echo_seq3", [[1, 2n ** 64n - 1n]])).toEqual([1, 2n ** 64n - 1n]);
    expect(service.call("echo_seq4", [[true, false, true]])).toEqual([true, false, true]);
    expect(service.call("echo_seq5", [[{ x: 1, y: 0.5 }, [2, 1.5]]])).toEqual([
      { x: 1, y: 0.5 },
      { x: 2, y: 1.5 },
    ]);
    expect(service.call("echo_seq6", [[[1], [], [2, 3]]])).toEqual([[1], [], [2, 3]]);
    expect(service.call("echo_seq2", [[]])).toEqual([]);
  });

  it("a record of every type, with nested arrays and records", () => {
    const everything = {
      f_bool: true,
      f_s8: -5,
      f_s16: -300,
      f_s32: -70000,
      f_s64: -(2n ** 40n),
      f_u8: 200,
      f_u16: 60000,
      f_u32: 4000000000,
      f_u64: 2n ** 63n,
      f_f32: 0.5,
      f_f64: 1e-10,
      name: "all of them",
      bytes: [0, 1, 2],
      points: [{ x: -1, y: 2.5 }],
      nested: [["a", "b"], [], ["c"]],
      point: { x: 7, y: 8 },
    };
    expect(service.call("echo_everything", [everything])).toEqual({ ...everything, f_s64: -(2 ** 40) });
  });
});

describe("refusals", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["a string for a number", () => service.call("echo_u32", ["1"]), /argument value must be u32, got "1"/],
    ["a number out of range", () => service.call("echo_u8", [256]), /must be u8, got 256/],
    ["a negative unsigned", () => service.call("echo_u64", [-1]), /must be u64/],
    ["a fraction for an integer", () => service.call("echo_s32", [1.5]), /must be s32/],
    ["a number for a boolean", () => service.call("echo_bool", [1]), /must be bool/],
    ["a byte out of range", () => service.call("echo_seq1", [[256]]), /must be \[\]u8/],
    ["an object for an array", () => service.call("echo_seq2", [{}]), /must be \[\]string/],
    ["a record without a field", () => service.call("echo_point", [{ x: 1 }]), /lacks field y/],
    ["a record with another field", () => service.call("echo_point", [{ x: 1, y: 2, z: 3 }]), /has no field z/],
    ["a nested mistake", () => service.call("echo_seq5", [[{ x: 1, y: "no" }]]), /argument value\[0\]\.y must be f64/],
    ["too few arguments", () => service.call("add", [1]), /takes 2 arguments, got 1/],
    ["an unknown argument name", () => service.call("add", { a: 1, c: 2 }), /has no argument c/],
  ];
  for (const [name, call, message] of cases) {
    it(`${name}: TYPE_MISMATCH`, () => {
      const error = refusal(call);
      expect(error.code).toBe("TYPE_MISMATCH");
      expect(error.message).toMatch(message);
    });
  }

  it("an unknown function or module: NOT_FOUND with what there is", () => {
    const error = refusal(() => service.call("nope"));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.details).toContain("echo_u32");
    expect(refusal(() => service.callModule("other", "add", [1, 2])).code).toBe("NOT_FOUND");
  });

  it("a result pointer outside the module's memory: MEMORY, and the service goes on", () => {
    const error = refusal(() => service.call("bad_pointer"));
    expect(error.code).toBe("MEMORY");
    expect(error.message).toMatch(/pointed outside its memory/);
    expect(service.call("add", [1, 2])).toBe(3);
  });

  it("a result string that is not UTF-8: TYPE_MISMATCH", () => {
    expect(refusal(() => service.call("bad_utf8")).message).toMatch(/not UTF-8/);
  });
});

describe("call options", () => {
  it.each<[string, unknown, RegExp]>([
    ["options that are not an object", null, /call options are not an object/],
    ["parameters that are not an object", { params: "p" }, /call parameters: they are not an object/],
    ["a particle id that is not a string", { params: { particleId: 7 } }, /particleId is not a string/],
    ["a ttl past 32 bits", { params: { ttl: 2 ** 33 } }, /ttl does not fit 32 bits/],
    ["a negative timestamp", { params: { timestamp: -1 } }, /timestamp is not a whole number/],
    ["tetraplets that are not lists", { params: { tetraplets: [{}] } }, /not a list of lists/],
    ["a tetraplet without its fields", { params: { tetraplets: [[{ peerPk: "p" }]] } }, /a tetraplet is not/],
    ["an unknown byte form", { bytes: "base64" }, /bytes is "array" or "uint8array"/],
  ])("refuses %s before running anything: TYPE_MISMATCH", (_, options, message) => {
    const error = refusal(() => service.call("add", [1, 2], options as never));
    expect(error.code).toBe("TYPE_MISMATCH");
    expect(error.message).toMatch(message);
    expect(service.call("add", [1, 2])).toBe(3);
  });
});

describe("the interface", () => {
  it("keeps a record field named __proto__ a field, going in and coming out", () => {
    const bytes = marineModule(`(func (export "echo") (param i32) (call $set_result_ptr (local.get 0)))`, {
      records: [
        {
          name: "R",
          fields: [
            { name: "__proto__", type: "s32" },
            { name: "b", type: "s32" },
          ],
        },
      ],
      functions: [{ name: "echo", arguments: [{ name: "r", type: "R" }], output: "R" }],
    });
    const rt = new Runtime();
    const echo = rt.createService("proto", { modules: [{ name: "m", cid: rt.store.put(bytes) }] });
    const out = echo.call("echo", [[5, 6]]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__", "b"]);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toBe(5);
    expect(out.b).toBe(6);
  });

  it("lists the facade's functions in Marine's notation", () => {
    const add = service.interface().find((f) => f.name === "add");
    expect(add?.signature).toBe("(a: u32, b: u32) -> u32");
    expect(service.interface().find((f) => f.name === "echo_seq1")?.signature).toBe("(value: []u8) -> []u8");
  });
});
