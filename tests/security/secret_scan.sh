#!/usr/bin/env bash
# The secret scan: run the Ansible integration suite (tests/integration/run.sh, with the certbot end-to-end
# target), every module with scm_password as a task option (explicit_password.sh) and the end-to-end demo
# (examples/demo.sh) at -vvv with --diff, capture everything they print,
# log and return, and look for the SCM passwords, every API client secret and EAB HMAC key scmsim held,
# every access token it issued and every private key made during the run (tests/security/scan.py says
# what counts as a hit).
#   tests/security/secret_scan.sh [target ...]     (targets given: only those, and no demo)
# SECRET_SCAN_OAUTH2=1 runs the integration suite and the demo once more with the modules logging in by API
# key (SCMKIT_AUTH=oauth2, token cache on): the controller matrix sets it for the host controller only, so
# that the API-key pass runs once per matrix, not once per controller.
# Prints each hit and a one-line summary; exits 1 on any hit or on a secret-holding file that is not 0600.
# SECRET_SCAN_KEEP=1 keeps the capture directory; SECRET_SCAN_DEMO=0 leaves the demo out; SECRET_SCAN_EXTRA
# names more files for scan.py to read (space-separated; ansible-runner's job events, for example).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$PWD/tests/security

if ! command -v ansible-playbook >/dev/null; then
  if [ "${SCMKIT_REQUIRE_ANSIBLE:-}" = 1 ]; then echo "ansible-playbook is required but missing" >&2; exit 1; fi
  echo "SKIP: ansible-playbook not installed; the secret scan did not run" >&2
  exit 0
fi

python3 "$here/scan.py" --self-test || exit 1

cap=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-secrets.XXXXXX")
cleanup() { if [ -n "${SECRET_SCAN_KEEP:-}" ]; then echo "kept $cap" >&2; else rm -rf "$cap"; fi; }
trap cleanup EXIT
mkdir -p "$cap/tmp"

# Everything the suite creates lands below $cap/tmp, where the capture callback looks for log files,
# private keys and secret-holding files after every task.
export TMPDIR="$cap/tmp" SCMKIT_CAPTURE_DIR="$cap" SCMKIT_CAPTURE_TREE="$cap/tmp"
export ANSIBLE_VERBOSITY=3 ANSIBLE_DIFF_ALWAYS=1 ANSIBLE_LOG_PATH="$cap/ansible.log" ANSIBLE_REMOTE_TMP="$cap/tmp/ansible-remote"
export ANSIBLE_CALLBACK_PLUGINS="$here/callback_plugins" ANSIBLE_CALLBACKS_ENABLED=scmkit_capture
# The oauth2 target's wrong client secret: a random one, which the capture callback adds to the secrets.
SCMKIT_WRONG_CLIENT_SECRET="wrong-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export SCMKIT_WRONG_CLIENT_SECRET SCMKIT_EXTRA_CLIENT_SECRETS="$SCMKIT_WRONG_CLIENT_SECRET"
demo=0
[ $# -eq 0 ] && [ "${SECRET_SCAN_DEMO:-1}" = 1 ] && demo=1

t0=$(date +%s)
rc=0
suite_rc=0
suite() { # suite NAME COMMAND...: run one suite with its stdout and stderr captured; its exit code in suite_rc
  local name=$1 r=0
  shift
  "$@" >"$cap/$name.out" 2>"$cap/$name.err" || r=$?
  suite_rc=$r
  if [ "$r" != 0 ]; then
    rc=1
    echo "secret scan: $name failed (rc $r); the scan still runs on what it captured" >&2
    grep -E '^(=== |fatal|failed:|demo: )' "$cap/$name.out" | tail -20 >&2 || true
  fi
}
# Each suite's `result:` lines (one per check and target) go on to the controller matrix.
suite integration tests/integration/run.sh "$@"
grep -E '^(result|integration): ' "$cap/integration.out" || true
# The targets take the password through module_defaults; here every module gets it (and a wrong one) as a task option.
t=$SECONDS
suite explicit-password tests/security/explicit_password.sh
grep -E '^localhost +:' "$cap/explicit-password.out" | sed 's/^/explicit password: /' || true
echo "result: explicit-password $([ "$suite_rc" = 0 ] && echo PASS || echo FAIL) $((SECONDS - t))"
# The end-to-end demo (scmsim, BIND, certbot), unless only some targets were asked for.
if [ "$demo" = 1 ]; then
  suite demo examples/demo.sh
  grep -E '^(result|demo): ' "$cap/demo.out" | grep -E '^result|^demo: first run' || true
fi
# Once more with an API key: the suite (result lines oauth2:TARGET) and the demo (oauth2:demo).
if [ "${SECRET_SCAN_OAUTH2:-}" = 1 ]; then
  suite integration-oauth2 env SCMKIT_AUTH=oauth2 tests/integration/run.sh "$@"
  grep -E '^(result|integration): ' "$cap/integration-oauth2.out" || true
  if [ "$demo" = 1 ]; then
    suite demo-oauth2 env SCMKIT_AUTH=oauth2 examples/demo.sh
    grep -E '^(result|demo): ' "$cap/demo-oauth2.out" | grep -E '^result|^demo: first run' | sed 's/^demo: /demo (oauth2): /' || true
  fi
fi
scan_rc=0
t=$SECONDS
# shellcheck disable=SC2086  # SECRET_SCAN_EXTRA is a list of paths, split and expanded on purpose
python3 "$here/scan.py" "$cap" ${SECRET_SCAN_EXTRA:-} || scan_rc=$?
echo "result: secret-scan $([ "$scan_rc" = 0 ] && echo PASS || echo FAIL) $((SECONDS - t))"
echo "secret scan: $(($(date +%s) - t0)) s"
[ "$rc" = 0 ] && [ "$scan_rc" = 0 ]
