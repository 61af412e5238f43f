// The runtime of a peer: a module store, compiled modules cached by CID and limits, and the services created from
// configs. Creating a service compiles (once per CID), instruments and links its modules; a failure to create one
// leaves every other service as it was.
import { openSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { describe, RuntimeError } from "./errors.ts";
import type { Effector } from "./host/effectors.ts";
import type { Logger } from "./host/logger.ts";
import { decodeInterfaces, INTERFACE_TYPES_SECTION } from "./it/decode.ts";
import { interfacesFromManifest, type Manifest } from "./it/manifest.ts";
import type { Interfaces } from "./it/types.ts";
import { moduleCid } from "./module/cid.ts";
import { ModuleInstance } from "./module/instance.ts";
import { memoryStore, type ModuleStore } from "./module/store.ts";
import { isCheckedConfig, parseServiceConfig, type ServiceConfig, serviceConfig } from "./service/config.ts";
import { Service } from "./service/service.ts";
import { type ModuleInfo, PAGE_SIZE, prepareModule } from "./wasm/prepare.ts";

/** The most memory a 32-bit WebAssembly module can have. */
const WASM32_MAX_BYTES = 65536 * PAGE_SIZE;

export interface RuntimeOptions {
  readonly store?: ModuleStore;
  /** Where modules' log lines go; default: dropped. */
  readonly logger?: Logger;
  /** Modules' stdout and stderr: dropped (default) or the host's. */
  readonly stdio?: "ignore" | "inherit";
}

export interface ServiceOptions {
  /** Directory that `file` paths in the config are relative to; default: the current directory. */
  readonly baseDir?: string;
  /** Interface manifests for modules without an interface-types section, by module name. */
  readonly manifests?: Readonly<Record<string, Manifest>>;
}

interface CompiledModule {
  readonly wasm: WebAssembly.Module;
  readonly info: ModuleInfo;
}

export class Runtime {
  readonly store: ModuleStore;
  private readonly services = new Map<string, Service>();
  private readonly compiled = new Map<string, CompiledModule>();
  private readonly logger: Logger;
  private readonly stdout: number;
  private readonly stderr: number;

  constructor(options: RuntimeOptions = {}) {
    this.store = options.store ?? memoryStore();
    this.logger = options.logger ?? (() => {});
    if (options.stdio === "inherit") {
      this.stdout = 1;
      this.stderr = 2;
    } else {
      this.stdout = this.stderr = openSync("/dev/null", "w");
    }
  }

  /** Creates a service from a config (checked data, raw data, or TOML / JSON text). */
  createService(id: string, config: ServiceConfig | string | object, options: ServiceOptions = {}): Service {
    if (this.services.has(id)) throw new RuntimeError("CONFIG", `A service ${id} exists already`);
    const checked =
      typeof config === "string"
        ? parseServiceConfig(config)
        : isCheckedConfig(config)
          ? config
          : serviceConfig(config);
    const limit = checked.totalMemoryLimit;
    const fuel = checked.fuelPerCall;
    let service: Service | undefined;
    const sources = checked.modules.map((m) => {
      const bytes = m.cid !== undefined ? this.store.get(m.cid) : this.readModuleFile(m.file as string, options);
      return { config: m, bytes, cid: m.cid ?? moduleCid(bytes) };
    });
    const initialBytes = sources.map(({ bytes }) => initialMemory(bytes));
    const totalInitial = initialBytes.reduce((a, b) => a + b, 0);
    if (limit !== undefined && totalInitial > limit) {
      throw new RuntimeError("MEMORY", `Service ${id} needs more memory than its limit to start`, {
        details: `${totalInitial} bytes initially, limit ${limit}`,
      });
    }
    const setups = sources.map(({ config: m, bytes, cid }, i) => {
      // each module may grow into what the others leave at their start; the total is checked after each call
      const maxBytes = limit === undefined ? WASM32_MAX_BYTES : limit - (totalInitial - (initialBytes[i] as number));
      const maxPages = Math.floor(Math.min(maxBytes, WASM32_MAX_BYTES) / PAGE_SIZE);
      const { wasm, info } = this.compile(bytes, cid, fuel !== undefined, limit === undefined ? undefined : maxPages);
      return {
        service: id,
        name: m.name,
        cid,
        wasm,
        info,
        interfaces: this.interfacesOf(m.name, m.manifest, info, options),
        env: m.env,
        mappedDirs: resolveDirs(m.mappedDirs, options),
        loggerEnabled: m.loggerEnabled,
        loggingMask: m.loggingMask,
        effectors: grantedEffectors(checked.effectors, cid),
        logger: this.logger,
        callParameters: () => service?.callParameters ?? {},
        stdout: this.stdout,
        stderr: this.stderr,
        fuelPerCall: fuel,
        maxMemoryBytes: maxPages * PAGE_SIZE,
      };
    });
    /** Fresh instances of every module, linked in load order (at creation, and after a call that failed inside). */
    const instantiate = (): ModuleInstance[] => {
      const instances = new Map<string, ModuleInstance>();
      for (const setup of setups) instances.set(setup.name, new ModuleInstance({ ...setup, modules: instances }));
      return [...instances.values()];
    };
    service = new Service(id, instantiate, { memoryBytes: limit, fuelPerCall: fuel });
    this.services.set(id, service);
    return service;
  }

  service(id: string): Service {
    const service = this.services.get(id);
    if (!service) throw new RuntimeError("NOT_FOUND", `No service ${id}`);
    return service;
  }

  serviceIds(): string[] {
    return [...this.services.keys()];
  }

  removeService(id: string): void {
    if (!this.services.delete(id)) throw new RuntimeError("NOT_FOUND", `No service ${id}`);
  }

  private readModuleFile(file: string, options: ServiceOptions): Uint8Array {
    const path = isAbsolute(file) ? file : resolve(options.baseDir ?? ".", file);
    try {
      return new Uint8Array(readFileSync(path));
    } catch (cause) {
      throw new RuntimeError("NOT_FOUND", `Cannot read module file ${file}`, { details: describe(cause), cause });
    }
  }

  private readManifest(file: string, options: ServiceOptions): Manifest {
    const path = isAbsolute(file) ? file : resolve(options.baseDir ?? ".", file);
    try {
      return JSON.parse(readFileSync(path, "utf8")) as Manifest;
    } catch (cause) {
      throw new RuntimeError("INTERFACE", `Cannot read the manifest ${file}`, { details: describe(cause), cause });
    }
  }

  private compile(bytes: Uint8Array, cid: string, fuel: boolean, maxPages: number | undefined): CompiledModule {
    const key = `${cid}/${fuel}/${maxPages}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const prepared = prepareModule(bytes, { fuel, ...(maxPages === undefined ? {} : { maxMemoryPages: maxPages }) });
    let wasm: WebAssembly.Module;
    try {
      wasm = new WebAssembly.Module(prepared.bytes as Uint8Array<ArrayBuffer>);
    } catch (cause) {
      throw new RuntimeError("INVALID_MODULE", `Module ${cid} does not compile`, { details: describe(cause), cause });
    }
    const compiled = { wasm, info: prepared.info };
    this.compiled.set(key, compiled);
    return compiled;
  }

  private interfacesOf(name: string, file: string | undefined, info: ModuleInfo, options: ServiceOptions): Interfaces {
    const manifest = options.manifests?.[name] ?? (file === undefined ? undefined : this.readManifest(file, options));
    if (manifest) return interfacesFromManifest(manifest);
    const section = info.customSections.get(INTERFACE_TYPES_SECTION);
    if (!section) {
      throw new RuntimeError("INTERFACE", `Module ${name} has no interface-types section and no manifest`, {
        details: "build it with a Marine SDK or the AssemblyScript SDK, or give a JSON manifest of its functions",
      });
    }
    return decodeInterfaces(section);
  }
}

function grantedEffectors(effectors: Readonly<Record<string, Effector>>, cid: string): Map<string, Effector> {
  return new Map(Object.entries(effectors).filter(([, e]) => e.grantedTo.includes(cid)));
}

function resolveDirs(dirs: Readonly<Record<string, string>>, options: ServiceOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [guest, host] of Object.entries(dirs))
    out[guest] = isAbsolute(host) ? host : resolve(options.baseDir ?? ".", host);
  return out;
}

/** The initial memory of a module in bytes, read without compiling it. */
function initialMemory(bytes: Uint8Array): number {
  return (prepareModule(bytes, { fuel: false }).info.memory?.min ?? 0) * PAGE_SIZE;
}
