// Services of several modules on real WebAssembly: linking by module name with values copied between memories,
// configs in TOML and JSON, modules by CID from a store or from files, WASI with mapped directories and env, the
// host API (logging, call parameters) and effectors granted by module CID.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { directoryStore, type LogEntry, moduleCid, parseServiceConfig, Runtime } from "../src/index.ts";
import { refusal } from "./support/refusal.ts";
import { MARINE_PRELUDE, wat } from "./support/wat.ts";
import { echoModule, facadeModule, hostApiModule, mathModule, wasiModule } from "./support/fixtures.ts";

describe("modules linked by name", () => {
  const runtime = new Runtime();
  const math = runtime.store.put(mathModule());
  const facade = runtime.store.put(facadeModule());
  const service = runtime.createService(
    "calc",
    `
    [[module]]
    name = "math"
    cid = "${math}"

    [[module]]
    name = "facade"
    cid = "${facade}"
    `,
  );

  it("the facade is the last module and calls the first through its imports", () => {
    expect(service.facade.name).toBe("facade");
    expect(service.call("quadruple", [5])).toBe(20);
  });

  it("strings and records are copied from one module's memory into the other's", () => {
    expect(service.call("relay", ["through two memories ✓"])).toBe("through two memories ✓");
    expect(service.call("relay_pair", [{ left: "l", right: 2n ** 60n }])).toEqual({ left: "l", right: 2n ** 60n });
  });

  it("any module's function can be called by name", () => {
    expect(service.callModule("math", "double", [21])).toBe(42);
  });

  it("a module that imports from a module loaded after it is refused", () => {
    const error = refusal(() =>
      runtime.createService("backwards", {
        modules: [
          { name: "facade", cid: facade },
          { name: "math", cid: math },
        ],
      }),
    );
    expect(error.code).toBe("INVALID_MODULE");
    expect(error.message).toMatch(/imports math\.double, which nothing provides/);
    expect(runtime.serviceIds()).not.toContain("backwards");
  });

  it("an import whose signature differs from the export it names is refused", () => {
    const other = runtime.store.put(echoModule());
    const error = refusal(() =>
      runtime.createService("mismatch", {
        modules: [
          { name: "math", cid: other },
          { name: "facade", cid: facade },
        ],
      }),
    );
    expect(error.message).toMatch(/which nothing provides|another signature/);
  });
});

