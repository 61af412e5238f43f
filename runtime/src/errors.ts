// One error model for the runtime: a short message for people, details, the cause, and a code that says which
// step refused. Every failure a caller can see is a RuntimeError; a trap inside a module never escapes as a bare
// WebAssembly.RuntimeError.

export type RuntimeErrorCode =
  | "INVALID_MODULE" // bytes that are not WebAssembly, or a module that cannot be compiled or linked
  | "INTERFACE" // a malformed interface-types section or manifest
  | "CONFIG" // a service config that does not describe a service
  | "NOT_FOUND" // an unknown service, module, function or CID
  | "TYPE_MISMATCH" // arguments or results that do not fit the declared interface
  | "MEMORY" // an out-of-bounds read or write, or the memory limit reached
  | "FUEL" // the call ran out of fuel
  | "TRAP" // the module trapped
  | "EFFECTOR" // an effector that is not granted, or that failed to run
  | "HOST"; // a host import failed

export interface RuntimeErrorOptions {
  details?: string;
  cause?: unknown;
}

export class RuntimeError extends Error {
  override readonly name: string = "RuntimeError";
  readonly code: RuntimeErrorCode;
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(code: RuntimeErrorCode, shortMessage: string, options: RuntimeErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** The text of anything thrown, for details. */
export const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A value as short text for a message: JSON where it has one (bigints as 12n), cut at `max` characters. Never
 *  throws, whatever the value holds (bigints, cycles, getters). */
export function valueText(value: unknown, max = 60): string {
  if (typeof value === "bigint") return `${value}n`;
  let text: string;
  try {
    text = JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
  } catch {
    text = Array.isArray(value) ? `an array of ${value.length}` : typeof value;
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
