// `npm run build:examples --workspace runtime`: builds the example modules.
// - examples/storage-service: the storage module and the facade, from AssemblyScript (storage.wasm, facade.wasm
//   beside service.toml; not committed, the tests build them in memory);
// - examples/c-greeter: greeter.wasm from C with Debian's clang and wasi-libc (committed, so the tests run it where
//   clang is missing), its interface-types section made from manifest.json.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildAssemblyScript } from "../src/build/assemblyscript.ts";
import { embedInterfaces, interfacesFromManifest, type Manifest } from "../src/index.ts";

const examples = join(dirname(fileURLToPath(import.meta.url)), "../examples");
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;

/** Compiles the C example with clang for wasm32-wasi (a reactor: no main, _initialize runs once). */
export function buildC(source: string, manifest: Manifest): Uint8Array {
  const out = join(mkdtempSync(join(tmpdir(), "runtime-c-")), "module.wasm");
  execFileSync("clang", [
    "--target=wasm32-wasi",
    "--sysroot=/usr",
    "-O2",
    "-mexec-model=reactor",
    "-Wl,--strip-all",
    "-o",
    out,
    source,
  ]);
  return embedInterfaces(new Uint8Array(readFileSync(out)), interfacesFromManifest(manifest));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const service = join(examples, "storage-service");
  for (const name of ["storage", "facade"]) {
    const { wasm } = await buildAssemblyScript({
      source: join(service, name, `${name}.ts`),
      manifest: manifestOf(join(service, name)),
    });
    writeFileSync(join(service, `${name}.wasm`), wasm);
    console.log(`built ${name}.wasm (${wasm.length} bytes)`);
  }
  const greeter = join(examples, "c-greeter");
  const wasm = buildC(join(greeter, "greeter.c"), manifestOf(greeter));
  writeFileSync(join(greeter, "greeter.wasm"), wasm);
  console.log(`built greeter.wasm (${wasm.length} bytes)`);
}
