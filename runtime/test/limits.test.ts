// Limits and isolation on hostile modules: a loop without end stops on fuel, unbounded recursion on the stack, a
// memory bomb at the service's memory limit; traps, malformed bytes and missing imports fail their call or their
// load with a clear error while the host and the other services go on.
import { describe, expect, it } from "vitest";
import { embedInterfaces, interfacesFromManifest, Runtime } from "../src/index.ts";
import { prepareModule } from "../src/wasm/prepare.ts";
import { refusal } from "./support/refusal.ts";
import { echoModule, hostileModule } from "./support/fixtures.ts";
import { MARINE_PRELUDE, marineModule, wat } from "./support/wat.ts";

const runtime = new Runtime();
const hostile = runtime.store.put(hostileModule());
const echo = runtime.store.put(echoModule());
const limited = runtime.createService("hostile", {
  modules: [{ name: "hostile", cid: hostile }],
  fuel_per_call: 1_000_000,
  total_memory_limit: "4 MiB",
});
const bystander = runtime.createService("bystander", { modules: [{ name: "echo", cid: echo }] });

describe("fuel", () => {
  it("an endless loop stops when the call's fuel runs out: FUEL", () => {
    const error = refusal(() => limited.call("spin"));
    expect(error.code).toBe("FUEL");
    expect(error.message).toMatch(/hostile\.spin of service hostile ran out of fuel/);
    expect(bystander.call("echo_seq0", ["still here"])).toBe("still here");
  });

  it("fuel is per call: a loop within the budget runs, one past it stops, the next call has a full budget", () => {
    expect(limited.call("count", [900_000])).toBe(900_000);
    expect(refusal(() => limited.call("count", [1_100_000])).code).toBe("FUEL");
    expect(limited.call("count", [10])).toBe(10);
  });

  it("metering is deterministic: the same call burns the same fuel", () => {
    const burnt = () => {
      limited.call("count", [1000]);
      return 1_000_000n - (limited.modules[0]?.fuel?.value as bigint);
    };
    expect(burnt()).toBe(burnt());
    expect(burnt()).toBe(1001n); // one unit at the function's entry, one per loop iteration
  });
});

describe("traps", () => {
  it("unbounded recursion: TRAP (stack overflow)", () => {
    const error = refusal(() => limited.call("recurse"));
    expect(error.code).toBe("TRAP");
    expect(error.message).toMatch(/overflowed the stack|trapped/);
  });

  it("unreachable: TRAP with the engine's message", () => {
    const error = refusal(() => limited.call("trap"));
    expect(error.code).toBe("TRAP");
    expect(error.message).toMatch(/trapped: unreachable/);
    expect(error.cause).toBeInstanceOf(WebAssembly.RuntimeError);
  });
});

describe("after a failed call", () => {
  it("the service goes on with fresh instances: state kept between calls, dropped after a failure inside", () => {
    const restarts = limited.restartCount;
    expect(limited.call("bump")).toBe(1);
    expect(limited.call("bump")).toBe(2);
    expect(refusal(() => limited.call("trap")).code).toBe("TRAP");
    expect(limited.restartCount).toBe(restarts + 1);
    expect(limited.call("bump")).toBe(1);
  });

  it("a refusal before the call enters the module keeps the instances", () => {
    const restarts = limited.restartCount;
    const before = limited.call("bump") as number;
    expect(refusal(() => limited.call("count", ["many"])).code).toBe("TYPE_MISMATCH");
    expect(limited.restartCount).toBe(restarts);
    expect(limited.call("bump")).toBe(before + 1);
  });

  it("fuel for one call can be given with the call", () => {
    expect(refusal(() => limited.call("count", [5000], { fuel: 1000 })).code).toBe("FUEL");
    expect(limited.call("count", [5000], { fuel: 10_000 })).toBe(5000);
    expect(refusal(() => bystander.call("add", [1, 2], { fuel: 10 })).code).toBe("CONFIG");
  });
});

