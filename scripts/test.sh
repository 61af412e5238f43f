#!/usr/bin/env bash
# Runs every test suite and ends with `N passed, N failed, N skipped` summed over all of them.
# Each suite command must print a line `<name>: N passed, N failed, N skipped` (the last such line is used);
# a suite that exits non-zero or prints no such line counts as (at least) one failure.
# TypeScript suites use a vitest reporter that prints that line (e.g. sdk/test/support/summary-reporter.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

SUITES=(
  "bash scripts/test-contracts.sh"
  "bash scripts/test-gas.sh"
  "npm run test --silent --workspace sdk"
  "npm run test --silent --workspace indexer"
  "npm run test --silent --workspace air"
  "npm run test --silent --workspace runtime"
)
# The indexer's tests run once more against PostgreSQL when one is configured (.ci/run sets it up).
if [[ -n "${CLOUDLESS_TEST_DATABASE_URL:-}" ]]; then
  SUITES+=("DATABASE_URL='$CLOUDLESS_TEST_DATABASE_URL' npm run test --silent --workspace indexer")
fi

# No suite may hang the run: each gets SUITE_TIMEOUT seconds (default 25 minutes; a normal run takes a few), then
# it and everything it started are stopped and it counts as a failure. The process tree is printed just before,
# to show what it was waiting for.
SUITE_TIMEOUT="${SUITE_TIMEOUT:-1500}"

summary='^[A-Za-z0-9_ -]+: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$'
passed=0 failed=0 skipped=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

for suite in "${SUITES[@]}"; do
  echo "=== $(date -u +%H:%M:%S) $suite"
  status=0
  { sleep $((SUITE_TIMEOUT - 2)) </dev/null >/dev/null 2>&1 && echo "!!! still running after $((SUITE_TIMEOUT - 2)) s:" &&
    ps -eo pid,etime,args --forest | cut -c1-200 | tail -n 60; } &
  watcher=$!
  timeout --kill-after=30 "$SUITE_TIMEOUT" bash -c "$suite" 2>&1 | tee "$log" || status=$?
  pkill -P "$watcher" 2>/dev/null || true
  kill "$watcher" 2>/dev/null || true
  wait "$watcher" 2>/dev/null || true
  if [[ $status -eq 124 || $status -eq 137 ]]; then
    echo "!!! $suite did not finish within $SUITE_TIMEOUT s: stopped"
  fi
  counts="$(sed -nE "s/$summary/\1 \2 \3/p" "$log" | tail -n 1)"
  if [[ -z "$counts" ]]; then
    echo "!!! $suite printed no summary line: counted as one failure"
    counts="0 1 0"
  fi
  read -r p f s <<<"$counts"
  if [[ $status -ne 0 && $f -eq 0 ]]; then
    echo "!!! $suite exited with status $status: counted as one failure"
    f=1
  fi
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done

echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
