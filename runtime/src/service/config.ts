// A service config, in JSON or TOML (in the spirit of Marine's Config.toml):
//
//   total_memory_limit = "64 MiB"      # the memory all modules of the service may have together
//   fuel_per_call = 1_000_000_000      # fuel units (function entries and loop iterations) one call may burn
//
//   [[module]]                         # modules in load order; the last one is the facade
//   name = "storage"
//   cid = "bafkrei..."                 # its bytes in the module store (or file = "path/to/module.wasm")
//   manifest = "module.json"           # only for a module without an interface-types section
//   logger_enabled = true
//   logging_mask = 0
//   [module.wasi]
//   envs = { KEY = "value" }
//   mapped_dirs = { "/data" = "host/dir" }
//
//   [effectors.curl]                   # a host binary, run only by the module CIDs it is granted to
//   binary = "/usr/bin/curl"
//   granted_to = ["bafkrei..."]
import { parse as parseToml } from "smol-toml";
import { describe, RuntimeError, valueText } from "../errors.ts";
import type { Effector } from "../host/effectors.ts";

export interface ModuleConfig {
  readonly name: string;
  /** The CID of the module's bytes in the store. */
  readonly cid?: string;
  /** A file holding the module's bytes (resolved by the caller). */
  readonly file?: string;
  /** A JSON interface manifest file, for a module without an interface-types section. */
  readonly manifest?: string;
  readonly loggerEnabled: boolean;
  readonly loggingMask: number;
  readonly env: Readonly<Record<string, string>>;
  readonly mappedDirs: Readonly<Record<string, string>>;
}

export interface ServiceConfig {
  readonly modules: readonly ModuleConfig[];
  /** Bytes; undefined for no limit beyond WebAssembly's own. */
  readonly totalMemoryLimit: number | undefined;
  /** Fuel one call may burn; undefined for no fuel metering. */
  readonly fuelPerCall: number | undefined;
  readonly effectors: Readonly<Record<string, Effector>>;
}

const fail = (message: string, details?: string) => new RuntimeError("CONFIG", message, { details });

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  kib: 1024,
  mb: 1e6,
  mib: 1024 ** 2,
  gb: 1e9,
  gib: 1024 ** 3,
};

export function parseSize(value: unknown, what: string): number {
  let bytes = value;
  if (typeof value === "string") {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
    const unit = UNITS[(match?.[2] ?? "").toLowerCase()];
    bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : undefined;
  }
  const size = positiveInteger(bytes);
  if (size !== undefined) return size;
  throw fail(`${what} must be a size such as 64 MiB`, `got ${valueText(value)}`);
}

/** A positive whole number a double holds exactly (TOML may give inf, nan, fractions or huge integers). */
function positiveInteger(value: unknown): number | undefined {
  const number = typeof value === "bigint" ? Number(value) : value;
  return typeof number === "number" && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw fail(`${what} must be a table of strings`);
  const out: Record<string, string> = Object.create(null); // a key may be __proto__
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") throw fail(`${what}.${key} must be a string`);
    out[key] = v;
  }
  return out;
}

/** WASI env entries reach the module as NUL-terminated `NAME=value` strings: a NUL or a `=` in a name would cut or
 * forge an entry. */
function envMap(value: unknown, what: string): Record<string, string> {
  const env = stringMap(value, what);
  for (const [name, v] of Object.entries(env)) {
    if (name === "" || /[=\0]/.test(name)) throw fail(`${what}: ${JSON.stringify(name)} is not a variable name`);
    if (v.includes("\0")) throw fail(`${what}.${name} holds a NUL character`);
  }
  return env;
}

/** Mapped directories are paths on both sides, and a path holds no NUL. */
function dirMap(value: unknown, what: string): Record<string, string> {
  const dirs = stringMap(value, what);
  for (const [guest, host] of Object.entries(dirs)) {
    if (guest === "" || `${guest}${host}`.includes("\0")) throw fail(`${what}: ${JSON.stringify(guest)} is not a path`);
    if (host === "") throw fail(`${what}.${guest} needs a host directory`);
  }
  return dirs;
}

const KNOWN = {
  service: ["module", "modules", "total_memory_limit", "fuel_per_call", "effectors"],
  module: ["name", "cid", "file", "manifest", "logger_enabled", "logging_mask", "wasi"],
  wasi: ["envs", "mapped_dirs"],
  effector: ["binary", "granted_to", "timeout_ms"],
};

function onlyKnown(value: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw fail(`Unknown key ${key} in ${what}`, `known keys: ${known.join(", ")}`);
  }
}

/** Configs serviceConfig made: only those are taken as checked, never an object that merely looks like one. */
const checkedConfigs = new WeakSet<ServiceConfig>();

export const isCheckedConfig = (config: unknown): config is ServiceConfig =>
  typeof config === "object" && config !== null && checkedConfigs.has(config as ServiceConfig);

