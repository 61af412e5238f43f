// @cloudless/runtime: the Wasm runtime for compute functions. Marine-compatible modules (interface-types section or
// JSON manifest) linked into multi-module services, with WASI, the host API, effectors, fuel and memory limits.
export { RuntimeError, type RuntimeErrorCode, type RuntimeErrorOptions } from "./errors.ts";
export { Runtime, type RuntimeOptions, type ServiceOptions } from "./runtime.ts";
export { Service, type CallArguments, type CallOptions, type FunctionSignature } from "./service/service.ts";
export { parseServiceConfig, serviceConfig, type ModuleConfig, type ServiceConfig } from "./service/config.ts";
export type { JsonValue, OutputOptions, Value } from "./abi/values.ts";
export type { CallParameters, SecurityTetraplet } from "./host/call-parameters.ts";
export type { Effector, EffectorResult } from "./host/effectors.ts";
export { HOST_API_RECORDS } from "./host/records.ts";
export type { LogEntry, Logger, LogLevel } from "./host/logger.ts";
export { moduleCid } from "./module/cid.ts";
export { directoryStore, memoryStore, type ModuleStore } from "./module/store.ts";
export { decodeInterfaces, INTERFACE_TYPES_SECTION } from "./it/decode.ts";
export { encodeInterfaces } from "./it/encode.ts";
export { interfacesFromManifest, type Manifest, type ManifestField, type ManifestFunction } from "./it/manifest.ts";
export type { FunctionType, Interfaces, IType, RecordType } from "./it/types.ts";
export { embedInterfaces } from "./wasm/embed.ts";
