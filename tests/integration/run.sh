#!/usr/bin/env bash
# Ansible-level tests: install the collection tarball, start scmsim on loopback, run every integration
# target with ansible-playbook against it, stop scmsim by PID.
#   tests/integration/run.sh [target ...]     (default: every target except setup_* ones)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

if ! command -v ansible-playbook >/dev/null; then
  if [ "${SCMKIT_REQUIRE_ANSIBLE:-}" = 1 ]; then echo "ansible-playbook is required but missing" >&2; exit 1; fi
  echo "SKIP: ansible-playbook not installed (apt-get install -y ansible-core ansible); Ansible-level tests did not run" >&2
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-it.XXXXXX")
sim_pid=
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# SCMKIT_QUICK=1 builds only this machine's platform (for local iteration; CI builds them all).
quick=()
[ "${SCMKIT_QUICK:-}" = 1 ] && quick=(PLATFORMS="$(go env GOOS)/$(go env GOARCH)")
make --no-print-directory install "${quick[@]}" INSTALLED_COLLECTIONS="$work/collections" >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; exit 1; }
CGO_ENABLED=0 go build -o "$work/scmsim" ./cmd/scmsim

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port); admin_port=$(free_port)
"$work/scmsim" -listen "127.0.0.1:$port" -admin-listen "127.0.0.1:$admin_port" \
  -ca-out "$work/ca.pem" -ready-file "$work/ready" 2>"$work/scmsim.log" &
sim_pid=$!
for _ in $(seq 1 200); do [ -s "$work/ready" ] && break; sleep 0.05; done
[ -s "$work/ready" ] || { echo "scmsim did not start"; cat "$work/scmsim.log"; exit 1; }

export ANSIBLE_COLLECTIONS_PATH="$work/collections"
export ANSIBLE_ROLES_PATH="$root/tests/integration/targets" ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
export SCM_URL="https://127.0.0.1:$port/api" SCM_CUSTOMER_URI=demo SCM_LOGIN=mrao SCM_PASSWORD=mrao-secret
export SCM_CA_PATH="$work/ca.pem" SCMSIM_ADMIN="http://127.0.0.1:$admin_port"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in tests/integration/targets/*/; do
    t=$(basename "$d"); case "$t" in setup_*) continue ;; esac
    grep -qx disabled "$d/aliases" 2>/dev/null && continue
    targets+=("$t")
  done
fi

passed=0 failed=0
check() { # check NAME COMMAND...: a named check that counts like a target
  echo "=== check: $1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# ansible-doc from the installed tarball: every module listed with its short description, no warnings.
doc_list() {
  ansible-doc -l scmkit.sectigo >"$work/doc-list.out" 2>"$work/doc-list.err" || return 1
  cat "$work/doc-list.out"
  if [ -s "$work/doc-list.err" ]; then echo "ansible-doc -l printed:"; cat "$work/doc-list.err"; return 1; fi
  for m in $(ls cmd | grep -v -e '^scmsim$' -e '^scmkit$'); do
    grep -q "^scmkit.sectigo.$m  *[A-Z]" "$work/doc-list.out" || { echo "$m missing from ansible-doc -l"; return 1; }
    ansible-doc "scmkit.sectigo.$m" >/dev/null 2>"$work/doc-$m.err" || { cat "$work/doc-$m.err"; return 1; }
    if [ -s "$work/doc-$m.err" ]; then cat "$work/doc-$m.err"; return 1; fi
  done
}

# A platform without a build must fail with a message that says so (not "Exec format error"): remove
# this platform's build of acme_domain from a copy of the installed collection and run it.
missing_platform() {
  local copy="$work/noplatform" plat
  cp -a "$work/collections" "$copy"
  plat="$(go env GOOS)_$(go env GOARCH)"
  rm -f "$copy/ansible_collections/scmkit/sectigo/plugins/modules/__bin__/acme_domain_$plat"
  ANSIBLE_COLLECTIONS_PATH="$copy" ansible localhost -m scmkit.sectigo.acme_domain -a name=x.example \
    >"$work/noplatform.out" 2>&1 && { cat "$work/noplatform.out"; return 1; }
  grep -q "has no build for $(go env GOOS)/$(go env GOARCH)" "$work/noplatform.out" || { cat "$work/noplatform.out"; return 1; }
}

check "ansible-doc lists and shows every module" doc_list
check "a platform without a build fails clearly" missing_platform

for t in "${targets[@]}"; do
  curl -fsS -X POST "$SCMSIM_ADMIN/admin/reset" >/dev/null
  cat >"$work/$t.yml" <<YAML
- hosts: localhost
  connection: local
  gather_facts: false
  roles: ["$t"]
YAML
  echo "=== integration target: $t"
  if ansible-playbook -i localhost, -e ansible_python_interpreter=/usr/bin/python3 "$work/$t.yml"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "integration: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
