// The host functions a module may import: Marine's host API (log_utf8_string, get_call_parameters in
// __marine_host_api_v0..v3 or host) and the effectors granted to the module's CID (host.<name>). Anything else in
// those namespaces is refused when the module loads.
import type { ModuleMemory } from "../abi/memory.ts";
import { RuntimeError } from "../errors.ts";
import type { Interfaces } from "../it/types.ts";
import type { ModuleImport } from "../wasm/prepare.ts";
import { type CallParameters, callParametersRecord } from "./call-parameters.ts";
import { type Effector, runEffector } from "./effectors.ts";
import { type Logger, logLevel, logs } from "./logger.ts";

export interface HostSetup {
  readonly service: string;
  readonly name: string;
  readonly cid: string;
  readonly interfaces: Interfaces;
  readonly loggerEnabled: boolean;
  readonly loggingMask: number;
  readonly logger: Logger;
  readonly callParameters: () => CallParameters;
  /** Effectors granted to this module, by name. */
  readonly effectors: ReadonlyMap<string, Effector>;
}

export const isHostNamespace = (namespace: string) =>
  namespace === "host" || namespace.startsWith("__marine_host_api_v");

export const describeImport = (i: ModuleImport) => `${i.module}.${i.name}`;

/** Marine's host API for one import: logging, call parameters, or an effector granted to the module. */
export function hostImport(
  setup: HostSetup,
  imported: ModuleImport,
  memoryOf: () => ModuleMemory,
  coreFunction: (name: string) => (...args: unknown[]) => unknown,
): (...args: number[]) => unknown {
  const setResult = (ptr: number, size?: number) => {
    coreFunction("set_result_ptr")(ptr);
    if (size !== undefined) coreFunction("set_result_size")(size);
  };
  const recordId = (name: string): number => {
    const id = setup.interfaces.types.findIndex((t) => t.kind === "record" && t.name === name);
    if (id < 0) {
      throw new RuntimeError(
        "INVALID_MODULE",
        `Module ${setup.name} imports ${describeImport(imported)} without a ${name} record`,
      );
    }
    return id;
  };
  if (imported.name === "log_utf8_string") {
    return (level, target, ptr, size) => {
      if (!setup.loggerEnabled || !logs(target as number, setup.loggingMask)) return;
      const message = memoryOf().liftString((ptr as number) >>> 0, (size as number) >>> 0);
      setup.logger({ service: setup.service, module: setup.name, level: logLevel(level as number), message });
    };
  }
  if (imported.name === "get_call_parameters") {
    const id = recordId("CallParameters");
    return () => {
      const record = callParametersRecord(setup.callParameters(), id, setup.interfaces.types);
      setResult(memoryOf().lowerRecord(record, id));
    };
  }
  const effector = imported.module === "host" ? setup.effectors.get(imported.name) : undefined;
  if (effector) {
    const id = recordId("MountedBinaryResult");
    return (ptr, count) => {
      const args = memoryOf().liftArray((ptr as number) >>> 0, (count as number) >>> 0, "string") as string[];
      const result = runEffector(effector, args);
      setResult(memoryOf().lowerRecord(result, id));
    };
  }
  if (imported.module === "host") {
    throw new RuntimeError(
      "EFFECTOR",
      `Module ${setup.name} imports the effector ${imported.name}, not granted to it`,
      {
        details: `module CID ${setup.cid}: an effector runs only for the module CIDs the service config grants it to`,
      },
    );
  }
  throw new RuntimeError(
    "INVALID_MODULE",
    `Module ${setup.name} imports ${describeImport(imported)}, which the host does not provide`,
  );
}
