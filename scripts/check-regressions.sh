#!/usr/bin/env bash
# Shows that the regression tests catch the faults they are for: runs test/regression/ against the contracts of an
# earlier revision (default d7aa968, the one the review found the faults in), where every test must fail, then
# against the working tree, where every test must pass. The tests use only interfaces the old revision has; the
# test tokens, hooks and bases they need (HostileToken, Reenterer, HookedDealBase) are copied along.
# Prints one line per test and run, then `regressions: N caught, N missed` and exits 1 on any miss.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PWD/node_modules/.bin:$PATH"
export FOUNDRY_GAS_SNAPSHOT_EMIT=false
rev="${1:-d7aa968}"

old="$(mktemp -d)"
cleanup() { git worktree remove --force "$old" >/dev/null 2>&1 || rm -rf "$old"; }
trap cleanup EXIT
git worktree add --quiet --detach "$old" "$rev"
cp -r test/regression "$old/test/"
cp test/utils/HostileToken.sol test/utils/Reenterer.sol "$old/test/utils/"
cp test/deal/HookedDealBase.sol "$old/test/deal/"
ln -s "$PWD/node_modules" "$old/node_modules"

# `<name> <PASS|FAIL>` for every test of test/regression/ in the tree $1
outcomes() {
  (cd "$1" && forge test --match-path 'test/regression/*' --json 2>/dev/null || true) |
    node -e '
      let text = ""; process.stdin.on("data", (d) => (text += d)).on("end", () => {
        const suites = JSON.parse(text.slice(text.indexOf("{")));
        for (const [suite, s] of Object.entries(suites))
          for (const [test, r] of Object.entries(s.test_results))
            console.log(`${suite.split(":").pop()}.${test.split("(")[0]} ${r.status === "Success" ? "PASS" : "FAIL"}`);
      });'
}

caught=0 missed=0
while read -r name status; do
  if [[ $status == FAIL ]]; then caught=$((caught + 1)); echo "ok   $rev fails   $name"; else
    missed=$((missed + 1)); echo "MISS $rev passes  $name"; fi
done < <(outcomes "$old")
while read -r name status; do
  if [[ $status == PASS ]]; then echo "ok   now passes  $name"; else
    missed=$((missed + 1)); echo "MISS now fails   $name"; fi
done < <(outcomes "$PWD")
echo "regressions: $caught caught, $missed missed"
[[ $caught -gt 0 && $missed -eq 0 ]]
