// One module of a service, instantiated: its core instance with WASI, the host API, granted effectors and the
// functions of the modules it imports from; its memory and allocator; and its interface functions, each an adapter
// compiled over the core exports.
import { WASI } from "node:wasi";
import { type Callable, compileAdapter } from "../abi/adapter.ts";
import { ModuleMemory } from "../abi/memory.ts";
import { describe, RuntimeError } from "../errors.ts";
import { abortImport, isAbortImport } from "../host/abort.ts";
import { describeImport, type HostSetup, hostImport, isHostNamespace } from "../host/imports.ts";
import { sameSignature, signatureText } from "../it/signature.ts";
import type { FunctionType, Interfaces } from "../it/types.ts";
import { FUEL_EXPORT, type ModuleInfo, OOM_EXPORT, PAGE_SIZE, type ModuleImport } from "../wasm/prepare.ts";

/** A function of a module's interface: takes and answers values of the runtime's shape. */
export interface InterfaceFunction extends Callable {
  readonly module: string;
  readonly type: FunctionType;
  readonly interfaces: Interfaces;
}

export interface ModuleSetup extends HostSetup {
  readonly wasm: WebAssembly.Module;
  readonly info: ModuleInfo;
  readonly env: Readonly<Record<string, string>>;
  /** Guest path to host path. */
  readonly mappedDirs: Readonly<Record<string, string>>;
  /** File descriptors the module's stdout and stderr go to. */
  readonly stdout: number;
  readonly stderr: number;
  /** The largest memory the module may have, in bytes. */
  readonly maxMemoryBytes: number;
  /** Fuel for the module's initialization, as for one call. */
  readonly fuelPerCall: number | undefined;
  /** Modules loaded before this one, by name. */
  readonly modules: ReadonlyMap<string, ModuleInstance>;
}

interface CoreExports {
  readonly [name: string]: unknown;
}

export class ModuleInstance {
  readonly name: string;
  readonly cid: string;
  readonly interfaces: Interfaces;
  readonly functions = new Map<string, InterfaceFunction>();
  readonly memory: ModuleMemory;
  readonly fuel: WebAssembly.Global | undefined;
  /** Raised (1) by the instrumented module when a memory.grow fails. */
  readonly outOfMemory: WebAssembly.Global | undefined;
  private readonly maxMemoryBytes: number;

  constructor(setup: ModuleSetup) {
    this.name = setup.name;
    this.cid = setup.cid;
    this.interfaces = setup.interfaces;
    this.maxMemoryBytes = setup.maxMemoryBytes;
    const { interfaces } = setup;
    let core: CoreExports = {};
    const coreFunction = (name: string): ((...args: unknown[]) => unknown) => {
      const fn = core[name];
      if (typeof fn !== "function") {
        throw new RuntimeError("INVALID_MODULE", `Module ${this.name} does not export the function ${name}`);
      }
      return fn as (...args: unknown[]) => unknown;
    };

    // call-core indexes: the interface exports (core exports by the same name), then the linked imports
    const callables: { -readonly [K in keyof Callable]: Callable[K] }[] = interfaces.exports.map((e) => {
      const signature = setup.info.functions.get(e.name) ?? { params: [], results: [] };
      // until the instance exists, a call goes through a trampoline; after, straight to the export
      return {
        name: e.name,
        arity: signature.params.length,
        results: signature.results.length,
        call: (...args: unknown[]) => coreFunction(e.name)(...args),
      };
    });
    const linkedImports = interfaces.imports.filter((i) => adapterFor(interfaces, i.functionType) !== undefined);
    for (const i of linkedImports) callables.push(this.importedFunction(setup, i.namespace, i.name, i.functionType));

    let memory: ModuleMemory | undefined;
    const memoryOf = (): ModuleMemory => {
      if (!memory) throw new RuntimeError("INVALID_MODULE", `Module ${this.name} is not instantiated yet`);
      return memory;
    };

    // without prototypes: a module may be named __proto__ or constructor, and its imports must not reach Object's
    const imports: Record<string, Record<string, unknown>> = Object.create(null);
    let wasi: WASI | undefined;
    for (const imported of setup.info.imports) {
      const namespace = (imports[imported.module] ??= Object.create(null));
      if (imported.module === "wasi_snapshot_preview1" || imported.module === "wasi_unstable") {
        wasi ??= new WASI({
          version: imported.module === "wasi_unstable" ? "unstable" : "preview1",
          args: [],
          env: { ...setup.env },
          preopens: { ...setup.mappedDirs },
          stdout: setup.stdout,
          stderr: setup.stderr,
          returnOnExit: true,
        });
        Object.assign(namespace, (wasi.getImportObject() as Record<string, Record<string, unknown>>)[imported.module]);
        continue;
      }
      if (imported.kind !== "function") {
        throw new RuntimeError(
          "INVALID_MODULE",
          `Module ${this.name} imports the ${imported.kind} ${describeImport(imported)}`,
          {
            details: "only functions can be imported",
          },
        );
      }
      const adapter = adapterFor(interfaces, matchingImportType(interfaces, imported));
      if (adapter && setup.modules.has(imported.module)) {
        const compiled = compileAdapter(
          adapter.instructions,
          imported.signature?.params.length ?? 0,
          memoryOf,
          callables,
          `${this.name} import ${describeImport(imported)}`,
        );
        const expected = imported.signature?.results.length ?? 0;
        if (compiled.results !== expected) {
          throw new RuntimeError(
            "INTERFACE",
            `${this.name}: the adapter of ${describeImport(imported)} leaves ${compiled.results} values, its core import answers ${expected}`,
          );
        }
        namespace[imported.name] = compiled.run;
        continue;
      }
      if (isAbortImport(imported)) {
        namespace[imported.name] = abortImport(memoryOf);
        continue;
      }
      if (isHostNamespace(imported.module)) {
        namespace[imported.name] = hostImport(setup, imported, memoryOf, coreFunction);
        continue;
      }
      throw new RuntimeError(
        "INVALID_MODULE",
        `Module ${this.name} imports ${describeImport(imported)}, which nothing provides`,
        {
          details: setup.modules.size
            ? `modules loaded before it: ${[...setup.modules.keys()].join(", ")}`
            : "it is the first module of its service",
        },
      );
    }

    for (const e of interfaces.exports) {
      if (!setup.info.functions.has(e.name)) {
        throw new RuntimeError("INVALID_MODULE", `Module ${this.name} declares ${e.name} but does not export it`);
      }
    }

    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(setup.wasm, imports as WebAssembly.Imports);
    } catch (cause) {
      throw new RuntimeError("INVALID_MODULE", `Module ${this.name} could not be instantiated`, {
        details: describe(cause),
        cause,
      });
    }
    core = instance.exports;
    const exportedMemory = core.memory;
    if (!(exportedMemory instanceof WebAssembly.Memory)) {
      throw new RuntimeError("INVALID_MODULE", `Module ${this.name} does not export its memory as "memory"`);
    }
    const fuel = core[FUEL_EXPORT];
    this.fuel = fuel instanceof WebAssembly.Global ? fuel : undefined;
    const outOfMemory = core[OOM_EXPORT];
    this.outOfMemory = outOfMemory instanceof WebAssembly.Global ? outOfMemory : undefined;
    for (const callable of callables.slice(0, interfaces.exports.length)) {
      callable.call = coreFunction(callable.name);
    }
    const allocate = coreFunction("allocate");
    memory = new ModuleMemory(
      exportedMemory,
      (size, tag) => allocate(size, tag) as number,
      interfaces.types,
      this.name,
    );
    this.memory = memory;

