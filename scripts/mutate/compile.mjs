// Compiles the protocol's contracts of one source file with solc-js (the legacy pipeline: several times faster than
// via-IR, and a mutant's behaviour, not its gas, is what the tests judge) and writes forge-style artifacts
// (abi, bytecode, deployedBytecode) where the tests' Deployer reads them: <out>/<Name>.sol/<Name>.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const solc = require("solc");

/** The remappings of remappings.txt, as [prefix, target] pairs. */
function remappings(root) {
  return readFileSync(join(root, "remappings.txt"), "utf8")
    .split("\n")
    .filter((l) => l.includes("="))
    .map((l) => l.trim().split("="));
}

/**
 * Compiles `entry` (relative to `root`) with `file`'s text replaced by `source` (the mutant; `file` is `entry` or one
 * of its imports) and writes the artifacts of the contracts named in `names`: `{ ok: true }`, or `{ ok: false, error
 * }` when solc refuses the source (a stillborn mutant).
 */
export function compileInto(root, entry, file, source, names, out) {
  const maps = remappings(root);
  const resolveImport = (path) => {
    for (const [prefix, target] of maps)
      if (path.startsWith(prefix)) return join(root, target + path.slice(prefix.length));
    return resolve(root, path);
  };
  const input = {
    language: "Solidity",
    sources: { [entry]: { content: entry === file ? source : readFileSync(join(root, entry), "utf8") } },
    settings: {
      evmVersion: "prague",
      optimizer: { enabled: true, runs: 200 },
      remappings: maps.map(([p, t]) => `${p}=${t}`),
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
    },
  };
  const findImports = (path) => {
    if (path === file) return { contents: source };
    try {
      return { contents: readFileSync(resolveImport(path), "utf8") };
    } catch {
      return { error: `file not found: ${path}` };
    }
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) return { ok: false, error: errors.map((e) => e.formattedMessage).join("\n") };
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [name, c] of Object.entries(contracts)) {
      if (!names.includes(name)) continue;
      const dir = join(out, `${basename(sourceName)}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `${name}.json`),
        JSON.stringify({
          abi: c.abi,
          bytecode: { object: `0x${c.evm.bytecode.object}`, linkReferences: {} },
          deployedBytecode: { object: `0x${c.evm.deployedBytecode.object}`, linkReferences: {} },
        }),
      );
    }
  }
  return { ok: true };
}
