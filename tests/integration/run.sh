#!/usr/bin/env bash
# Ansible-level tests: install the collection tarball, start scmsim on loopback, run every integration
# target with ansible-playbook against it, stop scmsim by PID. Targets whose aliases say needs/bind also
# get a loopback BIND (examples/bind/bind.sh), started once and stopped by PID.
#   tests/integration/run.sh [target ...]     (default: every target except setup_* ones)
#   SCMKIT_ANSIBLE_TEST=1 tests/integration/run.sh [target ...]
#                          the same targets through `ansible-test integration --local`, run in the
#                          installed copy with the connection in integration_config.yml
#   SCMKIT_AUTH=oauth2 tests/integration/run.sh [target ...]
#                          the modules log in with an API key (scmsim's demo-client, token cache on)
#                          instead of a password (SCMKIT_AUTH=password, the default); the result lines
#                          are then named oauth2:TARGET
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

auth=${SCMKIT_AUTH:-password}
case "$auth" in
  password) prefix= ;;
  oauth2) prefix=oauth2: ;;
  *) echo "SCMKIT_AUTH must be password or oauth2, not $auth" >&2; exit 2 ;;
esac

if ! command -v ansible-playbook >/dev/null; then
  if [ "${SCMKIT_REQUIRE_ANSIBLE:-}" = 1 ]; then echo "ansible-playbook is required but missing" >&2; exit 1; fi
  echo "SKIP: ansible-playbook not installed (apt-get install -y ansible-core ansible); Ansible-level tests did not run" >&2
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-it.XXXXXX")
sim_pid=
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  examples/bind/bind.sh stop "$work/bind" || true
  rm -rf "$work"
}
trap cleanup EXIT

# The controller's own ansible-galaxy installs the tarball. SCMKIT_PREBUILT=1 (the controller matrix, on
# controllers without Go) takes the tarball in dist/ and bin/scmsim as they are; otherwise they are built
# here, and SCMKIT_QUICK=1 builds only this machine's platform (for local iteration; CI builds them all).
if [ "${SCMKIT_PREBUILT:-}" = 1 ]; then
  tarball=(dist/scmkit-sectigo-*.tar.gz)
  if [ ! -f "${tarball[0]}" ] || [ ! -x bin/scmsim ]; then
    echo "SCMKIT_PREBUILT=1 needs dist/*.tar.gz and bin/scmsim (make collection build)" >&2
    exit 1
  fi
  ansible-galaxy collection install --force --no-deps -p "$work/collections" "${tarball[0]}" >"$work/install.log" 2>&1 \
    || { cat "$work/install.log"; exit 1; }
  cp bin/scmsim "$work/scmsim"
else
  quick=()
  [ "${SCMKIT_QUICK:-}" = 1 ] && quick=(PLATFORMS="$(go env GOOS)/$(go env GOARCH)")
  make --no-print-directory install "${quick[@]}" INSTALLED_COLLECTIONS="$work/collections" >"$work/install.log" 2>&1 \
    || { cat "$work/install.log"; exit 1; }
  CGO_ENABLED=0 go build -o "$work/scmsim" ./cmd/scmsim
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port); admin_port=$(free_port)
"$work/scmsim" -listen "127.0.0.1:$port" -admin-listen "127.0.0.1:$admin_port" \
  -ca-out "$work/ca.pem" -ready-file "$work/ready" 2>"$work/scmsim.log" &
sim_pid=$!
for _ in $(seq 1 200); do [ -s "$work/ready" ] && break; sleep 0.05; done
[ -s "$work/ready" ] || { echo "scmsim did not start"; cat "$work/scmsim.log"; exit 1; }

export ANSIBLE_COLLECTIONS_PATH="$work/collections"
export ANSIBLE_ROLES_PATH="$root/tests/integration/targets" ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
# The modules' connection, in their own environment fallbacks: one way to log in only, so nothing the caller
# exported for the other way (a password and a client secret together are refused) may stay.
unset SCM_AUTH SCM_CUSTOMER_URI SCM_LOGIN SCM_PASSWORD SCM_CLIENT_CERT SCM_CLIENT_KEY \
  SCM_CLIENT_ID SCM_CLIENT_SECRET SCM_TOKEN_URL SCM_TOKEN_CACHE
export SCM_URL="https://127.0.0.1:$port/api" SCM_CA_PATH="$work/ca.pem" SCMSIM_ADMIN="http://127.0.0.1:$admin_port"
if [ "$auth" = oauth2 ]; then
  # scmsim's default API key (it acts as the admin mrao); its token endpoint is on the API listener. Tokens
  # are cached between tasks in a private directory of this run.
  export SCM_AUTH=oauth2 SCM_CLIENT_ID=demo-client SCM_CLIENT_SECRET=demo-client-secret
  export SCM_TOKEN_URL="https://127.0.0.1:$port/auth/realms/apiclients/protocol/openid-connect/token"
  export SCM_TOKEN_CACHE=true XDG_CACHE_HOME="$work/cache"
