#!/usr/bin/env bash
# The demo through ansible-runner, the engine AWX and AAP run jobs with: a private data directory as AWX
# lays one out, the collection installed from the tarball, the same servers as `make demo` (scmsim and a
# loopback BIND, stopped by PID), `ansible-runner run DIR -p demo.yml` twice (the first converges, the
# second reports changed=0, both read from the job events), then the secret scan over the job events
# ansible-runner wrote (artifacts/*/job_events/*.json), the job output and every task result.
#   tests/controllers/runner.sh         (the controller matrix runs it in the Debian 13 root: trixie:runner)
# Needs `make collection build` (dist/*.tar.gz, bin/scmsim) and ansible-runner; without ansible-runner it
# fails, it does not skip. Prints `result: runner PASS|FAIL SECONDS`. SCMKIT_RUNNER_KEEP=1 keeps the data.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
t0=$SECONDS
say() { echo "runner: $*"; }
result() { echo "result: runner $1 $((SECONDS - t0))"; }
fail() { echo "runner: FAIL: $*" >&2; result FAIL; exit 1; }

command -v ansible-runner >/dev/null || fail "ansible-runner is missing (Debian: apt-get install python3-ansible-runner)"
tarballs=(dist/scmkit-sectigo-*.tar.gz)
tarball=${tarballs[0]}
if [ ! -f "$tarball" ] || [ ! -x bin/scmsim ]; then fail "needs dist/*.tar.gz and bin/scmsim (make collection build)"; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-runner.XXXXXX")
sim_pid=
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  examples/bind/bind.sh stop "$work/bind" 2>/dev/null || true
  if [ "${SCMKIT_RUNNER_KEEP:-}" = 1 ]; then echo "runner: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# ── Servers on loopback, as examples/demo.sh starts them ─────────────────────────────────────────────
zones=(demo-university.example research.example alumni.example events.example example)
examples/bind/bind.sh start "$work/bind" "${zones[@]}" >/dev/null
# shellcheck disable=SC1091  # written by bind.sh
source "$work/bind/env"
bin/scmsim -listen 127.0.0.1:0 -admin-listen 127.0.0.1:0 -ca-out "$work/ca.pem" \
  -ready-file "$work/url" -admin-ready-file "$work/admin" \
  -dcv-mode dns -dns-server "127.0.0.1:$BIND_PORT" 2>"$work/scmsim.log" &
sim_pid=$!
for _ in $(seq 1 200); do [ -s "$work/url" ] && break; kill -0 "$sim_pid" 2>/dev/null || break; sleep 0.05; done
[ -s "$work/url" ] || fail "scmsim did not start: $(tail -3 "$work/scmsim.log")"
# Debian's build reports 0.0.0 as its own version; the package's is the one that means something.
version=$(dpkg-query -W -f '${Version}' python3-ansible-runner 2>/dev/null || ansible-runner --version)
say "ansible-runner $version, $(ansible --version 2>/dev/null | sed -n 1p)"
say "named (pid $BIND_PID) on 127.0.0.1:$BIND_PORT, scmsim (pid $sim_pid) at $(cat "$work/url")"

# ── The private data directory ───────────────────────────────────────────────────────────────────────
# project/ holds the playbook (the installed collection's own playbooks/demo.yml), inventory/ the host,
# env/envvars the connection (as an AWX credential injects it) and the secret scan's capture callback.
pdd=$work/pdd cap=$work/capture
mkdir -p "$pdd/project" "$pdd/inventory" "$pdd/env" "$cap/tmp"
ansible-galaxy collection install --no-deps -p "$pdd/collections" "$tarball" >"$work/install.log" 2>&1 \
  || fail "installing $tarball: $(tail -3 "$work/install.log")"
