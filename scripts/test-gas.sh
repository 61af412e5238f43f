#!/usr/bin/env bash
# Gas suite: reruns the gas benchmarks in isolation (each measured call its own transaction) and fails if the
# figures differ from the committed snapshots/ (forge's snapshot check), then checks the ceilings.
# `npm run snapshot` (this script with --write) rewrites snapshots/ and the README's gas table instead.
# Ends with `gas: N passed, N failed, N skipped` (benchmark tests plus ceilings).
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PWD/node_modules/.bin:$PATH"

check=true
[[ "${1:-}" == "--write" ]] && check=false

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
FOUNDRY_PROFILE=gas forge test --gas-snapshot-check="$check" 2>&1 | tee "$log" || status=$?
write_flag=()
[[ $check == false ]] && write_flag=(--write)
node scripts/check-gas.mjs snapshots/protocol.json "${write_flag[@]}" | tee -a "$log" || status=1
# forge's closing line: "Ran 1 test suite in ...: 10 tests passed, 0 failed, 0 skipped (10 total tests)"
read -r p f s < <(
  { sed -nE 's/^Ran .*: ([0-9]+) tests passed, ([0-9]+) failed, ([0-9]+) skipped.*$/\1 \2 \3/p' "$log"
    sed -nE 's/^gas ceilings: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/p' "$log"; } |
    awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}'
)
if [[ $status -ne 0 && $f -eq 0 ]]; then f=1; fi
echo "gas: $p passed, $f failed, $s skipped"
exit $status