else
  export SCM_CUSTOMER_URI=demo SCM_LOGIN=mrao SCM_PASSWORD=mrao-secret
fi
# The harness's own direct API calls (ansible.builtin.uri, setup_scmsim's scm_harness) log in with this
# admin's headers in both modes.
export SCMSIM_LOGIN=mrao SCMSIM_PASSWORD=mrao-secret SCMSIM_CUSTOMER_URI=demo
# The targets' names are in no DNS this run controls, so scm_cert's and scm_dcv's CAA pre-check is off
# for them; dcv_dns checks CAA against its BIND, with caa_check and caa_resolver set in its tasks.
export SCM_CAA_CHECK=off

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in tests/integration/targets/*/; do
    t=$(basename "$d"); case "$t" in setup_*) continue ;; esac
    grep -qx disabled "$d/aliases" 2>/dev/null && continue
    targets+=("$t")
  done
fi

passed=0 failed=0
# One line per check and target, for people and for the controller matrix (tests/controllers/matrix.sh).
# In oauth2 mode every name is oauth2:NAME, so the matrix shows both runs apart.
counted() { # counted NAME COMMAND...
  local name=$prefix$1 t0=$SECONDS
  shift
  if "$@"; then passed=$((passed + 1)); echo "result: $name PASS $((SECONDS - t0))"
  else failed=$((failed + 1)); echo "result: $name FAIL $((SECONDS - t0))"; fi
}
check() { # check NAME TITLE COMMAND...: a named check that counts like a target
  echo "=== check: $2"
  counted "$1" "${@:3}"
}

# ansible-doc from the installed tarball: every module listed with its short description, no warnings.
doc_list() {
  ansible-doc -l scmkit.sectigo >"$work/doc-list.out" 2>"$work/doc-list.err" || return 1
  cat "$work/doc-list.out"
  if [ -s "$work/doc-list.err" ]; then echo "ansible-doc -l printed:"; cat "$work/doc-list.err"; return 1; fi
  local d m
  for d in plugins/modules/*.py; do
    m=$(basename "$d" .py)
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
  plat="$(host_platform)"
  rm -f "$copy/ansible_collections/scmkit/sectigo/plugins/modules/__bin__/acme_domain_$plat"
  ANSIBLE_COLLECTIONS_PATH="$copy" ansible localhost -m scmkit.sectigo.acme_domain -a name=x.example \
    >"$work/noplatform.out" 2>&1 && { cat "$work/noplatform.out"; return 1; }
  grep -q "has no build for ${plat/_//}" "$work/noplatform.out" || { cat "$work/noplatform.out"; return 1; }
}
# This machine's GOOS_GOARCH, as the action plugin names it (no Go needed).
host_platform() {
  local os arch
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
  echo "${os}_$arch"
}

# Ansible's own module-build path, as a controller on which the action's shortcut is not verified runs it.
own_path() {
  SCMKIT_ACTION_SHORTCUT=0 ansible localhost -m scmkit.sectigo.scm_domain_info -a 'details=false' \
    >"$work/own-path.out" 2>&1 || { cat "$work/own-path.out"; return 1; }
  grep -q 'SUCCESS' "$work/own-path.out" || { cat "$work/own-path.out"; return 1; }
}

# The action's module-build shortcut, where this ansible-core version is in its verified list, must
# answer what ansible-core itself answers (SCMKIT_ACTION_SHORTCUT=verify asks both and compares).
shortcut_verified() {
  local version
  version=$(ansible --version | sed -n '1s/.*core \([0-9]*\.[0-9]*\).*/\1/p')
  SCMKIT_ACTION_SHORTCUT=verify ansible localhost -vvv -m scmkit.sectigo.scm_domain_info -a 'details=false' \
    >"$work/shortcut.out" 2>&1 || { tail -30 "$work/shortcut.out"; return 1; }
  if grep -q 'module-build shortcut verified' "$work/shortcut.out"; then
    grep -o 'module-build shortcut verified.*' "$work/shortcut.out" | head -1
  elif python3 -c "import sys; sys.path.insert(0, '$work/collections'); \
      from ansible_collections.scmkit.sectigo.plugins.plugin_utils import gobinary as g; \
      sys.exit(0 if g.core_minor_version('$version') in g._VERIFIED_BUILD_SHAPES else 1)"; then
    echo "ansible-core $version is in the verified list, but the shortcut was not taken"; return 1
  else
    echo "ansible-core $version is not in the verified list: ansible-core's own path ran"
  fi
}

# These two never reach SCM: the password run covers them.
if [ "$auth" = password ]; then
  check ansible-doc "ansible-doc lists and shows every module" doc_list
  check no-platform "a platform without a build fails clearly" missing_platform
