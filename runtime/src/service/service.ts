// A service: modules instantiated in load order, linked by name, under one memory limit and one fuel budget per
// call. The last module is the facade whose functions callers use. A call that traps, runs out of fuel or memory,
// or gets values of the wrong type fails alone with a RuntimeError; the host and other services go on.
import { fromCaller, type OutputOptions, toCaller, type Value } from "../abi/values.ts";
import { describe, RuntimeError } from "../errors.ts";
import { ModuleAbort } from "../host/abort.ts";
import { type CallParameters, callParametersProblem } from "../host/call-parameters.ts";
import type { Field, FunctionType, RecordType } from "../it/types.ts";
import { signatureText } from "../it/signature.ts";
import type { InterfaceFunction, ModuleInstance } from "../module/instance.ts";

export interface FunctionSignature {
  readonly name: string;
  /** Marine's notation, e.g. (name: string) -> string */
  readonly signature: string;
  readonly type: FunctionType;
  readonly records: readonly RecordType[];
}

export type CallArguments = readonly Value[] | Readonly<Record<string, Value>>;

export interface CallOptions extends OutputOptions {
  readonly params?: CallParameters;
  /** Fuel for this call instead of the service's fuel_per_call (only for a service with fuel metering). */
  readonly fuel?: number;
}

interface Entry {
  readonly target: InterfaceFunction;
  readonly paths: readonly string[];
}

const NO_PARAMETERS: CallParameters = Object.freeze({});

export class Service {
  private current: CallParameters = NO_PARAMETERS;
  private instances: readonly ModuleInstance[];
  private modulesByName: ReadonlyMap<string, ModuleInstance>;
  private readonly entries = new Map<string, Entry>();
  private readonly fuel: bigint | undefined;
  private restarts = 0;

  constructor(
    readonly id: string,
    private readonly instantiate: () => ModuleInstance[],
    private readonly limits: { readonly memoryBytes: number | undefined; readonly fuelPerCall: number | undefined },
  ) {
    this.instances = instantiate();
    this.modulesByName = new Map(this.instances.map((m) => [m.name, m]));
    this.fuel = limits.fuelPerCall === undefined ? undefined : BigInt(limits.fuelPerCall);
  }

  /** The modules in load order, the facade last. */
  get modules(): readonly ModuleInstance[] {
    return this.instances;
  }

  /** How many times the service's modules were instantiated afresh after a call failed inside them. */
  get restartCount(): number {
    return this.restarts;
  }

  /**
   * Fresh instances of every module (memory as at load). A call that fails once it has entered a module (a trap,
   * fuel or memory running out, an error in a nested call) may leave any module mid-operation: the service goes on
   * with fresh instances rather than ones whose allocator or stack pointer the failure left inconsistent.
   */
  private restart(): void {
    this.instances = this.instantiate();
    this.modulesByName = new Map(this.instances.map((m) => [m.name, m]));
    this.entries.clear();
    this.restarts++;
  }

  /** The parameters of the call under way, as get_call_parameters answers them. */
  get callParameters(): CallParameters {
    return this.current;
  }

  get facade(): ModuleInstance {
    return this.modules[this.modules.length - 1] as ModuleInstance;
  }

  /** The facade's functions. */
  interface(): FunctionSignature[] {
    return this.moduleInterface(this.facade.name);
  }

  moduleInterface(module: string): FunctionSignature[] {
    const instance = this.module(module);
    return [...instance.functions.values()].map((f) => ({
      name: f.name,
      signature: signatureText(f.type, f.interfaces),
      type: f.type,
      records: f.interfaces.types.filter((t): t is RecordType => t.kind === "record"),
    }));
  }

  /** Bytes of memory all modules have now. */
  memoryUsed(): number {
    return this.instances.reduce((sum, m) => sum + m.memorySize, 0);
  }

  /** Calls a function of the facade. */
  call(fn: string, args: CallArguments = [], options: CallOptions = {}): Value {
    return this.callModule(this.facade.name, fn, args, options);
  }

  /** Calls a function of any module of the service. */
  callModule(module: string, fn: string, args: CallArguments = [], options: CallOptions = {}): Value {
    checkCallOptions(options);
    const { target, paths } = this.entry(module, fn);
    const values = this.arguments(target, paths, args);
    this.current = options.params ?? NO_PARAMETERS;
    const fuel = options.fuel === undefined ? this.fuel : this.fuelFor(options.fuel);
    for (const m of this.instances) {
      if (fuel !== undefined && m.fuel) m.fuel.value = fuel;
      if (m.outOfMemory) m.outOfMemory.value = 0;
    }
    let result: unknown;
    try {
      result = target.call(...values);
    } catch (error) {
      const failure = this.failure(module, fn, error, options);
      this.restart();
      throw failure;
    } finally {
      this.current = NO_PARAMETERS;
    }
    const limit = this.limits.memoryBytes;
    if (limit !== undefined && this.memoryUsed() > limit) {
      const used = this.memoryUsed();
      this.restart();
      throw new RuntimeError("MEMORY", `Service ${this.id} went over its memory limit in ${module}.${fn}`, {
        details: `${used} bytes, limit ${limit}; the service's modules start again from their initial memory`,
      });
    }
    return target.results === 0 ? null : toCaller(result, options);
  }

