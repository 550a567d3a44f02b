#!/usr/bin/env bash
# Shared helpers for the reliability scripts (sourced, not run). They build a private copy of the
# collection (so a concurrent `make` in the same tree cannot pull binaries from under a run), start scmsim on
# loopback with its PID recorded, and stop it by that PID.
#   rel_setup NAME        work dir in $REL_WORK, collection in $REL_WORK/collections, scmsim in $REL_WORK/scmsim
#   rel_start_sim ARGS... start scmsim with extra flags; sets SIM_PID, SCM_* variables and SCMSIM_ADMIN
#   rel_stop_sim          stop the scmsim this shell started
#   rel_admin METHOD PATH [JSON]   call the admin API, print the answer
set -euo pipefail

REL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SIM_PID=

rel_require_ansible() {
  command -v ansible-playbook >/dev/null && return 0
  if [ "${SCMKIT_REQUIRE_ANSIBLE:-}" = 1 ]; then echo "ansible-playbook is required but missing" >&2; exit 1; fi
  echo "SKIP: ansible-playbook not installed (apt-get install -y ansible-core ansible)" >&2
  exit 0
}

rel_setup() {
  REL_WORK=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-$1.XXXXXX")
  trap rel_cleanup EXIT
  if [ "${SCMKIT_PREBUILT:-}" = 1 ]; then rel_install_prebuilt; else rel_build_copy; fi
  export ANSIBLE_COLLECTIONS_PATH="$REL_WORK/collections" ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0
  export ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0 ANSIBLE_PYTHON_INTERPRETER=auto_silent
  export ANSIBLE_DEPRECATION_WARNINGS=0
}

# SCMKIT_PREBUILT=1 (the controller matrix, on controllers without Go): the tarball in dist/ and
# bin/scmsim, installed with this controller's ansible-galaxy.
rel_install_prebuilt() {
  local tarball
  tarball=$(ls "$REL_ROOT"/dist/scmkit-sectigo-*.tar.gz 2>/dev/null | head -1)
  [ -n "$tarball" ] && [ -x "$REL_ROOT/bin/scmsim" ] \
    || { echo "SCMKIT_PREBUILT=1 needs dist/*.tar.gz and bin/scmsim (make collection build)" >&2; exit 1; }
  ansible-galaxy collection install --force --no-deps -p "$REL_WORK/collections" "$tarball" >"$REL_WORK/install.log" 2>&1 \
    || { cat "$REL_WORK/install.log" >&2; exit 1; }
  cp "$REL_ROOT/bin/scmsim" "$REL_WORK/scmsim"
}

rel_build_copy() {
  local coll="$REL_WORK/collections/ansible_collections/scmkit/sectigo" plat
  plat="$(go env GOOS)_$(go env GOARCH)"
  mkdir -p "$coll"
  (cd "$REL_ROOT" && cp -a galaxy.yml meta plugins roles "$coll/")
  rm -rf "$coll/plugins/modules/__bin__" && mkdir -p "$coll/plugins/modules/__bin__"
  (cd "$REL_ROOT" && CGO_ENABLED=0 go build -trimpath -o "$coll/plugins/modules/__bin__/scmkit_$plat" ./cmd/scmkit \
    && CGO_ENABLED=0 go build -o "$REL_WORK/scmsim" ./cmd/scmsim)
  local m
  for m in $(ls "$REL_ROOT/cmd" | grep -v -e '^scmsim$' -e '^scmkit$'); do
    ln -s "scmkit_$plat" "$coll/plugins/modules/__bin__/${m}_$plat"
  done
}

rel_cleanup() {
  rel_stop_sim
  [ -n "${REL_KEEP:-}" ] && { echo "kept $REL_WORK" >&2; return; }
  rm -rf "$REL_WORK"
}

# rel_start_sim [scmsim flags...]
rel_start_sim() {
  rm -f "$REL_WORK/url" "$REL_WORK/admin"
  "$REL_WORK/scmsim" -listen 127.0.0.1:0 -admin-listen 127.0.0.1:0 -ca-out "$REL_WORK/ca.pem" \
    -ready-file "$REL_WORK/url" -admin-ready-file "$REL_WORK/admin" "$@" 2>>"$REL_WORK/scmsim.log" &
  SIM_PID=$!
  local _
  for _ in $(seq 1 400); do
    [ -s "$REL_WORK/url" ] && [ -s "$REL_WORK/admin" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || break
    sleep 0.05
  done
  [ -s "$REL_WORK/url" ] || { echo "scmsim did not start:" >&2; cat "$REL_WORK/scmsim.log" >&2; exit 1; }
  export SCM_URL="$(cat "$REL_WORK/url")/api" SCM_CUSTOMER_URI=demo SCM_LOGIN=mrao SCM_PASSWORD=mrao-secret
  export SCM_CA_PATH="$REL_WORK/ca.pem" SCMSIM_ADMIN="$(cat "$REL_WORK/admin")"
}

rel_stop_sim() {
  if [ -n "$SIM_PID" ]; then
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
    SIM_PID=
  fi
}

rel_admin() {
  if [ $# -ge 3 ]; then
    curl -fsS -X "$1" -H 'Content-Type: application/json' --data "$3" "$SCMSIM_ADMIN$2"
  else
    curl -fsS -X "$1" "$SCMSIM_ADMIN$2"
  fi
}
