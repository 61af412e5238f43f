#!/usr/bin/env bash
# Foundry suite. Extra arguments go to `forge test` (e.g. --match-test). Ends with
# `forge: N passed, N failed, N skipped`; exits non-zero on a compile error or any failing test.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PWD/node_modules/.bin:$PATH"
if [[ "${CI:-}" == "true" ]]; then
  export FOUNDRY_PROFILE="${FOUNDRY_PROFILE:-ci}"
fi
# Gas snapshots (snapshots/*.json) are written by `npm run snapshot`, which uses --isolate; a plain run would
# overwrite them with different (non-isolated) figures.
export FOUNDRY_GAS_SNAPSHOT_EMIT="${FOUNDRY_GAS_SNAPSHOT_EMIT:-false}"

# forge 1.7.1: a bare `forge lint` writes ABI-only artifacts into out/ that later builds take as up to date,
# so their tests silently do not run (`npm run lint` uses its own out/cache). Start clean if any are present.
abi_only="$(grep -rL --include='*.json' --exclude-dir=build-info --exclude-dir=lint '"bytecode"' out 2>/dev/null || true)"
if [[ -n "$abi_only" ]]; then
  echo "out/ holds ABI-only artifacts (left by forge lint): rebuilding from scratch"
  forge clean
fi

# Compile first so compiler errors and warnings appear in forge's usual form.
if ! forge build; then
  echo "forge: compilation failed (counted as one failure)"
  echo "forge: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

# One test run, as JSON (forge's own report would need a second run); forge-summary.mjs renders it.
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0
forge test --json "$@" >"$results" || status=$?
node scripts/forge-summary.mjs "$results" "$status"