  private fuelFor(fuel: number): bigint {
    if (this.fuel === undefined) {
      throw new RuntimeError("CONFIG", `Service ${this.id} has no fuel metering: give it fuel_per_call`);
    }
    if (!Number.isSafeInteger(fuel) || fuel <= 0) throw new RuntimeError("CONFIG", `Fuel must be a positive integer`);
    return BigInt(fuel);
  }

  /** A function and the names of its arguments in errors, looked up once. */
  private entry(module: string, fn: string): Entry {
    const key = `${module}\u0000${fn}`;
    const cached = this.entries.get(key);
    if (cached) return cached;
    const target = this.module(module).functions.get(fn);
    if (!target) {
      throw new RuntimeError("NOT_FOUND", `Module ${module} of service ${this.id} has no function ${fn}`, {
        details: `functions: ${[...this.module(module).functions.keys()].join(", ") || "none"}`,
      });
    }
    const paths = target.type.arguments.map((a) => `${module}.${fn} argument ${a.name}`);
    const entry = { target, paths };
    this.entries.set(key, entry);
    return entry;
  }

  private module(name: string): ModuleInstance {
    const instance = this.modulesByName.get(name);
    if (!instance) throw new RuntimeError("NOT_FOUND", `Service ${this.id} has no module ${name}`);
    return instance;
  }

  private arguments(target: InterfaceFunction, paths: readonly string[], args: CallArguments): unknown[] {
    const { type, interfaces } = target;
    let list: readonly unknown[];
    if (Array.isArray(args)) list = args;
    else {
      if (typeof args !== "object" || args === null) {
        throw new RuntimeError(
          "TYPE_MISMATCH",
          `${target.module}.${target.name} takes a list or an object of arguments`,
        );
      }
      const named = args as Readonly<Record<string, Value>>;
      for (const key of Object.keys(named)) {
        if (!type.arguments.some((a) => a.name === key)) {
          throw new RuntimeError("TYPE_MISMATCH", `${target.module}.${target.name} has no argument ${key}`, {
            details: signatureText(type, interfaces),
          });
        }
      }
      list = type.arguments.map((a) => (Object.hasOwn(named, a.name) ? named[a.name] : undefined));
    }
    if (list.length !== type.arguments.length) {
      throw new RuntimeError(
        "TYPE_MISMATCH",
        `${target.module}.${target.name} takes ${type.arguments.length} arguments, got ${list.length}`,
        {
          details: signatureText(type, interfaces),
        },
      );
    }
    const values = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      values[i] = fromCaller(list[i], (type.arguments[i] as Field).type, interfaces.types, paths[i] as string);
    }
    return values;
  }

  private failure(module: string, fn: string, error: unknown, options: CallOptions): RuntimeError {
    const where = `${module}.${fn} of service ${this.id}`;
    if (error instanceof RuntimeError) return error;
    if (error instanceof ModuleAbort) {
      return new RuntimeError("TRAP", `${where} aborted: ${error.message}`, {
        details: `at ${error.location}`,
        cause: error,
      });
    }
    const outOfFuel = this.modules.some((m) => m.fuel !== undefined && (m.fuel.value as bigint) < 0n);
    if (outOfFuel) {
      return new RuntimeError("FUEL", `${where} ran out of fuel`, {
        details: `${options.fuel ?? this.limits.fuelPerCall} units for the call`,
        cause: error,
      });
    }
    if (error instanceof WebAssembly.RuntimeError) {
      const full = this.modules.find((m) => m.ranOutOfMemory());
      if (full) {
        return new RuntimeError("MEMORY", `${where} ran out of memory`, {
          details: `module ${full.name} could not grow past ${full.memorySize} bytes (${error.message})`,
          cause: error,
        });
      }
      return new RuntimeError("TRAP", `${where} trapped: ${error.message}`, { cause: error });
    }
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return new RuntimeError("TRAP", `${where} overflowed the stack`, { cause: error });
    }
    return new RuntimeError("HOST", `${where} failed in the host`, { details: describe(error), cause: error });
  }
}

/** Refuses call options a caller got wrong before anything runs (TYPE_MISMATCH). */
function checkCallOptions(options: unknown) {
  if (typeof options !== "object" || options === null)
    throw new RuntimeError("TYPE_MISMATCH", "call options are not an object");
  const { params, bytes } = options as Record<string, unknown>;
  const problem = params === undefined ? undefined : callParametersProblem(params);
  if (problem) throw new RuntimeError("TYPE_MISMATCH", `call parameters: ${problem}`);
  if (bytes !== undefined && bytes !== "array" && bytes !== "uint8array")
    throw new RuntimeError("TYPE_MISMATCH", `call options: bytes is "array" or "uint8array"`);
}
