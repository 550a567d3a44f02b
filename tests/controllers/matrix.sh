#!/usr/bin/env bash
# make matrix: the collection on every controller users run, one table at the end.
#   tests/controllers/matrix.sh [CONTROLLER ...]
# Controllers (default: SCMKIT_MATRIX, or "host trixie testing"):
#   host      this machine's ansible-core (Debian 12: 2.14)
#   trixie    a Debian 13 root: ansible-core 2.19, Python 3.13 (tests/controllers/root.sh)
#   testing   a Debian testing root: ansible-core 2.22 beta, Python 3.14
#   src:PATH  an ansible-core source tree (a git checkout or an sdist: PATH/bin and PATH/lib) run on
#             this machine's Python, for example AAP's 2.16; SCMKIT_MATRIX_SOURCES adds these to the
#             default list.
# On each controller: the secret scan (tests/security/secret_scan.sh), which runs ansible-doc, every
# integration target, every module with an explicit password and the demo twice (the second run
# changed=0), and then scans all of it for secrets (on the host controller only, the suite and the demo
# once more with the modules logging in by API key: SECRET_SCAN_OAUTH2=1, rows oauth2:*); where the
# controller has them, molecule (every
# scenario, twice), ansible-lint with the production profile, ansible-test sanity, the release checks
# (tools/release-check.sh) and, in the Debian 13 root, the demo through ansible-runner. The collection
# is built once, on this machine, and every controller runs that build.
# Prints a check × controller table and fails on any failure, or on a required check that did not run.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

controllers=("$@")
if [ ${#controllers[@]} -eq 0 ]; then
  read -r -a controllers <<<"${SCMKIT_MATRIX:-host trixie testing}"
  for s in ${SCMKIT_MATRIX_SOURCES:-}; do controllers+=("src:$s"); done
fi

out=${SCMKIT_MATRIX_OUT:-$root/.cache/matrix}
rm -rf "$out" && mkdir -p "$out"
t_start=$SECONDS

# ── Build once ───────────────────────────────────────────────────────────────────────────────────────
if [ "${SCMKIT_MATRIX_NOBUILD:-}" != 1 ]; then
  t=$SECONDS
  if ! { make --no-print-directory collection && make --no-print-directory build; } >"$out/build.log" 2>&1; then
    tail -30 "$out/build.log"
    exit 1
  fi
  echo "matrix: built the collection for every platform in $((SECONDS - t)) s"
fi

# ── Where each controller runs a command ─────────────────────────────────────────────────────────────
in_controller() { # in_controller CONTROLLER CMD...
  local c=$1 src
  shift
  case "$c" in
    host) "$@" ;;
    # A source tree runs on this machine's Python, which is also the target's: interpreter discovery
    # would take whatever python3.X it finds first on PATH.
    src:*) src=${c#src:}; PATH="$src/bin:$PATH" PYTHONPATH="$src/lib${PYTHONPATH:+:$PYTHONPATH}" \
             ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 "$@" ;;
    *) tests/controllers/root.sh run "$c" "$@" ;;
  esac
}

describe() { # one line: the controller's ansible-core and Python
  in_controller "$1" ansible --version 2>/dev/null | awk '
    NR == 1 { sub(/^ansible \[core /, ""); sub(/\]$/, ""); core = $0 }
    /python version/ { sub(/.*python version = /, ""); py = $1 }
    END { printf "ansible-core %s, Python %s", core, py }'
}

has() { in_controller "$1" sh -c "command -v $2" >/dev/null 2>&1; }

# ansible-lint's production profile needs a current ansible-lint (Debian 13 has 25.x).
lint_major() { { in_controller "$1" ansible-lint --version 2>/dev/null || true; } | sed -n 's/^ansible-lint \([0-9]*\)\..*/\1/p' | head -1; }

# ── Checks ───────────────────────────────────────────────────────────────────────────────────────────
export SCMKIT_PREBUILT=1 SCMKIT_REQUIRE_ANSIBLE=1 SCMKIT_REQUIRE_BIND=1 SCMKIT_REQUIRE_CERTBOT=1

# The secret scan: ansible-doc, every integration target, explicit passwords, the demo twice, the scan.
run_scan() {
  local c=$1 dir="$out/$1"
  local scan=(tests/security/secret_scan.sh)
  # The API-key pass (SCMKIT_AUTH=oauth2) once per matrix, on the host: what it adds does not depend on the
  # controller's ansible-core, and it costs about three minutes.
  [ "$c" = host ] && scan=(env SECRET_SCAN_OAUTH2=1 "${scan[@]}")
  echo "matrix: $c: $(describe "$c")" | tee "$dir/describe"
  in_controller "$c" "${scan[@]}" >"$dir/scan.log" 2>&1 || true
  grep -E '^(integration|explicit password|secret scan|demo( \(oauth2\))?: first run)' "$dir/scan.log" \
    | sed "s|^|matrix: $c: |" || true
}