/** Checks a config given as data (parsed JSON or TOML). */
export function serviceConfig(raw: unknown): ServiceConfig {
  if (!isRecord(raw)) throw fail("A service config must be a table");
  onlyKnown(raw, KNOWN.service, "the service config");
  const list = raw.module ?? raw.modules;
  if (!Array.isArray(list) || list.length === 0) throw fail("A service config needs at least one module");
  const names = new Set<string>();
  const modules = list.map((m, i): ModuleConfig => {
    if (!isRecord(m)) throw fail(`module ${i} must be a table`);
    onlyKnown(m, KNOWN.module, `module ${i}`);
    const name = m.name;
    if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      throw fail(`module ${i} needs a name of letters, digits, _ and -`, `got ${valueText(name)}`);
    }
    if (names.has(name)) throw fail(`Two modules are named ${name}`);
    names.add(name);
    if ((m.cid === undefined) === (m.file === undefined)) throw fail(`Module ${name} needs one of cid and file`);
    if (m.cid !== undefined && typeof m.cid !== "string") throw fail(`Module ${name}: cid must be a string`);
    if (m.file !== undefined && typeof m.file !== "string") throw fail(`Module ${name}: file must be a string`);
    if (m.manifest !== undefined && typeof m.manifest !== "string") {
      throw fail(`Module ${name}: manifest must be the path of a JSON manifest`);
    }
    const wasi = m.wasi ?? {};
    if (!isRecord(wasi)) throw fail(`Module ${name}: wasi must be a table`);
    onlyKnown(wasi, KNOWN.wasi, `module ${name}'s wasi`);
    const mask = m.logging_mask ?? 0;
    if (!Number.isSafeInteger(mask) && typeof mask !== "bigint") {
      throw fail(`Module ${name}: logging_mask must be a whole number`);
    }
    if (m.logger_enabled !== undefined && typeof m.logger_enabled !== "boolean") {
      throw fail(`Module ${name}: logger_enabled must be true or false`);
    }
    return {
      name,
      ...(m.cid !== undefined ? { cid: m.cid as string } : { file: m.file as string }),
      ...(m.manifest !== undefined ? { manifest: m.manifest as string } : {}),
      loggerEnabled: m.logger_enabled ?? true,
      loggingMask: Number(mask),
      env: envMap(wasi.envs, `module ${name}'s wasi.envs`),
      mappedDirs: dirMap(wasi.mapped_dirs, `module ${name}'s wasi.mapped_dirs`),
    };
  });
  const effectors: Record<string, Effector> = Object.create(null); // a name may be __proto__
  const rawEffectors = raw.effectors ?? {};
  if (!isRecord(rawEffectors)) throw fail("effectors must be a table of effectors by name");
  for (const [name, e] of Object.entries(rawEffectors)) {
    if (!isRecord(e)) throw fail(`Effector ${name} must be a table`);
    onlyKnown(e, KNOWN.effector, `effector ${name}`);
    if (typeof e.binary !== "string" || e.binary === "") throw fail(`Effector ${name} needs a binary`);
    const granted = e.granted_to ?? [];
    if (!Array.isArray(granted) || granted.some((c) => typeof c !== "string")) {
      throw fail(`Effector ${name}: granted_to must be a list of module CIDs`);
    }
    const timeout = e.timeout_ms === undefined ? undefined : positiveInteger(e.timeout_ms);
    if (e.timeout_ms !== undefined && timeout === undefined) {
      throw fail(`Effector ${name}: timeout_ms must be a positive whole number`);
    }
    effectors[name] = { binary: e.binary, grantedTo: granted as string[], ...(timeout ? { timeoutMs: timeout } : {}) };
  }
  const fuel = raw.fuel_per_call === undefined ? undefined : positiveInteger(raw.fuel_per_call);
  if (raw.fuel_per_call !== undefined && fuel === undefined) {
    throw fail("fuel_per_call must be a positive whole number up to 2^53", `got ${valueText(raw.fuel_per_call)}`);
  }
  const config: ServiceConfig = {
    modules,
    totalMemoryLimit:
      raw.total_memory_limit === undefined ? undefined : parseSize(raw.total_memory_limit, "total_memory_limit"),
    fuelPerCall: fuel,
    effectors,
  };
  checkedConfigs.add(config);
  return config;
}

/** Parses a config from TOML or JSON text (JSON when it starts with "{"). */
export function parseServiceConfig(text: string): ServiceConfig {
  let raw: unknown;
  try {
    raw = text.trimStart().startsWith("{") ? JSON.parse(text) : parseToml(text);
  } catch (cause) {
    throw new RuntimeError("CONFIG", "The service config does not parse", { details: describe(cause), cause });
  }
  return serviceConfig(raw);
}