describe("memory", () => {
  it("a memory bomb stops at the service's limit: MEMORY", () => {
    const error = refusal(() => limited.call("bomb"));
    expect(error.code).toBe("MEMORY");
    expect(error.message).toMatch(/ran out of memory/);
    expect(limited.memoryUsed()).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(limited.call("count", [3])).toBe(3);
  });

  it("the memory maximum is written into the module", () => {
    const prepared = prepareModule(hostileModule(), { fuel: false, maxMemoryPages: 10 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(prepared.bytes as Uint8Array<ArrayBuffer>));
    const memory = instance.exports.memory as WebAssembly.Memory;
    expect(() => memory.grow(9)).toThrow(RangeError);
    expect(memory.grow(8)).toBe(2);
  });

  it("a service whose modules need more than its limit to start is refused", () => {
    const error = refusal(() =>
      runtime.createService("too-big", { modules: [{ name: "echo", cid: echo }], total_memory_limit: "64 KiB" }),
    );
    expect(error.code).toBe("MEMORY");
    expect(error.message).toMatch(/needs more memory than its limit/);
  });
});

describe("modules that do not load", () => {
  const cases: [string, Uint8Array, string, RegExp][] = [
    [
      "bytes that are not WebAssembly",
      new TextEncoder().encode("#!/bin/sh\necho hi"),
      "INVALID_MODULE",
      /Not a WebAssembly module/,
    ],
    ["a truncated module", echoModule().subarray(0, 200), "INVALID_MODULE", /Truncated|does not compile/],
    ["no interface", wat(`(module (memory (export "memory") 1))`), "INTERFACE", /no interface-types section/],
    [
      "an import nothing provides",
      marineModule(
        `(import "env" "secret" (func $secret))`.replace(/.*/, ""),
        { functions: [] },
        {
          imports: `(import "env" "secret" (func $secret))`,
        },
      ),
      "INVALID_MODULE",
      /imports env\.secret, which nothing provides/,
    ],
    [
      "a host import the host does not have",
      marineModule("", { functions: [] }, { imports: `(import "__marine_host_api_v3" "format_disk" (func))` }),
      "INVALID_MODULE",
      /__marine_host_api_v3\.format_disk, which the host does not provide/,
    ],
    [
      "an imported memory",
      wat(`(module (import "env" "memory" (memory 1)))`),
      "INVALID_MODULE",
      /imports the memory env\.memory/,
    ],
    [
      "an interface naming a function the module lacks",
      marineModule("", { functions: [{ name: "ghost", arguments: [] }] }),
      "INVALID_MODULE",
      /declares ghost but does not export it/,
    ],
  ];
  for (const [name, bytes, code, message] of cases) {
    it(`${name}: ${code}, and the runtime goes on`, () => {
      const rt = new Runtime();
      const cid = rt.store.put(bytes);
      const manifests = name === "an imported memory" ? { m: { functions: [] } } : undefined;
      const error = refusal(() =>
        rt.createService("bad", { modules: [{ name: "m", cid }] }, manifests ? { manifests } : {}),
      );
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(rt.serviceIds()).toEqual([]);
      expect(bystander.call("add", [2, 3])).toBe(5);
    });
  }

  it("an adapter that reads an argument its function does not have: INTERFACE, refused before any code is made", () => {
    // a hostile section could otherwise make the loader build a function of a hundred million parameters
    const body = `(func (export "f") (param i32) (result i32) (local.get 0))`;
    const interfaces = interfacesFromManifest({
      functions: [{ name: "f", arguments: [{ name: "x", type: "s32" }], output: "s32" }],
    });
    const adapters = interfaces.adapters.map((a) => ({
      ...a,
      instructions: a.instructions.map((i) => (i.op === "argument.get" ? { ...i, index: 100_000_000 } : i)),
    }));
    const bytes = embedInterfaces(wat(`(module ${MARINE_PRELUDE()} ${body})`), { ...interfaces, adapters });
    const rt = new Runtime();
    const error = refusal(() => rt.createService("bad", { modules: [{ name: "m", cid: rt.store.put(bytes) }] }));
    expect(error.code).toBe("INTERFACE");
    expect(error.message).toMatch(/reads argument 100000000 of 1/);
    expect(bystander.call("add", [2, 3])).toBe(5);
  });

  it("a malformed interface-types section: INTERFACE", () => {
    const bytes = wat(`(module (memory (export "memory") 1) (@custom "interface-types" "\\05\\03abc\\00\\01\\07"))`);
    const rt = new Runtime();
    const error = refusal(() => rt.createService("bad", { modules: [{ name: "m", cid: rt.store.put(bytes) }] }));
    expect(error.code).toBe("INTERFACE");
  });
});
