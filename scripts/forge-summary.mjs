#!/usr/bin/env node
// Renders `forge test --json` output (file argument) as a readable report and ends with
// `forge: N passed, N failed, N skipped`. One line per test contract; failing tests are listed with their reason and
// counterexample, and every test with FORGE_SUMMARY_VERBOSE=1. Exits 1 if any test failed or forge's exit status
// (second argument) was non-zero. Every test function counts once, fuzz and invariant tests included; a failing setUp() counts as
// one failed test, as forge reports it.
import { readFileSync } from "node:fs";

const [file, forgeStatus = "0"] = process.argv.slice(2);
const raw = readFileSync(file, "utf8").trim();
let suites = {};
try {
  suites = JSON.parse(raw.slice(raw.indexOf("{")));
} catch {
  // Not JSON: forge printed a message instead (e.g. "No tests found in project!").
  if (raw) console.log(raw);
}

function describeKind(kind) {
  if (kind?.Unit) return `gas: ${kind.Unit.gas}`;
  if (kind?.Fuzz) return `runs: ${kind.Fuzz.runs}, μ: ${kind.Fuzz.mean_gas}, ~: ${kind.Fuzz.median_gas}`;
  if (kind?.Invariant) {
    const { runs, calls, reverts } = kind.Invariant;
    return `runs: ${runs}, calls: ${calls}, reverts: ${reverts}`;
  }
  return JSON.stringify(kind ?? {});
}

function describeCall(call) {
  const target = call.contract_name ? `[${call.contract_name}]${call.addr}` : call.addr;
  const fn = call.signature ?? call.calldata;
  const extras = [call.warp && `warp=${call.warp}`, call.roll && `roll=${call.roll}`].filter(Boolean).join(" ");
  return `sender=${call.sender} addr=${target} calldata=${fn} args=[${call.args ?? ""}]${extras ? " " + extras : ""}`;
}

function describeCounterexample(cx) {
  if (!cx) return [];
  if (cx.Single) return [`counterexample: calldata=${cx.Single.calldata} args=[${cx.Single.args}]`];
  if (cx.Sequence) {
    const [original, calls] = cx.Sequence;
    const header = `call sequence (original: ${original}, shrunk: ${calls.length}):`;
    return [header, ...calls.map((c) => "  " + describeCall(c))];
  }
  return [`counterexample: ${JSON.stringify(cx)}`];
}

const verbose = process.env.FORGE_SUMMARY_VERBOSE === "1";
const label = { Success: "PASS", Failure: "FAIL", Skipped: "SKIP" };
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

for (const [suite, result] of Object.entries(suites).sort(([a], [b]) => a.localeCompare(b))) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const tests = Object.entries(result.test_results ?? {}).sort(([a], [b]) => a.localeCompare(b));
  for (const [name, t] of tests) {
    const tag = label[t.status] ?? t.status;
    const reason = t.reason ? `: ${t.reason}` : "";
    if (verbose || t.status === "Failure") {
      console.log(`  [${tag}${t.status === "Failure" ? reason : ""}] ${name} (${describeKind(t.kind)})`);
    }
    if (t.status === "Success") counts.passed++;
    else if (t.status === "Skipped") counts.skipped++;
    else {
      counts.failed++;
      failures.push({ suite, name, t });
    }
  }
  for (const w of result.warnings ?? []) console.log(`  warning: ${w}`);
  const ok = counts.failed === 0 ? "ok    " : "FAILED";
  const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
  console.log(
    `${ok} ${String(counts.passed).padStart(3)} passed${counts.failed ? `, ${counts.failed} failed` : ""}${skipped}  ${suite}`,
  );
  for (const k of Object.keys(totals)) totals[k] += counts[k];
}

if (failures.length > 0) {
  console.log(`\nFailing tests (${failures.length}):`);
  for (const { suite, name, t } of failures) {
    console.log(`\n✗ ${suite}::${name}`);
    console.log(`  reason: ${t.reason ?? "(none given)"}`);
    for (const line of describeCounterexample(t.counterexample)) console.log(`  ${line}`);
    if (t.decoded_logs?.length) console.log(`  logs:\n${t.decoded_logs.map((l) => "    " + l).join("\n")}`);
  }
  console.log("\nRerun one with traces: forge test --match-test '<name>' -vvvv");
}

const total = totals.passed + totals.failed + totals.skipped;
if (total === 0) console.log("\nwarning: forge ran no tests");
if (forgeStatus !== "0" && totals.failed === 0) {
  // forge failed without reporting a failing test (e.g. a crash): never report success.
  console.log(`forge test exited with status ${forgeStatus} without a failing test; counting it as one failure`);
  totals.failed = 1;
}
console.log(`forge: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
