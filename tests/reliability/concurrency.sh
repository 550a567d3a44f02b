#!/usr/bin/env bash
# 20 forks map overlapping domain sets into one ACME account at the same time; the final mapping must be
# the union and no task may fail because of the race. A second run must change nothing.
#   tests/reliability/concurrency.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
rel_require_ansible

forks=${CONC_FORKS:-20}
rel_setup concurrency
rel_start_sim -jitter 100   # requests of different forks interleave
inv="$REL_WORK/inventory.ini"
{
  echo "[forks]"
  for i in $(seq 1 "$forks"); do printf 'fork%02d fork_index=%d ansible_connection=local\n' "$i" "$i"; done
} >"$inv"
union=(shared.forks.example)
for i in $(seq 1 $((forks + 1))); do union+=("n$i.forks.example"); done

recap() { # recap LOG: "ok changed failed" summed over the forks
  awk '/^fork[0-9]+ +:/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); s[kv[1]] += kv[2] } }
       END { printf "%d %d %d\n", s["ok"], s["changed"], s["failed"] }' "$1"
}

t=$(date +%s%N)
rc=0
ansible-playbook -f "$forks" -i "$inv" "$here/concurrency.yml" >"$REL_WORK/run1.log" 2>&1 || rc=$?
ms=$((($(date +%s%N) - t) / 1000000))
read -r ok changed failed <<<"$(recap "$REL_WORK/run1.log")"
rel_admin GET /admin/world >"$REL_WORK/world.json"
union_ok=0
python3 "$here/soak_check.py" union "$REL_WORK/world.json" shared-by-20-forks "${union[@]}" | sed 's/^/concurrency: /' || union_ok=$?
rc2=0
ansible-playbook -f "$forks" -i "$inv" "$here/concurrency.yml" >"$REL_WORK/run2.log" 2>&1 || rc2=$?
read -r _ changed2 failed2 <<<"$(recap "$REL_WORK/run2.log")"
echo "concurrency: $forks forks at once: rc $rc, $changed of $forks fork tasks changed, $failed failed, ${ms} ms;" \
  "the account maps the union of ${#union[@]} names: $([ "$union_ok" = 0 ] && echo yes || echo NO);" \
  "second run: rc $rc2, changed $changed2, failed $failed2"
if [ "$rc" != 0 ] || [ "$failed" != 0 ] || [ "$union_ok" != 0 ] || [ "$rc2" != 0 ] || [ "$changed2" != 0 ]; then
  grep -E 'FAILED|fatal|failed:' "$REL_WORK/run1.log" "$REL_WORK/run2.log" | head -20
  exit 1
fi
