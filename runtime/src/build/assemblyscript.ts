// The AssemblyScript build step: a developer writes typed functions in AssemblyScript and a JSON manifest of them;
// this generates the glue to Marine's ABI, compiles everything with the AssemblyScript compiler (in memory,
// offline) and embeds the interface-types section, giving a module this runtime (or Marine) runs.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RuntimeError } from "../errors.ts";
import { interfacesFromManifest, type Manifest } from "../it/manifest.ts";
import { embedInterfaces } from "../wasm/embed.ts";
import { HOST_API_RECORDS } from "../host/records.ts";
import { generateGlue } from "./glue.ts";

const SDK = join(dirname(fileURLToPath(import.meta.url)), "../../assembly/marine.ts");

export interface AssemblyScriptBuild {
  /** The file exporting the module's typed functions; other .ts files beside it may be imported by it. */
  readonly source: string;
  readonly manifest: Manifest;
  /** Optimize with binaryen (-O3); default true. */
  readonly optimize?: boolean;
  /** Keep function names and debug information. */
  readonly debug?: boolean;
}

export interface BuiltModule {
  readonly wasm: Uint8Array;
  /** The generated glue, for reading what was compiled. */
  readonly glue: { readonly generated: string; readonly entry: string };
}

export async function buildAssemblyScript(build: AssemblyScriptBuild): Promise<BuiltModule> {
  const directory = dirname(build.source);
  const implementation = basename(build.source, ".ts");
  // the host API's records (call parameters, effector results) are part of every module built here
  const own = new Set((build.manifest.records ?? []).map((r) => r.name));
  const manifest: Manifest = {
    ...build.manifest,
    records: [...HOST_API_RECORDS.filter((r) => !own.has(r.name)), ...(build.manifest.records ?? [])],
  };
  interfacesFromManifest(manifest); // a bad manifest fails here with its own message
  const glue = generateGlue(manifest, `./${implementation}`);
  const sources: Record<string, string> = {};
  for (const file of readdirSync(directory)) {
    if (file.endsWith(".ts")) sources[file] = readFileSync(join(directory, file), "utf8");
  }
  Object.assign(sources, {
    "__marine_entry.ts": glue.entry,
    "marine.generated.ts": glue.generated,
    "marine.ts": readFileSync(SDK, "utf8"),
  });
  const asc = (await import("assemblyscript/asc")).default;
  const outputs = new Map<string, Uint8Array | string>();
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main(
    [
      "__marine_entry.ts",
      "--outFile",
      "module.wasm",
      "--runtime",
      "incremental",
      // a failed assert or an uncaught throw calls env.abort, which the runtime provides (src/host/abort.ts)
      "--exportStart",
      "_initialize",
      "--noColors",
      ...((build.optimize ?? true) ? ["-O3"] : []),
      ...(build.debug ? ["--debug"] : []),
    ],
    {
      stdout: asc.createMemoryStream(),
      stderr,
      // the glue and the SDK exist only in memory; the developer's files are read from their directory
      readFile: (name) => sources[name.replace(/^\.\//, "")] ?? null,
      writeFile: (name, contents) => void outputs.set(name, contents),
      listFiles: () => Object.keys(sources),
    },
  );
  const binary = outputs.get("module.wasm");
  if (error || !(binary instanceof Uint8Array)) {
    throw new RuntimeError("INVALID_MODULE", `AssemblyScript did not compile ${build.source}`, {
      details: stderr.toString().trim() || String(error),
      cause: error,
    });
  }
  return { wasm: embedInterfaces(binary, interfacesFromManifest(manifest)), glue };
}