describe("configs and the module store", () => {
  it("JSON and TOML describe the same service", () => {
    const toml = parseServiceConfig(`
      total_memory_limit = "16 MiB"
      fuel_per_call = 1000
      [[module]]
      name = "m"
      file = "m.wasm"
      logger_enabled = false
      [module.wasi]
      envs = { A = "1" }
      mapped_dirs = { "/data" = "here" }
      [effectors.curl]
      binary = "/usr/bin/curl"
      granted_to = ["bafkreiabc"]
    `);
    const json = parseServiceConfig(
      JSON.stringify({
        total_memory_limit: 16 * 1024 * 1024,
        fuel_per_call: 1000,
        modules: [
          {
            name: "m",
            file: "m.wasm",
            logger_enabled: false,
            wasi: { envs: { A: "1" }, mapped_dirs: { "/data": "here" } },
          },
        ],
        effectors: { curl: { binary: "/usr/bin/curl", granted_to: ["bafkreiabc"] } },
      }),
    );
    expect(json).toEqual(toml);
    expect(toml.modules[0]?.env).toEqual({ A: "1" });
  });

  const bad: [string, string, RegExp][] = [
    ["no modules", `total_memory_limit = 10`, /at least one module/],
    ["an unknown key", `[[module]]\nname = "m"\ncid = "x"\nmemory = 1`, /Unknown key memory/],
    ["a module without bytes", `[[module]]\nname = "m"`, /needs one of cid and file/],
    ["two modules of one name", `[[module]]\nname = "m"\ncid = "a"\n[[module]]\nname = "m"\ncid = "b"`, /Two modules/],
    ["a bad size", `total_memory_limit = "lots"\n[[module]]\nname = "m"\ncid = "a"`, /size such as 64 MiB/],
    ["text that is not TOML", `[[module`, /does not parse/],
    [
      "an env name with =",
      `[[module]]\nname = "m"\ncid = "a"\nwasi.envs = { "A=B" = "1" }`,
      /"A=B" is not a variable name/,
    ],
    ["an empty env name", `[[module]]\nname = "m"\ncid = "a"\nwasi.envs = { "" = "1" }`, /"" is not a variable name/],
    [
      "an env value with NUL",
      `[[module]]\nname = "m"\ncid = "a"\nwasi.envs = { A = "1\\u0000B=2" }`,
      /envs.A holds a NUL/,
    ],
    [
      "a mapped dir with NUL",
      `[[module]]\nname = "m"\ncid = "a"\nwasi.mapped_dirs = { "/d" = "x\\u0000y" }`,
      /"\/d" is not a path/,
    ],
    [
      "a mapped dir without a host side",
      `[[module]]\nname = "m"\ncid = "a"\nwasi.mapped_dirs = { "/d" = "" }`,
      /d needs a host directory/,
    ],
    [
      "a mapped dir without a guest side",
      `[[module]]\nname = "m"\ncid = "a"\nwasi.mapped_dirs = { "" = "here" }`,
      /mapped_dirs: "" is not a path/,
    ],
    [
      "an env name with NUL",
      `[[module]]\nname = "m"\ncid = "a"\nwasi.envs = { "A\\u0000" = "1" }`,
      /envs: "A\\u0000" is not a variable name/,
    ],
    [
      "an effector without a binary",
      `[[module]]\nname = "m"\ncid = "a"\n[effectors.x]\ngranted_to = []`,
      /needs a binary/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`refuses ${name}: CONFIG`, () => {
      const error = refusal(() => parseServiceConfig(text));
      expect(error.code).toBe("CONFIG");
      expect(error.message).toMatch(message);
    });
  }

  it("modules by CID from a directory store, and from files", () => {
    const dir = mkdtempSync(join(tmpdir(), "runtime-store-"));
    const store = directoryStore(join(dir, "store"));
    const bytes = mathModule();
    const cid = store.put(bytes);
    expect(cid).toBe(moduleCid(bytes));
    expect(cid).toMatch(/^bafkrei/);
    const runtime = new Runtime({ store });
    expect(runtime.createService("a", { modules: [{ name: "math", cid }] }).call("double", [4])).toBe(8);
    writeFileSync(join(dir, "math.wasm"), bytes);
    const fromFile = runtime.createService("b", { modules: [{ name: "math", file: "math.wasm" }] }, { baseDir: dir });
    expect(fromFile.call("double", [5])).toBe(10);
    expect(refusal(() => store.get(moduleCid(Uint8Array.from([1])))).code).toBe("NOT_FOUND");
    writeFileSync(join(dir, "store", `${cid}.wasm`), Uint8Array.from([0, 1, 2]));
    expect(refusal(() => store.get(cid)).message).toMatch(/holds other bytes/);
  });

  it("an unknown CID or service: NOT_FOUND", () => {
    const runtime = new Runtime();
    expect(
      refusal(() => runtime.createService("x", { modules: [{ name: "m", cid: moduleCid(Uint8Array.from([7])) }] }))
        .code,
    ).toBe("NOT_FOUND");
    expect(refusal(() => runtime.service("nope")).code).toBe("NOT_FOUND");
  });
});

describe("WASI", () => {
  it("a module sees only its mapped directory and its own env", () => {
    const dir = mkdtempSync(join(tmpdir(), "runtime-wasi-"));
    writeFileSync(join(dir, "input.txt"), "mapped file");
    const runtime = new Runtime();
    const cid = runtime.store.put(wasiModule());
    const mapped = runtime.createService("mapped", {
      modules: [{ name: "w", cid, wasi: { envs: { ONE: "1", TWO: "2" }, mapped_dirs: { "/data": dir } } }],
    });
    expect(mapped.call("read_input")).toBe(0);
    expect(Buffer.from(mapped.call("input") as number[]).toString()).toBe("mapped file");
    expect(mapped.call("env_count")).toBe(2);
    const unmapped = runtime.createService("unmapped", { modules: [{ name: "w", cid }] });
    expect(unmapped.call("read_input")).toBeLessThan(0); // no preopened directory: EBADF
    expect(unmapped.call("env_count")).toBe(0);
  });
});

