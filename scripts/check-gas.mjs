#!/usr/bin/env node
// Checks snapshots/protocol.json (execution gas) against the ceilings the protocol promises, and that the gas
// table in README.md quotes the same figures. Prints one line per check and ends with
// `gas ceilings: N passed, N failed, 0 skipped`; exits 1 on any miss.
import { readFileSync, writeFileSync } from "node:fs";

const CEILINGS = {
  registerOffer_1peer_1cu: 150_000,
  registerOffer_10peers_50cus: 1_600_000,
  createCommitment: 120_000,
  depositCollateral_5cus: 120_000,
  submitProof_1: 60_000,
  submitProofs_20: 350_000,
  withdrawRewards: 80_000,
  finishCommitment: 80_000,
  createDeal: 250_000,
  matchDeal_1cu: 120_000,
  matchDeal_5cus: 400_000,
  setWorker: 60_000,
  deal_deposit: 50_000,
  deal_withdraw: 50_000,
  claimPay: 60_000,
  returnUnit: 80_000,
};

const file = process.argv[2] ?? "snapshots/protocol.json";
const measured = JSON.parse(readFileSync(file, "utf8"));
let passed = 0;
let failed = 0;
for (const [name, ceiling] of Object.entries(CEILINGS)) {
  const value = measured[name] === undefined ? undefined : Number(measured[name]);
  const ok = value !== undefined && value <= ceiling;
  ok ? passed++ : failed++;
  const shown = value === undefined ? "missing" : value.toLocaleString("en-US");
  console.log(`${ok ? "ok  " : "FAIL"} ${name.padEnd(28)} ${shown.padStart(10)} <= ${ceiling.toLocaleString("en-US")}`);
}
// README rows look like "| `name`...| 140,104 | ceiling | 169,804 | ..." (execution gas, then transaction gas).
// With --write (npm run snapshot) the two figures of every row are rewritten from the snapshots first.
if (process.argv.includes("--write")) rewriteReadme(measured, JSON.parse(readFileSync(txFile(file), "utf8")));
const readme = readFileSync("README.md", "utf8");
const failedBefore = failed;
for (const [name, value] of Object.entries(measured)) {
  const row = readme.split("\n").find((line) => line.startsWith(`| \`${name}\``));
  const quoted = row?.split("|")[2]?.trim().replaceAll(",", "");
  const ok = quoted === String(value);
  ok ? passed++ : failed++;
  if (!ok) console.log(`FAIL README.md quotes ${name} as ${quoted ?? "nothing"}, snapshots/protocol.json has ${value}`);
}
if (failed === failedBefore) console.log("ok   README.md gas table matches snapshots/protocol.json");

console.log(`gas ceilings: ${passed} passed, ${failed} failed, 0 skipped`);
process.exit(failed === 0 ? 0 : 1);

function txFile(executionFile) {
  return executionFile.replace(/\.json$/, "-tx.json");
}

function rewriteReadme(execution, transaction) {
  const format = (value) => Number(value).toLocaleString("en-US");
  const lines = readFileSync("README.md", "utf8").split("\n");
  const rewritten = lines.map((line) => {
    const name = /^\| `([A-Za-z0-9_]+)`/.exec(line)?.[1];
    if (name === undefined || execution[name] === undefined) return line;
    const cells = line.split("|");
    cells[2] = ` ${format(execution[name])} `;
    if (transaction[name] !== undefined) cells[4] = ` ${format(transaction[name])} `;
    return cells.join("|");
  });
  writeFileSync("README.md", rewritten.join("\n"));
}