fi
check own-build-path "a module runs through ansible-core's own build path (no shortcut)" own_path
check shortcut "the module-build shortcut answers what ansible-core answers" shortcut_verified

# needs/bind: the zones below, with the key and port in BIND_* variables (see tests/integration/README.md).
# "example" is their parent, so that a CAA lookup climbing the tree ends in a zone BIND serves.
bind_zones=(dcv-dns.example dcv-nodns.example example)
bind_ready() {
  [ -s "$work/bind/env" ] && return 0
  if ! command -v named >/dev/null; then
    echo "named is not installed (apt-get install -y bind9 bind9-dnsutils)"
    [ "${SCMKIT_REQUIRE_BIND:-}" = 1 ] && return 1 || return 2
  fi
  examples/bind/bind.sh start "$work/bind" "${bind_zones[@]}" || return 1
  set -a
  # shellcheck disable=SC1091  # bind.sh writes it at run time
  source "$work/bind/env"
  set +a
  echo "BIND (pid $BIND_PID) serves ${bind_zones[*]} on 127.0.0.1:$BIND_PORT"
}

# ansible-test passes no environment to the targets: hand them the connection (and BIND) as variables.
if [ "${SCMKIT_ANSIBLE_TEST:-}" = 1 ]; then
  for t in "${targets[@]}"; do
    if grep -qx needs/bind "tests/integration/targets/$t/aliases" 2>/dev/null; then bind_ready || exit 1; break; fi
  done
  installed="$work/collections/ansible_collections/scmkit/sectigo"
  python3 - "$installed/tests/integration/integration_config.yml" <<'PY'
import json, os, sys
env = os.environ.get
if env("SCM_AUTH") == "oauth2":
    # No token cache here: ansible-test passes no XDG_CACHE_HOME, and the cache would land in ~/.cache
    # (the oauth2 target tests the cache in a directory of its own).
    connection = {"scm_url": env("SCM_URL"), "scm_auth": "oauth2", "scm_client_id": env("SCM_CLIENT_ID"),
                  "scm_client_secret": env("SCM_CLIENT_SECRET"), "scm_token_url": env("SCM_TOKEN_URL"),
                  "scm_token_cache": False, "scm_ca_path": env("SCM_CA_PATH")}
else:
    connection = {"scm_url": env("SCM_URL"), "scm_customer_uri": env("SCM_CUSTOMER_URI"),
                  "scm_login": env("SCM_LOGIN"), "scm_password": env("SCM_PASSWORD"),
                  "scm_ca_path": env("SCM_CA_PATH")}
# The targets count each module's own requests, so the lookup cache is off (setup_scmsim does the same
# from the environment); the lookup_cache target turns it on in a directory of its own.
connection["scm_cache"] = False
config = {
    "scmsim_admin": env("SCMSIM_ADMIN"),
    "scm_connection": connection,
    # the harness's own direct API calls (setup_scmsim)
    "scm_harness": {"url": env("SCM_URL"), "ca_path": env("SCM_CA_PATH"),
                    "headers": {"login": env("SCMSIM_LOGIN"), "password": env("SCMSIM_PASSWORD"),
                                "customerUri": env("SCMSIM_CUSTOMER_URI")}},
}
if env("BIND_PORT"):
    config["bind"] = {"server": env("BIND_SERVER"), "port": env("BIND_PORT"), "key_name": env("BIND_KEY_NAME"),
                      "key_secret": env("BIND_KEY_SECRET"), "key_algorithm": env("BIND_KEY_ALGORITHM"),
                      "zones": env("BIND_ZONES").split()}
with open(sys.argv[1], "w") as f:
    json.dump(config, f, indent=2)  # JSON is YAML
PY
  py=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  # One scmsim for the whole run (setup_scmsim resets its world per target), stopped by the EXIT trap.
  (cd "$installed" && ansible-test integration --local --python "$py" "${targets[@]}")
  exit
fi

for t in "${targets[@]}"; do
  if grep -qx needs/bind "tests/integration/targets/$t/aliases" 2>/dev/null; then
    rc=0; bind_ready || rc=$?
    if [ "$rc" = 2 ]; then echo "=== SKIP: $t (needs BIND)"; echo "result: $prefix$t SKIP 0"; continue; fi
    if [ "$rc" != 0 ]; then echo "=== integration target: $t: no BIND"; echo "result: $prefix$t FAIL 0"; failed=$((failed + 1)); continue; fi
  fi
  cat >"$work/$t.yml" <<YAML
- hosts: localhost
  connection: local
  gather_facts: false
  roles: ["$t"]
YAML
  echo "=== integration target: $t${prefix:+ (scm_auth=oauth2)}"
  counted "$t" ansible-playbook -i localhost, -e ansible_python_interpreter=/usr/bin/python3 "$work/$t.yml"
done
echo "integration: ${passed} passed, ${failed} failed (scm_auth=$auth)"
[ "$failed" -eq 0 ]
