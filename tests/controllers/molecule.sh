#!/usr/bin/env bash
# make molecule: every scenario under extensions/molecule with real molecule, `molecule test --all` twice
# in a row (the second run proves a scenario can run again: prepare is not skipped, nothing is left
# over), from the collection root. Prints one `result: molecule-<scenario> PASS|FAIL SECONDS` line per
# scenario and run for the controller matrix.
#
# Which molecule: the one on PATH when there is one; otherwise molecule 26.6.0 from ../shared/vendor,
# installed in the Debian 13 root (tests/controllers/root.sh), since it needs ansible-core >= 2.15;
# otherwise it says how to get one and skips, or fails when SCMKIT_REQUIRE_MOLECULE=1 (CI).
# Needs `make build` first (bin/scmsim, .cache/collections).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v molecule >/dev/null; then
  if [ -f ../shared/vendor/molecule-26.6.0.tar.gz ] && [ "$(id -u)" = 0 ]; then
    tests/controllers/root.sh ensure trixie >&2
    exec tests/controllers/root.sh run trixie tests/controllers/molecule.sh "$@"
  fi
  echo "molecule is not installed. Install molecule >= 25.9 (it needs ansible-core >= 2.15), or run as root" \
    "with ../shared/vendor/molecule-26.6.0.tar.gz beside this checkout (see ../shared/vendor/README.md)." >&2
  if [ "${SCMKIT_REQUIRE_MOLECULE:-}" = 1 ]; then exit 1; fi
  echo "SKIP: molecule did not run"
  exit 0
fi
[ -x bin/scmsim ] && [ -e .cache/collections/ansible_collections/scmkit/sectigo ] \
  || { echo "molecule.sh: run make build first (bin/scmsim, .cache/collections)" >&2; exit 1; }

molecule --version | head -1
export ANSIBLE_NOCOLOR=1 PY_COLORS=0 ANSIBLE_FORCE_COLOR=0 NO_COLOR=1
# Both runs' whole output stays in the checkout (.cache/molecule/), for a look after a failure.
log=.cache/molecule
rm -rf "$log" && mkdir -p "$log"
scenarios=()
for d in extensions/molecule/*/molecule.yml; do scenarios+=("$(basename "$(dirname "$d")")"); done

rc=0
declare -A passes=()
for run in 1 2; do
  t0=$SECONDS
  echo "=== molecule test --all (run $run)"
  # --continue-on-failure: one failing scenario does not hide the others; --report: a recap per scenario.
  if molecule test --all --continue-on-failure --report >"$log/run$run.out" 2>&1; then run_rc=0; else run_rc=$?; rc=1; fi
  sed -n '/^SCENARIO RECAP/,$p' "$log/run$run.out"
  for s in "${scenarios[@]}"; do
    # "<scenario>: actions=N  successful=N  disabled=N  skipped=N  missing=N  failed=N": a scenario
    # passed when every action of its test sequence ran and succeeded (a skipped prepare is a failure:
    # scmsim would not be running).
    # A scenario molecule did not reach has no recap line (|| true: that is a failure, not an exit).
    recap=$(grep -E "^$s *: actions=" "$log/run$run.out" | tail -1 || true)
    if [ -n "$recap" ] && [[ "$recap" =~ actions=([0-9]+)\ +successful=([0-9]+) ]] \
       && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]; then passes[$s]=$((${passes[$s]:-0} + 1)); fi
  done
  echo "result: molecule-all-run$run $([ "$run_rc" = 0 ] && echo PASS || echo FAIL) $((SECONDS - t0))"
  # On a failure: each failed task that was not ignored, with the task line before it.
  [ "$run_rc" = 0 ] || awk '/^TASK \[/ { task = $0 }
    /^(fatal|failed): / { failure = $0; getline after; if (after !~ /ignoring/) print task "\n" failure }' \
    "$log/run$run.out" | cut -c1-2000 | tail -40
done
# One line per scenario: it passed both runs.
for s in "${scenarios[@]}"; do
  echo "result: molecule-$s $([ "${passes[$s]:-0}" = 2 ] && echo PASS || echo FAIL) $SECONDS"
done
exit "$rc"
