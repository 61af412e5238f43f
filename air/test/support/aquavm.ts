// The real AquaVM (avm.wasm from @fluencelabs/avm) as a test oracle, run through node:wasi. Only its parser is used
// so far: `ast(script)` answers the syntax tree as JSON, or "error: ..." when AquaVM refuses the script.
// Marine's calling convention: strings are copied into the module's memory through allocate(len, 1), and an
// answer is read at get_result_ptr()/get_result_size() before release_objects() frees it.
import { openSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { WASI } from "node:wasi";

interface AvmExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  allocate(size: number, typeTag: number): number;
  ast(ptr: number, len: number): void;
  get_result_ptr(): number;
  get_result_size(): number;
  release_objects(): void;
}

export interface AquaVmParser {
  /** null when AquaVM parses the script, its error message otherwise. */
  refusal(script: string): string | null;
}

export function loadAquaVm(): AquaVmParser {
  const wasmPath = createRequire(import.meta.url).resolve("@fluencelabs/avm/dist/avm.wasm");
  const quiet = openSync("/dev/null", "w"); // AquaVM prints parse errors to stdout as well
  const wasi = new WASI({ version: "preview1", args: [], env: { WASM_LOG: "off" }, stdout: quiet, stderr: quiet });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {
    ...wasi.getImportObject(),
    __marine_host_api_v3: { log_utf8_string: () => {} },
  });
  const exports = instance.exports as unknown as AvmExports;
  // the module exports _start too, which node:wasi's initialize() refuses: hand it memory and _initialize only
  wasi.initialize({ exports: { memory: exports.memory, _initialize: exports._initialize } });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  return {
    refusal(script) {
      const bytes = encoder.encode(script);
      const ptr = exports.allocate(bytes.length, 1) >>> 0;
      new Uint8Array(exports.memory.buffer).set(bytes, ptr);
      exports.ast(ptr, bytes.length);
      const at = exports.get_result_ptr() >>> 0;
      const answer = decoder.decode(new Uint8Array(exports.memory.buffer, at, exports.get_result_size() >>> 0));
      exports.release_objects();
      return answer.startsWith("error") ? answer : null;
    },
  };
}
