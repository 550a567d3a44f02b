#!/usr/bin/env bash
# make demo: build, start scmsim on loopback (PID recorded), run playbooks/demo.yml twice (the second
# run must report changed=0), stop everything that was started.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ansible-playbook >/dev/null || need+=(ansible-core ansible)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "demo: installing ${need[*]} (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "demo: missing packages; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

make --no-print-directory build >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-demo.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

bin/scmsim -listen 127.0.0.1:0 -admin-listen 127.0.0.1:0 -ca-out "$work/ca.pem" \
  -ready-file "$work/url" -admin-ready-file "$work/admin" 2>"$work/scmsim.log" &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$work/url" ] && break; sleep 0.05; done
[ -s "$work/url" ] || { echo "scmsim did not start:"; cat "$work/scmsim.log"; exit 1; }
echo "demo: scmsim (pid ${pids[0]}) at $(cat "$work/url")"

export ANSIBLE_COLLECTIONS_PATH="$PWD/.cache/collections" ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
export SCM_URL="$(cat "$work/url")/api" SCM_CUSTOMER_URI=demo SCM_LOGIN=mrao SCM_PASSWORD=mrao-secret SCM_CA_PATH="$work/ca.pem"

start=$(date +%s%N)
echo "demo: first run"
ansible-playbook -i localhost, playbooks/demo.yml | tee "$work/run1.log"
echo "demo: second run (must change nothing)"
ansible-playbook -i localhost, playbooks/demo.yml | tee "$work/run2.log"
grep -Eq 'localhost +: ok=[0-9]+ +changed=0 ' "$work/run2.log" || { echo "demo: the second run changed something"; exit 1; }
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "demo: both runs took $((ms / 1000)).$(printf %03d $((ms % 1000))) s; the second reported changed=0"
