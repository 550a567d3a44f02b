#!/usr/bin/env bash
# make demo: install what is missing (Debian packages, when run as root), build, start scmsim (TLS) and
# a BIND for the demo zones on loopback with their PIDs recorded, run playbooks/demo.yml twice (the
# second run must report changed=0), stop everything that was started, and print the timings.
#   SCMKIT_AUTH=oauth2 examples/demo.sh   the modules log in with an API key (scmsim's demo-client, token
#                                         cache on) instead of the admin password (SCMKIT_AUTH=password)
set -euo pipefail
cd "$(dirname "$0")/.."
auth=${SCMKIT_AUTH:-password}
case "$auth" in
  password|oauth2) ;;
  *) echo "demo: SCMKIT_AUTH must be password or oauth2, not $auth" >&2; exit 2 ;;
esac
result_name=demo   # the controller matrix's row; oauth2:demo for the API-key run, apart from the password run's
[ "$auth" = oauth2 ] && result_name=oauth2:demo
t0=$(date +%s%N)
elapsed() { local ms=$((($(date +%s%N) - $1) / 1000000)); printf '%d.%03d s' $((ms / 1000)) $((ms % 1000)); }
say() { echo "demo: $*"; }

# ── Packages ─────────────────────────────────────────────────────────────────────────────────────────
# command (or collection) → the Debian package that provides it
need=()
command -v ansible-playbook >/dev/null || need+=(ansible-core)
[ -d /usr/lib/python3/dist-packages/ansible_collections/community/general ] || need+=(ansible)
command -v certbot >/dev/null || need+=(certbot)
command -v named >/dev/null || need+=(bind9)
command -v nsupdate >/dev/null && command -v dig >/dev/null || need+=(bind9-dnsutils)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  # `make test` runs the demo with SCMKIT_DEMO_OPTIONAL=1: skip (never install) unless CI requires the tools.
  if [ "${SCMKIT_DEMO_OPTIONAL:-}" = 1 ] && [ -z "${SCMKIT_REQUIRE_ANSIBLE:-}${SCMKIT_REQUIRE_CERTBOT:-}${SCMKIT_REQUIRE_BIND:-}" ]; then
    echo "SKIP: the demo needs ${need[*]} (apt-get install -y ${need[*]})"
    exit 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${need[*]} (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "demo: missing packages; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
# ── Build ────────────────────────────────────────────────────────────────────────────────────────────
# SCMKIT_PREBUILT=1 (the controller matrix, on controllers without Go) runs what `make build` made.
if [ "${SCMKIT_PREBUILT:-}" = 1 ]; then
  if [ ! -x bin/scmsim ] || [ ! -e .cache/collections/ansible_collections/scmkit/sectigo ]; then
    echo "demo: SCMKIT_PREBUILT=1 needs bin/scmsim and .cache/collections (make build)" >&2
    exit 1
  fi
else
  command -v go >/dev/null || { echo "demo: Go 1.26 or later is needed to build the modules (https://go.dev/dl/)" >&2; exit 1; }
  t=$(date +%s%N)
  make --no-print-directory build >/dev/null
  say "built the modules and scmsim in $(elapsed "$t")"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-demo.XXXXXX")
sim_pid=
cleanup() {
  local rc=$?
  # One line for the controller matrix (tests/controllers/matrix.sh): both runs, the second changed=0.
  echo "result: $result_name $([ "$rc" = 0 ] && echo PASS || echo FAIL) $((($(date +%s%N) - t0) / 1000000000))"
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  examples/bind/bind.sh stop "$work/bind" 2>/dev/null || true
  [ -n "$sim_pid" ] && say "stopped scmsim (pid $sim_pid) and named (pid ${BIND_PID:-none})"
  if [ "$rc" != 0 ]; then
    echo "demo: failed; last lines of the logs:" >&2
    tail -5 "$work/scmsim.log" "$work/bind/named.log" >&2 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# ── Servers on loopback ──────────────────────────────────────────────────────────────────────────────
# "example" is the parent of the others: the CAA pre-check climbs the tree up to it (RFC 8659).
zones=(demo-university.example research.example alumni.example events.example example)
examples/bind/bind.sh start "$work/bind" "${zones[@]}"
# shellcheck disable=SC1091
source "$work/bind/env"
say "named (pid $BIND_PID) serves ${zones[*]} on 127.0.0.1:$BIND_PORT (TSIG key $BIND_KEY_NAME, $BIND_KEY_ALGORITHM)"

bin/scmsim -listen 127.0.0.1:0 -admin-listen 127.0.0.1:0 -ca-out "$work/ca.pem" \
  -ready-file "$work/url" -admin-ready-file "$work/admin" \
  -dcv-mode dns -dns-server "127.0.0.1:$BIND_PORT" 2>"$work/scmsim.log" &
sim_pid=$!
for _ in $(seq 1 200); do [ -s "$work/url" ] && break; kill -0 "$sim_pid" 2>/dev/null || break; sleep 0.05; done
[ -s "$work/url" ] || { echo "demo: scmsim did not start" >&2; exit 1; }
say "scmsim (pid $sim_pid) at $(cat "$work/url"), validating DCV by querying that named"

# ── The playbook, twice ──────────────────────────────────────────────────────────────────────────────
export ANSIBLE_COLLECTIONS_PATH="$PWD/.cache/collections" ANSIBLE_LOCALHOST_WARNING=0
export ANSIBLE_INVENTORY_UNPARSED_WARNING=0 ANSIBLE_PYTHON_INTERPRETER="${ANSIBLE_PYTHON_INTERPRETER:-auto_silent}" ANSIBLE_PIPELINING=1
export ANSIBLE_DISPLAY_SKIPPED_HOSTS=0   # the transcript shows what ran
# The connection, in the modules' environment fallbacks: one way to log in only (a password and a client
# secret together are refused, so nothing the caller exported for the other way may stay).
unset SCM_AUTH SCM_CUSTOMER_URI SCM_LOGIN SCM_PASSWORD SCM_CLIENT_CERT SCM_CLIENT_KEY \
  SCM_CLIENT_ID SCM_CLIENT_SECRET SCM_TOKEN_URL SCM_TOKEN_CACHE
SCM_URL="$(cat "$work/url")/api"
export SCM_URL SCM_CA_PATH="$work/ca.pem" SCMKIT_DEMO_DIR="$work/demo"
if [ "$auth" = oauth2 ]; then
  # scmsim's default API key (its tokens act as the admin mrao) and its token endpoint; tokens are cached
  # between tasks in a private directory of this run, so each playbook run asks for one token.
  export SCM_AUTH=oauth2 SCM_CLIENT_ID=demo-client SCM_CLIENT_SECRET=demo-client-secret
  SCM_TOKEN_URL="$(cat "$work/url")/auth/realms/apiclients/protocol/openid-connect/token"
  export SCM_TOKEN_URL SCM_TOKEN_CACHE=true XDG_CACHE_HOME="$work/cache"
  say "the modules log in with the API key demo-client (scm_auth=oauth2, token cache on)"
else
  export SCM_CUSTOMER_URI=demo SCM_LOGIN=mrao SCM_PASSWORD=mrao-secret
fi
# scmsim's admin API: the playbook does not use it; the secret scan's capture callback reads the secrets
# to look for there (tests/security/).
SCMSIM_ADMIN="$(cat "$work/admin")"
export SCMSIM_ADMIN
export DEMO_DNS_SERVER="$BIND_SERVER" DEMO_DNS_PORT="$BIND_PORT"
# scm_dcv and scm_cert look up CAA at this BIND before they start a validation or order a certificate.
export SCM_CAA_RESOLVER="$BIND_SERVER:$BIND_PORT" SCM_CAA_CHECK=enforce
export DEMO_DNS_KEY_NAME="$BIND_KEY_NAME" DEMO_DNS_KEY_SECRET="$BIND_KEY_SECRET"

t=$(date +%s%N)
say "first run"
ansible-playbook -i localhost, playbooks/demo.yml | tee "$work/run1.log"
run1=$(elapsed "$t")
t=$(date +%s%N)
say "second run (must change nothing)"
ansible-playbook -i localhost, playbooks/demo.yml | tee "$work/run2.log"
run2=$(elapsed "$t")
grep -Eq 'localhost +: ok=[0-9]+ +changed=0 ' "$work/run2.log" || { echo "demo: the second run changed something" >&2; exit 1; }
if [ "$auth" = oauth2 ]; then
  tokens=$(python3 -c 'import json, sys, urllib.request
print(sum(e["path"].endswith("/openid-connect/token") for e in json.load(urllib.request.urlopen(sys.argv[1] + "/admin/journal"))))' \
    "$SCMSIM_ADMIN" 2>/dev/null || echo "?")
  say "both runs asked the token endpoint for $tokens token(s) (scm_token_cache keeps one between tasks)"
fi
say "first run $run1, second run $run2 (changed=0); total $(elapsed "$t0") including the build"
