// AssemblyScript's abort, `env.abort(message, fileName, line, column)`: what a failed `assert`, an uncaught `throw`
// or `abort()` calls. The host reads the two strings from the module's memory and stops the call with them, so that
// the caller sees why the module gave up. An AssemblyScript string is UTF-16 with its byte length in the 4 bytes
// before it; a pointer outside the memory reads as no text, and a long text is cut.
import type { ModuleMemory } from "../abi/memory.ts";
import type { ModuleImport } from "../wasm/prepare.ts";

/** The longest text read, in characters. */
const MAX_CHARACTERS = 1024;

/** Thrown through the module by its abort; the service reports it as a TRAP with the module's message. */
export class ModuleAbort extends Error {
  constructor(
    message: string,
    /** `file:line:column` as the module gave it. */
    readonly location: string,
  ) {
    super(message);
  }
}

/** Whether the import is AssemblyScript's abort, as its compiler declares it. */
export const isAbortImport = (i: ModuleImport) =>
  i.module === "env" &&
  i.name === "abort" &&
  i.signature?.results.length === 0 &&
  i.signature.params.length === 4 &&
  i.signature.params.every((p) => p === "i32");

const utf16 = new TextDecoder("utf-16le");

function readString(memory: ModuleMemory, ptr: number): string {
  const bytes = memory.bytes();
  if (ptr < 4 || ptr > bytes.length) return "";
  const size = bytes.readUInt32LE(ptr - 4);
  const length = Math.min(size, bytes.length - ptr, 2 * MAX_CHARACTERS) & ~1;
  return utf16.decode(bytes.subarray(ptr, ptr + length));
}

export function abortImport(memoryOf: () => ModuleMemory): (...args: number[]) => never {
  return (message, file, line, column) => {
    const memory = memoryOf();
    const text = readString(memory, message! >>> 0) || "abort() without a message";
    const where = `${readString(memory, file! >>> 0) || "?"}:${line! >>> 0}:${column! >>> 0}`;
    throw new ModuleAbort(text, where);
  };
}