    if (this.fuel && setup.fuelPerCall !== undefined) this.fuel.value = BigInt(setup.fuelPerCall);
    // a reactor's _initialize runs once, before any call (node:wasi runs it for modules that import WASI)
    const initialize = core._initialize;
    try {
      if (wasi) {
        wasi.initialize({
          exports: { memory: exportedMemory, ...(typeof initialize === "function" ? { _initialize: initialize } : {}) },
        });
      } else if (typeof initialize === "function") initialize();
    } catch (cause) {
      throw new RuntimeError("INVALID_MODULE", `Module ${this.name} failed to initialize`, {
        details: describe(cause),
        cause,
      });
    }

    for (const e of interfaces.exports) {
      const adapter = adapterFor(interfaces, e.functionType);
      if (!adapter) continue;
      const type = interfaces.types[adapter.functionType];
      if (type?.kind !== "function") {
        throw new RuntimeError("INTERFACE", `Adapter of ${this.name}.${e.name} has no function type`);
      }
      const compiled = compileAdapter(
        adapter.instructions,
        type.arguments.length,
        memoryOf,
        callables,
        `${this.name}.${e.name}`,
      );
      const results = type.outputs.length;
      if (compiled.results !== results) {
        throw new RuntimeError(
          "INTERFACE",
          `${this.name}.${e.name}: its adapter leaves ${compiled.results} values, its type has ${results}`,
        );
      }
      this.functions.set(e.name, {
        name: e.name,
        module: this.name,
        type,
        interfaces,
        arity: type.arguments.length,
        results,
        call: compiled.run,
      });
    }
  }

  /** True when a memory.grow failed since the flag was cleared, or the memory cannot grow by another page. */
  ranOutOfMemory(): boolean {
    return this.outOfMemory?.value === 1 || this.memorySize + PAGE_SIZE > this.maxMemoryBytes;
  }

  /** The memory the module has now, in bytes. */
  get memorySize(): number {
    return this.memory.memory.buffer.byteLength;
  }

  private importedFunction(setup: ModuleSetup, namespace: string, name: string, functionType: number): Callable {
    const callee = setup.modules.get(namespace)?.functions.get(name);
    if (!callee) {
      throw new RuntimeError(
        "INVALID_MODULE",
        `Module ${this.name} imports ${namespace}.${name}, which nothing provides`,
        {
          details: setup.modules.has(namespace)
            ? `module ${namespace} has no function ${name}`
            : `no module ${namespace} is loaded before ${this.name}`,
        },
      );
    }
    const expected = setup.interfaces.types[functionType - 2];
    if (expected?.kind === "function" && !sameSignature(expected, setup.interfaces, callee.type, callee.interfaces)) {
      throw new RuntimeError(
        "INVALID_MODULE",
        `Module ${this.name} imports ${namespace}.${name} with another signature`,
        {
          details: `expected ${signatureText(expected, setup.interfaces)}, ${namespace} has ${signatureText(callee.type, callee.interfaces)}`,
        },
      );
    }
    return callee;
  }
}

/** The adapter implementing a core function type, if the interfaces have one. */
function adapterFor(interfaces: Interfaces, coreFunctionType: number | undefined) {
  if (coreFunctionType === undefined) return undefined;
  const implementation = interfaces.implementations.find((i) => i.coreFunctionType === coreFunctionType);
  if (!implementation) return undefined;
  return interfaces.adapters.find((a) => a.functionType === implementation.adapterFunctionType);
}

/** The interface import entry (with an implementation) for a core import. */
function matchingImportType(interfaces: Interfaces, imported: ModuleImport): number | undefined {
  for (const i of interfaces.imports) {
    if (i.namespace === imported.module && i.name === imported.name && adapterFor(interfaces, i.functionType)) {
      return i.functionType;
    }
  }
  return undefined;
}
