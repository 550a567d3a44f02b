#!/usr/bin/env bash
# make soak: the demo inventory (tests/reliability/soak.yml) against a hostile scmsim, many times, in two
# profiles, each with its own table:
#   mixed  scmsim answers 10% of SCM requests with 503 + Retry-After and 5% with 429 + Retry-After, drops the
#          connection after committing 5% of writes, and adds 0-300 ms of jitter. An order or an account create
#          that got a 503 is sent again once SCM shows nothing of it, so runs converge; one that does not must
#          fail with a message that says what a re-run does (four 503s in a row to the same write).
#   drop   the only fault is drop-after-commit, 5% of writes: a lost answer is settled in the run that lost it
#          (the object adopted, or the write sent again where it cannot duplicate), so every run must converge.
# Once the inventory has converged, SCM holds everything and a further run would only read, so faults on
# writes would no longer be exercised. So after each converged run the script compares SCM's state with the
# declaration (no duplicate domains, ACME accounts or certificate orders, nothing missing), then resets
# scmsim's world and the next run builds it again from nothing. A failed run is followed by a plain re-run,
# as a user would do. At the end of each profile one fault-free run must converge and SCM's state must equal
# the declaration. A summary table with both profiles' figures closes the output.
#   tests/reliability/soak.sh [--short]      (--short: the few runs `make test` does)
# Environment: SOAK_RUNS (runs per profile, default 20, --short 3), SOAK_PROFILE (mixed, drop or both, the
# default), SOAK_SEED (fault seed, default 8), REL_KEEP=1 keeps the work directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
rel_require_ansible

runs=${SOAK_RUNS:-20}
[ "${1:-}" = --short ] && runs=${SOAK_RUNS:-3}
seed=${SOAK_SEED:-8}
case ${SOAK_PROFILE:-both} in
  both) profiles=(mixed drop) ;;
  mixed | drop) profiles=("$SOAK_PROFILE") ;;
  *) echo "SOAK_PROFILE must be mixed, drop or both, not ${SOAK_PROFILE}" >&2; exit 2 ;;
esac
# The fault settings of each profile, for PUT /admin/faults (which replaces the fields it names and reseeds).
declare -A fault_json=(
  [mixed]='"fail_rate":0.10,"rate_limit_rate":0.05,"retry_after_seconds":1,"drop_after_commit_rate":0.05,"jitter_ms":300'
  [drop]='"fail_rate":0,"rate_limit_rate":0,"retry_after_seconds":1,"drop_after_commit_rate":0.05,"jitter_ms":0'
)
declare -A fault_text=(
  [mixed]="503 10% + 429 5% (Retry-After 1 s), drop-after-commit 5%, jitter 0-300 ms"
  [drop]="drop-after-commit 5% only"
)
declare -A fault_short=([mixed]="503 10%, 429 5%, drop 5%, jitter 0-300 ms" [drop]="drop 5%")
t0=$(date +%s)

rel_setup soak
rel_start_sim -fault-seed "$seed"
export SOAK_DIR="$REL_WORK/soak"
mkdir -m 0700 "$SOAK_DIR"

# The keys and CSRs are made once, as a user's would be: every run enrols from the same CSRs.
csr() { # csr NAME KEYSPEC CN SAN...
  local name=$1 key=$2 cn=$3 san="DNS:$3" n opts=()
  shift 3
  for n in "$@"; do san="$san,DNS:$n"; done
  [ "$key" = ec ] && opts=(-pkeyopt ec_paramgen_curve:P-256)
  openssl req -new -newkey "$key" "${opts[@]}" -nodes \
    -keyout "$SOAK_DIR/$name.key" -out "$SOAK_DIR/$name.csr" -subj "/CN=$cn/O=Demo University" \
    -addext "subjectAltName=$san" 2>/dev/null
}
csr www-rsa rsa:2048 www.demo-university.example library.demo-university.example research.example alumni.example
csr events-ecc ec events.example www.events.example

# Counters are cleared by each reset, so they are summed here.
counter() { rel_admin GET /admin/counters | python3 -c "import json,sys; c=json.load(sys.stdin); print(c['requests'], c['faults']['503'], c['faults']['429'], c['faults']['drops'], c['mutating'])"; }

# check_state LABEL: SCM's state must equal the declaration; counts the checks and the duplicates.
check_state() {
  local problems line
  rel_admin GET /admin/world >"$REL_WORK/world-$1.json"
  problems=$(python3 "$here/soak_check.py" world "$REL_WORK/world-$1.json" "$here/soak.yml" || true)
  checks=$((checks + 1))
  if [ -n "$problems" ]; then
    bad_checks=$((bad_checks + 1))
    duplicates=$((duplicates + $(grep -c '^duplicate' <<<"$problems" || true)))
    while IFS= read -r line; do echo "       state after run $1: $line"; done <<<"$problems"
  fi
}