# The release checks on the built tarball (tools/release-check.sh): contents, size, an install into an
# empty path that resolves galaxy.yml's dependency ranges against this controller's own community.crypto
# and community.general (Debian's ansible bundle: the oldest and newest versions the ranges claim), and
# ansible-doc -l. A source controller has no bundled collections, so it is not asked.
run_release_check() {
  local c=$1 t=$SECONDS tarballs=(dist/scmkit-sectigo-*.tar.gz)
  if in_controller "$c" tools/release-check.sh "${tarballs[0]}"; then
    echo "result: release-check PASS $((SECONDS - t))"
  else
    echo "result: release-check FAIL $((SECONDS - t))"
  fi
}

# The release check, ansible-runner (the Debian 13 root), molecule, ansible-lint and sanity, where the
# controller has them.
run_tools() {
  local c=$1 dir="$out/$1" major
  case "$c" in src:*) ;; *) run_release_check "$c" >"$dir/release.log" 2>&1 || true ;; esac
  # The demo through ansible-runner, AWX's engine, with a private data directory, and the secret scan
  # over its job events: Debian 13 ships ansible-runner 2.4 (tests/controllers/runner.sh; about 30 s).
  if [ "$c" = trixie ]; then
    in_controller "$c" tests/controllers/runner.sh >"$dir/runner.log" 2>&1 || true
  fi
  # molecule 26 needs ansible-core >= 2.15; it runs (twice over) in the Debian 13 root, where the
  # vendored release is installed, or on a source controller that has its own.
  if [ "$c" = trixie ] || { [ "${c#src:}" != "$c" ] && has "$c" molecule; }; then
    in_controller "$c" tests/controllers/molecule.sh >"$dir/molecule.log" 2>&1 || true
  fi
  major=$(lint_major "$c")
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then
    in_controller "$c" tests/controllers/lint.sh >"$dir/lint.log" 2>&1 || true
  fi
  if [ "$c" != host ]; then  # the sanity tests that run offline need no more than Debian 13's tools
    in_controller "$c" tests/controllers/sanity.sh >"$dir/sanity.log" 2>&1 || true
  fi
}

for c in "${controllers[@]}"; do
  case "$c" in host|src:*) ;; *) tests/controllers/root.sh ensure "$c" ;; esac
done
# One controller's scan at a time, in the foreground; each controller's tools in the background, so that
# molecule in the Debian 13 root (the longest step, mostly one core) overlaps the other controllers' scans
# on the other core. The Debian 13 root therefore goes first: its tools (about 18 min) then run beside
# every other scan rather than after the last. They never share a port: the scan's servers take free
# ones, molecule's its fixed 28443, 28444 and 28053; and root.sh lets one run at a time into a root.
# The table keeps the order given.
run_order=()
for c in "${controllers[@]}"; do [ "$c" = trixie ] && run_order+=("$c"); done
for c in "${controllers[@]}"; do [ "$c" = trixie ] || run_order+=("$c"); done
tool_pids=()
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup_tools() { local p; for p in "${tool_pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup_tools EXIT
for c in "${run_order[@]}"; do
  mkdir -p "$out/$c"
  t=$SECONDS
  run_scan "$c"
  echo "matrix: $c: scan in $((SECONDS - t)) s"
  { t=$SECONDS; run_tools "$c" || true; echo "$((SECONDS - t))" >"$out/$c/tools.seconds"; } &
  tool_pids+=($!)
done
for p in "${tool_pids[@]}"; do wait "$p" || true; done
tool_pids=()
for c in "${controllers[@]}"; do
  cat "$out/$c"/*.log | grep -E '^result: ' | sed 's/^result: //' >"$out/$c/results" || true
  echo "matrix: $c: $(awk '$2 == "PASS"' "$out/$c/results" | wc -l) passed, $(awk '$2 == "FAIL"' "$out/$c/results" | wc -l) failed;" \
    "molecule, lint and sanity took $(cat "$out/$c/tools.seconds") s"
done

# ── The table ────────────────────────────────────────────────────────────────────────────────────────
# Every controller must report these; the molecule, lint and sanity checks where the controller has
# the tool (the Debian 13 root always does).
targets=()
for d in tests/integration/targets/*/; do
  t=$(basename "$d"); case "$t" in setup_*) continue ;; esac
  targets+=("$t")
done
required=(ansible-doc no-platform own-build-path shortcut "${targets[@]}" explicit-password demo secret-scan)
# The API-key pass (SECRET_SCAN_OAUTH2=1), on the host only: the checks that log in, every target, the demo.
for r in own-build-path shortcut "${targets[@]}" demo; do required+=("host:oauth2:$r"); done
# The Debian 13 root has every tool, so there molecule, lint, sanity and ansible-runner must have run too
# (runner.sh fails, rather than skips, without ansible-runner); the release check on each Debian controller.
required+=(trixie:molecule-all-run1 trixie:molecule-all-run2 trixie:lint trixie:sanity trixie:runner)
required+=(host:release-check trixie:release-check testing:release-check)
rc=0
python3 tests/controllers/table.py "$out" "${controllers[@]}" -- "${required[@]}" | tee "$out/table.txt" || rc=$?
echo "matrix: $((SECONDS - t_start)) s in all"
exit "$rc"
