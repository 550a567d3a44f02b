#!/usr/bin/env bash
# ansible-lint with the production profile over the collection as Galaxy imports it: the built tarball,
# installed into an empty collections path. Exceptions, each with its reason, are in .ansible-lint
# (shipped, so the import sees them too). Prints `result: lint PASS|FAIL SECONDS`.
# Needs `make collection` first; run by tests/controllers/matrix.sh where ansible-lint is 24 or later.
set -euo pipefail
cd "$(dirname "$0")/../.."
t0=$SECONDS
tarball=$(ls dist/scmkit-sectigo-*.tar.gz 2>/dev/null | head -1)
[ -n "$tarball" ] || { echo "lint.sh: no dist/*.tar.gz (make collection)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-lint.XXXXXX")
trap 'rm -rf "$work"' EXIT
ansible-galaxy collection install --force --no-deps -p "$work" "$tarball" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
ansible-lint --version | head -1
rc=0
# Offline: no galaxy requirements to fetch, and no network rules.
(cd "$work/ansible_collections/scmkit/sectigo" && ANSIBLE_COLLECTIONS_PATH="$work" \
  ansible-lint --offline --profile production --nocolor) || rc=$?
echo "result: lint $([ "$rc" = 0 ] && echo PASS || echo FAIL) $((SECONDS - t0))"
exit "$rc"
