#!/usr/bin/env node
// `npm run mutate`: mutation testing of the contracts that hold the money. Each mutant is one small change to one
// line of Capacity, Deal, DealFactory or Market (scripts/mutate/mutants.mjs); the suites must notice it. A mutant is
// compiled alone (solc-js, a second or two) into the artifacts the tests deploy, in a copy of the working tree whose
// sources never change, so that forge runs the tests without recompiling them: the contract's own unit tests and the
// regression tests first, then every other unit test, then the invariant suites at low runs, stopping at the first
// failure (the mutant is killed). Mutants solc refuses are stillborn and not counted; mutants docs/mutation.md lists
// as equivalent (no test can tell them from the original) are left out of the score.
//
//   npm run mutate [-- --jobs 2] [--only Deal.sol] [--limit N]
//
// Prints one line per mutant, the survivors with their diffs, then
// `BENCH mutants_killed <percent> % ref=90 ratio=<percent/90>`.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compileInto } from "./compile.mjs";
import { mutantsOf } from "./mutants.mjs";

const root = join(dirname(new URL(import.meta.url).pathname), "..", "..");

/** What is mutated, what to compile for it, the artifacts that change, and the unit tests that cover it first. */
const TARGETS = [
  {
    file: "contracts/capacity/Capacity.sol",
    entry: "contracts/capacity/Capacity.sol",
    names: ["Capacity", "CapacityViews"],
    tests: "test/capacity",
  },
  {
    file: "contracts/capacity/CapacityState.sol",
    entry: "contracts/capacity/Capacity.sol",
    names: ["Capacity", "CapacityViews"],
    tests: "test/capacity",
  },
  { file: "contracts/deal/Deal.sol", entry: "contracts/deal/Deal.sol", names: ["Deal"], tests: "test/deal" },
  {
    file: "contracts/deal/DealFactory.sol",
    entry: "contracts/deal/DealFactory.sol",
    names: ["DealFactory"],
    tests: "test/deal",
  },
  {
    file: "contracts/market/Market.sol",
    entry: "contracts/market/Market.sol",
    names: ["Market"],
    tests: "test/market",
  },
];

function args() {
  const argv = process.argv.slice(2);
  const value = (flag, fallback) => {
    const i = argv.indexOf(flag);
    return i < 0 ? fallback : argv[i + 1];
  };
  return { jobs: Number(value("--jobs", "2")), only: value("--only", undefined), limit: Number(value("--limit", "0")) };
}

/** The mutants docs/mutation.md lists as equivalent: rows `| file | line | mutated line | why |` between markers. */
function equivalents() {
  const doc = readFileSync(join(root, "docs", "mutation.md"), "utf8");
  const table = doc.split("<!-- equivalent mutants -->")[1]?.split("<!-- end -->")[0] ?? "";
  return new Set(
    table
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => {
        const [, file, , after] = l.split("|").map((c) => c.trim().replace(/^`|`$/g, ""));
        return `${file}|${after}`;
      }),
  );
}

