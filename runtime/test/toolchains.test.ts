// Modules from other toolchains: the example storage service written in AssemblyScript (built by the runtime's
// build step, in memory, offline) and a C module built with Debian's clang and wasi-libc.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAssemblyScript } from "../src/build/assemblyscript.ts";
import { type LogEntry, type Manifest, Runtime, type Service } from "../src/index.ts";
import { buildC } from "../scripts/build-examples.ts";
import { refusal } from "./support/refusal.ts";

const examples = join(import.meta.dirname, "../examples");
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
const storageDir = join(examples, "storage-service");
const build = (name: string) =>
  buildAssemblyScript({
    source: join(storageDir, name, `${name}.ts`),
    manifest: manifestOf(join(storageDir, name)),
  });

describe("the AssemblyScript example: a storage module and a facade", () => {
  let service: Service;
  const logs: LogEntry[] = [];
  let dir: string;

  beforeAll(async () => {
    const [storage, facade] = [await build("storage"), await build("facade")];
    // the example's own service.toml, with the modules it names beside it
    dir = mkdtempSync(join(tmpdir(), "runtime-example-"));
    copyFileSync(join(storageDir, "service.toml"), join(dir, "service.toml"));
    writeFileSync(join(dir, "storage.wasm"), storage.wasm);
    writeFileSync(join(dir, "facade.wasm"), facade.wasm);
    const runtime = new Runtime({ logger: (entry) => logs.push(entry) });
    service = runtime.createService("notes", readFileSync(join(dir, "service.toml"), "utf8"), { baseDir: dir });
  }, 60_000);

  it("typed AssemblyScript functions become the facade's interface", () => {
    expect(service.interface().map((f) => `${f.name}${f.signature}`)).toEqual([
      "save(title: string, text: string) -> string",
      "load(title: string) -> string",
      "forget(title: string) -> bool",
      "summary() -> Summary",
      "caller() -> string",
    ]);
  });

  it("the facade keeps values in the storage module through its imports", () => {
    expect(service.call("save", ["first", "hello"])).toBe("saved first");
    expect(service.call("save", ["second", "wörld ✓"])).toBe("saved second");
    expect(service.call("save", ["first", "again"])).toBe("replaced first");
    expect(service.call("load", ["first"])).toBe("again");
    expect(service.call("load", ["second"])).toBe("wörld ✓");
    expect(service.call("load", ["missing"])).toBe("");
    expect(service.call("summary")).toEqual({ count: 2, titles: ["first", "second"] });
    expect(service.call("forget", ["first"])).toBe(true);
    expect(service.call("forget", ["first"])).toBe(false);
    expect(service.callModule("storage", "keys")).toEqual(["second"]);
    expect(service.callModule("storage", "get", ["second"])).toEqual([...Buffer.from("wörld ✓")]);
    expect(logs.map((l) => l.message)).toEqual(["saved first", "saved second", "replaced first"]);
  });

  it("the facade reads the call parameters through the SDK", () => {
    expect(service.call("caller", [], { params: { initPeerId: "12D3KooW-alice", particleId: "p-7" } })).toBe(
      "12D3KooW-alice in p-7",
    );
  });

  it("memory stays flat over many calls (arguments and results are freed)", () => {
    for (let i = 0; i < 200; i++) service.call("save", [`k${i % 10}`, "x".repeat(1000)]);
    const used = service.memoryUsed();
    for (let i = 0; i < 2000; i++) service.call("save", [`k${i % 10}`, "x".repeat(1000)]);
    expect(service.memoryUsed()).toBe(used);
  });

  it("a source that does not compile: a clear error with the compiler's message", async () => {
    const source = join(mkdtempSync(join(tmpdir(), "runtime-as-")), "broken.ts");
    writeFileSync(source, "export function f(): string { return 1; }");
    const error = await buildAssemblyScript({
      source,
      manifest: { functions: [{ name: "f", arguments: [], output: "string" }] },
    }).catch((e: unknown) => e);
    expect(
      refusal(() => {
        throw error;
      }).details,
    ).toMatch(/not assignable/);
  });
});

