#!/usr/bin/env bash
# ansible-test sanity over the collection as Galaxy imports it (the built tarball, installed into an
# empty collections path), with this controller's ansible-test and Python.
# ansible-test runs most tests in virtual environments that it fills from PyPI with pinned versions;
# with no package index here, those cannot run. Every test that needs no such requirements file runs
# and must pass; the others are named as not run, with the reason. Ignore entries, each with its
# reason, are in tests/sanity/ignore-<version>.txt.
# Prints `result: sanity PASS|FAIL SECONDS`. Needs `make collection` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
t0=$SECONDS
tarball=$(ls dist/scmkit-sectigo-*.tar.gz 2>/dev/null | head -1)
[ -n "$tarball" ] || { echo "sanity.sh: no dist/*.tar.gz (make collection)" >&2; exit 1; }
command -v ansible-test >/dev/null || { echo "sanity.sh: ansible-test is missing" >&2; echo "result: sanity FAIL 0"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-sanity.XXXXXX")
trap 'rm -rf "$work"' EXIT
ansible-galaxy collection install --force --no-deps -p "$work" "$tarball" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }

py=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
requirements=$(python3 -c 'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements"))')
cd "$work/ansible_collections/scmkit/sectigo"
runnable=() offline_impossible=()
for t in $(ansible-test sanity --list-tests 2>/dev/null); do
  if [ -f "$requirements/sanity.$t.txt" ]; then offline_impossible+=("$t"); else runnable+=("$t"); fi
done
echo "ansible-test $(ansible --version | head -1 | sed 's/.*core \(.*\)\]/\1/'), Python $py"
echo "not run: ${offline_impossible[*]} (each installs pinned packages from PyPI, which is not reachable here)"
echo "running: ${runnable[*]}"
rc=0
ansible-test sanity --local --python "$py" --color no "${runnable[@]/#/--test=}" || rc=$?
echo "result: sanity $([ "$rc" = 0 ] && echo PASS || echo FAIL) $((SECONDS - t0))"
exit "$rc"
