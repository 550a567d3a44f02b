#!/usr/bin/env bash
# A hung SCM gives a clear timeout error within scm_timeout, never a hang.
#   tests/reliability/timeout.sh
# scmsim delays every SCM request by HUNG_LATENCY_S (default 60 s) while each module runs with scm_timeout
# HUNG_SCM_TIMEOUT (default 3 s). Each task must fail, its message must say it timed out and name
# scm_timeout, and the task must end within scm_timeout plus HUNG_SLACK_S (default 5 s: Ansible's own
# start-up and the module's exit). Prints each module's measured time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
rel_require_ansible

export HUNG_SCM_TIMEOUT=${HUNG_SCM_TIMEOUT:-3}
latency=${HUNG_LATENCY_S:-60}
slack=${HUNG_SLACK_S:-5}
rel_setup timeout
rel_start_sim -latency "${latency}s"

out="$REL_WORK/timeout.json"
# The whole playbook is bounded too, so a module that hangs fails this script instead of CI's clock.
timeout $((5 * (HUNG_SCM_TIMEOUT + slack) + 30)) env ANSIBLE_STDOUT_CALLBACK=json \
  ansible-playbook -i localhost, "$here/timeout.yml" >"$out" 2>"$REL_WORK/timeout.err" \
  || { echo "timeout: ansible-playbook did not finish (rc $?): a module hangs" >&2; tail -20 "$REL_WORK/timeout.err" >&2; exit 1; }

python3 - "$out" "$HUNG_SCM_TIMEOUT" "$slack" "$latency" <<'PY'
import json, re, sys
from datetime import datetime
doc = json.load(open(sys.argv[1]))
limit, slack, latency = float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print("timeout: SCM latency %s s, scm_timeout %g s" % (latency, limit))
print("%-18s %9s  %s" % ("module", "elapsed", "message"))
bad = 0
for task in doc["plays"][0]["tasks"]:
    r = task["hosts"]["localhost"]
    d = task["task"]["duration"]
    t = lambda s: datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
    took = (t(d["end"]) - t(d["start"])).total_seconds()
    msg = r.get("msg", "")
    ok = r.get("failed") and "timed out" in msg and "scm_timeout" in msg and took <= limit + slack
    bad += not ok
    print("%-18s %8.2fs  %s%s" % (task["task"]["name"], took, "" if ok else "BAD: ", msg[:160]))
print("timeout: %d of %d modules timed out clearly within %g s + %g s slack" % (len(doc["plays"][0]["tasks"]) - bad, len(doc["plays"][0]["tasks"]), limit, slack))
sys.exit(1 if bad else 0)
PY
