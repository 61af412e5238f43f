#!/usr/bin/env node
// solc-js as forge's compiler: forge cannot download a native solc here. It asks for `--version`, then sends
// standard JSON on stdin.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const solc = require("solc");

if (process.argv.includes("--version")) {
  const version = solc.version().replace(".Emscripten.clang", "");
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${version}.Linux.g++\n`);
  process.exit(0);
}

const root = process.cwd();
function findImports(importPath) {
  const resolved = path.resolve(root, importPath);
  if (!resolved.startsWith(root + path.sep)) return { error: `import outside the project: ${importPath}` };
  try {
    return { contents: fs.readFileSync(resolved, "utf8") };
  } catch {
    return { error: `file not found: ${importPath}` };
  }
}

const input = fs.readFileSync(0, "utf8");
process.stdout.write(solc.compile(input, { import: findImports }));