describe("an AssemblyScript module running an effector", () => {
  it("runs the granted binary through the SDK's typed effector, and is refused without the grant", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runtime-as-effector-"));
    const source = join(dir, "shell.ts");
    writeFileSync(
      source,
      `import { effectors } from "./marine.generated";
export function echo(text: string): string {
  const result = effectors.echo_bin(["-n", text]);
  return result.ret_code.toString() + ":" + String.UTF8.decode(result.stdout.buffer);
}`,
    );
    const { wasm } = await buildAssemblyScript({
      source,
      manifest: {
        functions: [{ name: "echo", arguments: [{ name: "text", type: "string" }], output: "string" }],
        effectors: ["echo_bin"],
      },
    });
    const runtime = new Runtime();
    const cid = runtime.store.put(wasm);
    const granted = runtime.createService("shell", {
      modules: [{ name: "shell", cid }],
      effectors: { echo_bin: { binary: "/bin/echo", granted_to: [cid] } },
    });
    expect(granted.call("echo", ["from AssemblyScript"])).toBe("0:from AssemblyScript");
    expect(refusal(() => runtime.createService("denied", { modules: [{ name: "shell", cid }] })).code).toBe("EFFECTOR");
  });
});

describe("an AssemblyScript module that aborts", () => {
  it("reports a failed assert and an uncaught throw as a TRAP with the module's message and where it was", async () => {
    const source = join(mkdtempSync(join(tmpdir(), "runtime-as-abort-")), "checked.ts");
    writeFileSync(
      source,
      `export function half(n: i32): i32 {
  assert(n % 2 == 0, "n must be even, got " + n.toString());
  if (n < 0) throw new Error("n must not be negative");
  return n / 2;
}`,
    );
    const { wasm } = await buildAssemblyScript({
      source,
      manifest: { functions: [{ name: "half", arguments: [{ name: "n", type: "s32" }], output: "s32" }] },
    });
    const runtime = new Runtime();
    const service = runtime.createService("checked", { modules: [{ name: "checked", cid: runtime.store.put(wasm) }] });
    const odd = refusal(() => service.call("half", [3]));
    expect(odd.code).toBe("TRAP");
    expect(odd.message).toMatch(/checked\.half of service checked aborted: n must be even, got 3/);
    expect(odd.details).toMatch(/^at checked\.ts:2:3$/);
    expect(refusal(() => service.call("half", [-4])).message).toMatch(/aborted: n must not be negative/);
    // the service starts again from fresh instances and goes on answering
    expect(service.call("half", [8])).toBe(4);
  });
});

describe("a C module (clang, wasi-libc)", () => {
  const greeter = join(examples, "c-greeter");
  const committed = new Uint8Array(readFileSync(join(greeter, "greeter.wasm")));
  const run = (bytes: Uint8Array, envs: Record<string, string> = {}) => {
    const runtime = new Runtime();
    return runtime.createService("greeter", {
      modules: [{ name: "greeter", cid: runtime.store.put(bytes), wasi: { envs } }],
    });
  };

  it("the committed build runs: strings out of C's malloc, arrays in, WASI env", () => {
    const service = run(committed, { GREETING: "Bonjour" });
    expect(service.call("greet", ["Wasm"])).toBe("Bonjour, Wasm!");
    expect(service.call("sum", [[1, 2, 4294967295]])).toBe(4294967298);
    expect(run(committed).call("greet", ["you"])).toBe("Hello, you!");
  });

  const clang = (() => {
    try {
      execFileSync("clang", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!clang)("built again from greeter.c, it answers the same", () => {
    const rebuilt = buildC(join(greeter, "greeter.c"), manifestOf(greeter));
    expect(run(rebuilt, { GREETING: "Hi" }).call("greet", ["C"])).toBe("Hi, C!");
    expect(run(rebuilt).call("sum", [[]])).toBe(0);
  });
});