/** A copy of the working tree (tracked and untracked, not ignored files), built once, for a worker to mutate. */
function workspace(index) {
  const dir = mkdtempSync(join(tmpdir(), `cloudless-mutate-${index}-`));
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    try {
      copyFileSync(join(root, f), join(dir, f));
    } catch {
      // deleted in the working tree but still tracked
    }
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

const env = (extra = {}) => ({
  ...process.env,
  PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH}`,
  FOUNDRY_GAS_SNAPSHOT_EMIT: "false",
  FOUNDRY_PROFILE: "default",
  ...extra,
});

function run(cmd, argv, cwd, extra) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, argv, { cwd, env: env(extra), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolveRun({ code, output }));
  });
}

/** The test stages a mutant of `target` goes through, cheapest first; the first failing one kills it. */
function stages(target) {
  const invariants = { FOUNDRY_INVARIANT_RUNS: "12", FOUNDRY_INVARIANT_DEPTH: "25", FOUNDRY_FUZZ_RUNS: "64" };
  return [
    {
      argv: ["test", "--fail-fast", "--match-path", `{${target.tests}/*,test/regression/*}`],
      extra: { FOUNDRY_FUZZ_RUNS: "64" },
    },
    {
      argv: [
        "test",
        "--fail-fast",
        "--no-match-path",
        `{${target.tests}/*,test/regression/*,test/invariant/*,test/gas/*}`,
      ],
      extra: { FOUNDRY_FUZZ_RUNS: "64" },
    },
    { argv: ["test", "--fail-fast", "--match-path", "test/invariant/*"], extra: invariants },
  ];
}

async function testMutant(dir, target, mutant) {
  const out = join(dir, "out");
  const saved = join(dir, "baseline");
  const compiled = compileInto(dir, target.entry, target.file, mutant.source, target.names, out);
  if (!compiled.ok) return "stillborn";
  try {
    for (const stage of stages(target)) {
      const { code, output } = await run("forge", stage.argv, dir, stage.extra);
      if (/Compiler run|Compiling \d+ files/.test(output))
        throw new Error(`forge recompiled in ${dir}: the copy changed`);
      if (code !== 0) return "killed";
    }
    return "survived";
  } finally {
    for (const name of target.names) cpSync(join(saved, `${name}.sol`), join(out, `${name}.sol`), { recursive: true });
  }
}

async function prepare(index) {
  const dir = workspace(index);
  const { code, output } = await run("forge", ["build"], dir);
  if (code !== 0) throw new Error(`the baseline build failed in ${dir}:\n${output}`);
  // the artifacts every mutant is compiled over, kept to restore after each one
  for (const t of TARGETS)
    for (const name of t.names)
      cpSync(join(dir, "out", `${name}.sol`), join(dir, "baseline", `${name}.sol`), { recursive: true });
  // the tests pass on the original: otherwise every mutant would look killed
  for (const stage of stages(TARGETS[0])) {
    const r = await run("forge", stage.argv, dir, stage.extra);
    if (r.code !== 0) throw new Error(`the tests fail without any mutant:\n${r.output.slice(-3000)}`);
  }
  return dir;
}

async function main() {
  const { jobs, only, limit } = args();
  const equivalent = equivalents();
  let queue = TARGETS.filter((t) => !only || t.file.endsWith(only)).flatMap((target) =>
    mutantsOf(readFileSync(join(root, target.file), "utf8")).map((mutant) => ({ target, mutant })),
  );
  if (limit) queue = queue.slice(0, limit);
  console.log(`${queue.length} mutants; preparing ${jobs} workspace(s) (a full build each)`);
  const dirs = await Promise.all(Array.from({ length: jobs }, (_, i) => prepare(i)));
  const results = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    dirs.map(async (dir) => {
      while (next < queue.length) {
        const { target, mutant } = queue[next++];
        const outcome = await testMutant(dir, target, mutant);
        const key = `${target.file}|${mutant.after}`;
        const counted = outcome === "survived" && equivalent.has(key) ? "equivalent" : outcome;
        results.push({ target, mutant, outcome: counted });
        const where = `${target.file.split("/").pop()}:${mutant.line}`;
        console.log(`${counted.padEnd(10)} ${where.padEnd(22)} ${mutant.operator.padEnd(11)} ${mutant.after}`);
      }
    }),
  );
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

  const count = (o) => results.filter((r) => r.outcome === o).length;
  const killed = count("killed");
  const survived = results.filter((r) => r.outcome === "survived");
  const scored = killed + survived.length;
  console.log(
    `\n${results.length} mutants in ${Math.round((Date.now() - started) / 1000)} s: ${killed} killed, ${survived.length} survived, ` +
      `${count("equivalent")} equivalent (docs/mutation.md), ${count("stillborn")} stillborn (do not compile)`,
  );
  for (const r of survived) {
    console.log(
      `survivor ${r.target.file}:${r.mutant.line} (${r.mutant.operator})\n  - ${r.mutant.before}\n  + ${r.mutant.after}`,
    );
  }
  const percent = scored ? (100 * killed) / scored : 100;
  console.log(`BENCH mutants_killed ${percent.toFixed(1)} % ref=90 ratio=${(percent / 90).toFixed(3)}`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