describe("the host API and effectors", () => {
  const runtime = (logs: LogEntry[] = []) => new Runtime({ logger: (entry) => logs.push(entry) });

  it("log_utf8_string reaches the logger, filtered by the module's mask", () => {
    const logs: LogEntry[] = [];
    const rt = runtime(logs);
    const cid = rt.store.put(hostApiModule());
    const service = rt.createService("logs", {
      modules: [{ name: "h", cid, logging_mask: 1 }],
      effectors: { run_echo: { binary: "/bin/echo", granted_to: [cid] } },
    });
    service.call("log", ["hello"]);
    service.call("log_masked", ["filtered out"]);
    expect(logs).toEqual([{ service: "logs", module: "h", level: "info", message: "hello" }]);
  });

  /** The host API module as a service, with run_echo granted to it. */
  const hostApiService = (id: string) => {
    const rt = runtime();
    const cid = rt.store.put(hostApiModule());
    return rt.createService(id, {
      modules: [{ name: "h", cid }],
      effectors: { run_echo: { binary: "/bin/echo", granted_to: [cid] } },
    });
  };

  it("get_call_parameters answers the parameters of the call under way", () => {
    const service = hostApiService("params");
    const params = service.call("params", [], {
      params: {
        particleId: "p-1",
        initPeerId: "init",
        timestamp: 1234,
        ttl: 5000,
        serviceId: "params",
        hostId: "host",
        workerId: "worker",
        tetraplets: [[{ peerPk: "peer", serviceId: "s", functionName: "f", lens: ".$.a" }]],
      },
    });
    expect(params).toEqual({
      particle: { id: "p-1", init_peer_id: "init", timestamp: 1234, ttl: 5000, script: "", signature: [], token: "" },
      service_id: "params",
      service_creator_peer_id: "",
      host_id: "host",
      worker_id: "worker",
      tetraplets: [[{ peer_pk: "peer", service_id: "s", function_name: "f", lens: ".$.a" }]],
    });
    expect((service.call("params") as { particle: { id: string } }).particle.id).toBe("");
  });

  it("a granted effector runs its binary with the module's arguments", () => {
    const service = hostApiService("effector");
    const result = service.call("effector", [["-n", "from the host"]]) as { ret_code: number; stdout: number[] };
    expect(result.ret_code).toBe(0);
    expect(Buffer.from(result.stdout).toString()).toBe("from the host");
  });

  it("an effector not granted to the module's CID is refused at load", () => {
    const rt = runtime();
    const cid = rt.store.put(hostApiModule());
    const denied = refusal(() =>
      rt.createService("denied", {
        modules: [{ name: "h", cid }],
        effectors: { run_echo: { binary: "/bin/echo", granted_to: [moduleCid(Uint8Array.from([1]))] } },
      }),
    );
    expect(denied.code).toBe("EFFECTOR");
    expect(denied.message).toMatch(/imports the effector run_echo, not granted to it/);
    expect(refusal(() => rt.createService("none", { modules: [{ name: "h", cid }] })).code).toBe("EFFECTOR");
  });
});

describe("a module without an interface-types section", () => {
  it("runs with a JSON manifest named in the config", () => {
    const dir = mkdtempSync(join(tmpdir(), "runtime-manifest-"));
    const manifest = {
      functions: [
        {
          name: "add",
          arguments: [
            { name: "a", type: "u32" },
            { name: "b", type: "u32" },
          ],
          output: "u32",
        },
      ],
    };
    writeFileSync(
      join(dir, "bare.wasm"),
      wat(
        `(module ${MARINE_PRELUDE()} (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))`,
      ),
    );
    writeFileSync(join(dir, "bare.json"), JSON.stringify(manifest));
    const runtime = new Runtime();
    const config = `[[module]]\nname = "bare"\nfile = "bare.wasm"\nmanifest = "bare.json"`;
    expect(runtime.createService("bare", config, { baseDir: dir }).call("add", [2, 3])).toBe(5);
    const missing = `[[module]]\nname = "bare"\nfile = "bare.wasm"\nmanifest = "nope.json"`;
    expect(refusal(() => runtime.createService("nope", missing, { baseDir: dir })).code).toBe("INTERFACE");
  });
});