# run_once LABEL: one ansible-playbook run; prints a table row, counts unclear failures.
run_once() {
  local label=$1 out="$REL_WORK/run-$1.json" before after rc=0 r0 a0 b0 c0 m0 r1 a1 b1 c1 m1 changed result first
  before=$(counter)
  ANSIBLE_STDOUT_CALLBACK=json ansible-playbook -i localhost, "$here/soak.yml" >"$out" 2>"$REL_WORK/run-$label.err" || rc=$?
  after=$(counter)
  read -r r0 a0 b0 c0 m0 <<<"$before"
  read -r r1 a1 b1 c1 m1 <<<"$after"
  tot_req=$((tot_req + r1 - r0)) tot_503=$((tot_503 + a1 - a0)) tot_429=$((tot_429 + b1 - b0))
  tot_drops=$((tot_drops + c1 - c0)) tot_mut=$((tot_mut + m1 - m0))
  changed=$(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['stats']; print(sum(h.get('changed',0) for h in s.values()))" "$out" 2>/dev/null || echo "?")
  last_rc=$rc
  if [ "$rc" = 0 ]; then result=converged; converged=$((converged + 1)); else result=FAILED; failures=$((failures + 1)); fi
  first=$(python3 "$here/soak_check.py" failures "$out" 2>/dev/null | head -1 || true)
  printf '%-12s %-9s %7s %8s %6s %5s %5s %5s  %s\n' "$label" "$result" "$changed" $((r1 - r0)) $((m1 - m0)) $((a1 - a0)) $((b1 - b0)) $((c1 - c0)) "${first:0:140}"
  if [ "$rc" != 0 ]; then
    if [ -z "$first" ]; then
      echo "       ^ failed without a task failure (rc $rc):"; tail -5 "$REL_WORK/run-$label.err" | sed 's/^/         /'
      unclear=$((unclear + 1))
    else
      while IFS=$'\t' read -r task verdict msg; do
        [ "$verdict" = clear ] || { echo "       ^ UNCLEAR (does not say a re-run is safe): $task: $msg"; unclear=$((unclear + 1)); }
      done < <(python3 "$here/soak_check.py" failures "$out")
    fi
  fi
}

# soak PROFILE: the runs under the profile's faults from an empty world, then the fault-free run; prints the
# profile's table and figures and adds a row to the summary. Sets status=1 when the profile's checks fail.
summary=() status=0
summary_row() { printf '%-8s %-42s %-10s %-11s %-12s %-8s %s\n' "$@"; }
soak() {
  local profile=$1 i final_ok t1
  tot_req=0 tot_503=0 tot_429=0 tot_drops=0 tot_mut=0
  checks=0 bad_checks=0 duplicates=0 failures=0 converged=0 unclear=0
  t1=$(date +%s)
  rel_admin POST /admin/reset >/dev/null
  rel_admin PUT /admin/faults "{${fault_json[$profile]},\"seed\":$seed}" >/dev/null
  echo "soak ($profile): $runs runs, faults ${fault_text[$profile]}, seed $seed"
  printf '%-12s %-9s %7s %8s %6s %5s %5s %5s  %s\n' run result changed requests writes 503 429 drops "first failure (task, verdict, message)"
  for i in $(seq 1 "$runs"); do
    run_once "$profile-$i"
    if [ "$last_rc" = 0 ]; then
      check_state "$profile-$i"
      rel_admin POST /admin/reset >/dev/null
    fi
  done
  local faulty_failures=$failures faulty_converged=$converged
  rel_admin PUT /admin/faults '{"fail_rate":0,"rate_limit_rate":0,"drop_after_commit_rate":0,"jitter_ms":0}' >/dev/null
  run_once "$profile-final"
  final_ok=$([ "$last_rc" = 0 ] && echo yes || echo no)
  check_state "$profile-final"
  echo "soak ($profile): $runs runs under faults: $faulty_converged converged, $faulty_failures failed (unclear messages: $unclear);" \
    "$tot_req SCM requests, $tot_mut writes; retries observed: 503 x$tot_503, 429 x$tot_429;" \
    "writes dropped after commit: $tot_drops; final fault-free run: $([ "$final_ok" = yes ] && echo converged || echo FAILED);" \
    "state checks: $((checks - bad_checks)) of $checks equal the declaration; duplicates found: $duplicates; $(($(date +%s) - t1)) s"
  summary+=("$(summary_row "$profile" "${fault_short[$profile]}" "$faulty_converged/$runs" \
    "$duplicates" "$((checks - bad_checks))/$checks" "$unclear" "$([ "$final_ok" = yes ] && echo converged || echo FAILED)")")
  # Every profile: no unclear failure, a converging fault-free run, SCM's state exact after every converged
  # run. Drop-after-commit alone must not fail a run at all: each lost answer is settled in its own run.
  if [ "$unclear" != 0 ] || [ "$final_ok" != yes ] || [ "$bad_checks" != 0 ]; then status=1; fi
  if [ "$profile" = drop ] && [ "$faulty_failures" != 0 ]; then
    echo "soak (drop): $faulty_failures runs failed; a lost answer must be settled in the run that lost it"
    status=1
  fi
}

for profile in "${profiles[@]}"; do
  soak "$profile"
  echo
done
echo "soak summary (${runs} runs per profile, $(($(date +%s) - t0)) s in all):"
summary_row profile faults converged duplicates "state exact" unclear "fault-free run"
printf '%s\n' "${summary[@]}"
exit "$status"