cp "$pdd/collections/ansible_collections/scmkit/sectigo/playbooks/demo.yml" "$pdd/project/demo.yml"
echo 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3' >"$pdd/inventory/hosts"
python3 - "$pdd/env/envvars" <<PY
import json, sys
env = {
    "ANSIBLE_COLLECTIONS_PATH": "$pdd/collections",
    "SCM_URL": "$(cat "$work/url")/api", "SCM_CA_PATH": "$work/ca.pem",
    "SCM_CUSTOMER_URI": "demo", "SCM_LOGIN": "mrao", "SCM_PASSWORD": "mrao-secret",
    "SCM_CAA_RESOLVER": "$BIND_SERVER:$BIND_PORT", "SCM_CAA_CHECK": "enforce",
    "DEMO_DNS_SERVER": "$BIND_SERVER", "DEMO_DNS_PORT": "$BIND_PORT",
    "DEMO_DNS_KEY_NAME": "$BIND_KEY_NAME", "DEMO_DNS_KEY_SECRET": "$BIND_KEY_SECRET",
    "SCMKIT_DEMO_DIR": "$cap/tmp/demo", "TMPDIR": "$cap/tmp",
    # the secret scan's capture callback (tests/security/callback_plugins): results, secrets, keys
    "ANSIBLE_CALLBACK_PLUGINS": "$root/tests/security/callback_plugins", "ANSIBLE_CALLBACKS_ENABLED": "scmkit_capture",
    "SCMKIT_CAPTURE_DIR": "$cap", "SCMKIT_CAPTURE_TREE": "$cap/tmp", "SCMSIM_ADMIN": "$(cat "$work/admin")",
    "ANSIBLE_LOCALHOST_WARNING": "0", "ANSIBLE_NOCOLOR": "1",
}
json.dump(env, open(sys.argv[1], "w"), indent=2)
PY

# ── Two runs ─────────────────────────────────────────────────────────────────────────────────────────
# One line per run from its job events: ansible-runner's status and rc, and the play's stats.
stats() { # stats IDENT: "rc R, status S, ok=.. changed=.. failures=.. unreachable=.." from the job events
  python3 - "$pdd/artifacts/$1" <<'PY'
import glob, json, os, sys
art = sys.argv[1]
read = lambda name: open(os.path.join(art, name)).read().strip() if os.path.exists(os.path.join(art, name)) else "?"
events = [json.load(open(p)) for p in glob.glob(os.path.join(art, "job_events", "*.json"))]
final = [e for e in events if e.get("event") == "playbook_on_stats"]
data = final[-1]["event_data"] if final else {}
count = lambda k: sum((data.get(k) or {}).values())
print("rc %s, status %s, %d job events, ok=%d changed=%d failures=%d unreachable=%d" % (
    read("rc"), read("status"), len(events), count("ok"), count("changed"), count("failures"), count("dark")))
PY
}
run() { # run IDENT: one ansible-runner run; its stats line
  local t=$SECONDS
  ansible-runner run "$pdd" -p demo.yml --ident "$1" >"$work/$1.out" 2>&1 || true
  echo "$(stats "$1") in $((SECONDS - t)) s"
}
s1=$(run run1)
say "first run: $s1"
[[ $s1 == "rc 0, status successful,"* && $s1 == *" failures=0 unreachable=0"* && $s1 != *" changed=0 "* ]] \
  || { tail -30 "$work/run1.out"; fail "the first run did not converge"; }
s2=$(run run2)
say "second run: $s2"
[[ $s2 == "rc 0, status successful,"* && $s2 == *" changed=0 failures=0 unreachable=0"* ]] \
  || { grep -E '^(changed|failed|fatal)' "$work/run2.out" | head -20; fail "the second run changed something or failed"; }

# ── The secret scan over what ansible-runner kept ───────────────────────────────────────────────────
# artifacts/IDENT/command holds the environment it was given (env/envvars: the password, as AWX's
# credential injection would), written 0600 by ansible-runner itself; it is checked for its mode only.
for id in run1 run2; do
  mode=$(stat -c %a "$pdd/artifacts/$id/command")
  [ "$mode" = 600 ] || fail "artifacts/$id/command is $mode, not 0600"
done
cp "$work/run1.out" "$cap/runner-run1.out"
cp "$work/run2.out" "$cap/runner-run2.out"
scan_rc=0
python3 tests/security/scan.py "$cap" "$pdd"/artifacts/*/job_events/*.json "$pdd"/artifacts/*/stdout \
  >"$work/scan.out" 2>&1 || scan_rc=$?
grep -E '^(HIT|MODE)' "$work/scan.out" | head -20 || true
say "$(tail -1 "$work/scan.out")"
[ "$scan_rc" = 0 ] || fail "the secret scan found secrets"
result PASS
