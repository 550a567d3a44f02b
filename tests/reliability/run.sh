#!/usr/bin/env bash
# The reliability checks `make test` runs, each printing its figures:
#   the short soak (3 runs under mixed faults, 3 with drop-after-commit alone, and the summary of both),
#   20 concurrent forks on one ACME account, a hung SCM, and the bad-input table.
#   tests/reliability/run.sh [--short]      (--short: the soak's short variant; `make soak` runs the long one)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit
failed=()
step() { # step NAME COMMAND...
  echo "=== reliability: $1"
  "${@:2}" || failed+=("$1")
}
step "soak" tests/reliability/soak.sh "$@"
step "concurrency" tests/reliability/concurrency.sh
step "timeout" tests/reliability/timeout.sh
badinput() {
  local out
  out=$(go test -count=1 -run 'TestBadInput|TestTLSVerification' -v ./internal/modules/badinput 2>&1) \
    || { grep -E -- '--- FAIL|Error' <<<"$out" | head -40; return 1; }
  grep -o 'bad input: .*' <<<"$out"
}
step "bad input" badinput
if [ ${#failed[@]} -gt 0 ]; then echo "reliability: FAILED: ${failed[*]}"; exit 1; fi
echo "reliability: all checks passed"
