#!/usr/bin/env bash
# The checks a release tarball must pass (make release runs them; make release-check and make test run
# them on the current build):
#   tools/release-check.sh TARBALL [VERSION]
# 1. contents: what users need is in it (LICENSE, README.md, meta/, docs/, the execution environment
#    files, every module's docs, action plugin and per-platform link, every platform's executable) and
#    nothing that works from a source checkout only (Go sources, the test harness, the demo, molecule);
#    with VERSION (a release): CHANGELOG.md and changelogs/changelog.yaml too, and no fragment left;
#    every file README.md links to is in it;
# 2. size: under Galaxy's 20 MB (20,000,000 bytes); prints the tarball's and each executable's size;
# 3. install: `ansible-galaxy collection install` into an empty path, offline, with galaxy.yml's
#    dependencies taken from this controller's own copies (Debian's ansible package), so that each
#    declared range is resolved against a version CI tests; MANIFEST.json carries VERSION;
# 4. ansible-doc -l scmkit.sectigo, from that path, lists every module and prints nothing on stderr.
# PLATFORMS (default: the Makefile's) names the executables to expect. Prints the figures the README quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=${1:?usage: tools/release-check.sh TARBALL [VERSION]}
version=${2:-}
platforms=${PLATFORMS:-$(sed -n 's/^PLATFORMS *:= *//p' Makefile)}
limit=20000000
fail() { echo "release check: FAIL: $*" >&2; exit 1; }
joined() { local out; out=$(printf '%s, ' "$@"); echo "${out%, }"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }

[ -f "$tarball" ] || fail "no $tarball (make collection)"
work=$(mktemp -d "${TMPDIR:-/tmp}/scmkit-release.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar tzvf "$tarball" | awk '{print $3, $6}' >"$work/listing"
awk '{print $2}' "$work/listing" | sed 's|/$||' >"$work/files"

# ── 1. Contents ──────────────────────────────────────────────────────────────────────────────────────
modules=$(for m in plugins/modules/*.py; do basename "$m" .py; done)
need=(MANIFEST.json FILES.json LICENSE README.md meta/runtime.yml meta/execution-environment.yml
  meta/ee-requirements.txt meta/ee-bindep.txt docs/awx.md extensions/ee/execution-environment.yml
  extensions/awx/credential_types.yml roles/certbot_eab/tasks/main.yml playbooks/demo.yml)
[ -n "$version" ] && need+=(CHANGELOG.md changelogs/changelog.yaml)
for p in $platforms; do
  need+=("executables/scmkit_${p%/*}_${p#*/}")
  for m in $modules; do need+=("plugins/modules/__bin__/${m}_${p%/*}_${p#*/}"); done
done
for m in $modules; do need+=("plugins/modules/$m.py" "plugins/action/$m.py"); done
missing=()
for f in "${need[@]}"; do grep -qxF "$f" "$work/files" || missing+=("$f"); done
[ ${#missing[@]} -eq 0 ] || fail "missing from the tarball: ${missing[*]}"
# Source-checkout only: Go, the harness, and the scripts that need bin/scmsim (README, "Install").
source_only='^(cmd|internal|tools|bench|bin|dist|examples|extensions/molecule|tests/(security|reliability|controllers|output))(/|$)|\.go$|^go\.(mod|sum)$|^Makefile$|^DESIGN\.md$|^tests/integration/run\.sh$|^\.(ci|git|cache)(/|$)'
[ -n "$version" ] && source_only+='|^changelogs/fragments/[^.]'
if grep -E "$source_only" "$work/files" >"$work/extra"; then fail "in the tarball but not for users: $(tr '\n' ' ' <"$work/extra")"; fi
# Every file README.md links to by a relative path is in the tarball (Galaxy shows the README).
tar xzf "$tarball" -C "$work" README.md
dangling=()
while read -r link; do
  link=${link%%#*}
  # Before the first release there is no CHANGELOG.md yet; a release (VERSION) must have it.
  [ -z "$version" ] && [ "$link" = CHANGELOG.md ] && continue
  [ -n "$link" ] && ! grep -qxF "${link%/}" "$work/files" && dangling+=("$link")
done < <(grep -oE '\]\([^)]+\)' "$work/README.md" | sed 's/^](//; s/)$//' | grep -vE '^(https?:|mailto:|#)')
[ ${#dangling[@]} -eq 0 ] || fail "README.md links to files the tarball does not carry: ${dangling[*]}"
echo "release check: contents: $(wc -l <"$work/files") entries; LICENSE, meta/execution-environment.yml, docs/awx.md," \
  "$(echo "$platforms" | wc -w) executables and $(echo "$modules" | wc -w) modules present; README's links resolve; no source-only file"

# ── 2. Size ──────────────────────────────────────────────────────────────────────────────────────────
size=$(stat -c %s "$tarball")
[ "$size" -lt "$limit" ] || fail "$tarball is $size bytes, over Galaxy's 20 MB"
echo "release check: size: $(basename "$tarball") $(mb "$size") ($size bytes), under Galaxy's 20 MB"
sizes=()
for p in $platforms; do
  b=$(awk -v f="executables/scmkit_${p%/*}_${p#*/}" '$2 == f {print $1}' "$work/listing")
  sizes+=("$p $(mb "$b")")
done
echo "release check: executables: $(joined "${sizes[@]}")"

# ── 3. Install into an empty path ────────────────────────────────────────────────────────────────────
deps=() found=()
while read -r dep; do
  [ -n "$dep" ] || continue
  dir=$(ansible-galaxy collection list "$dep" --format json 2>/dev/null | python3 -c '
import json, sys, os
name = sys.argv[1]
for path, colls in json.load(sys.stdin).items():
    if name in colls:
        print(os.path.join(path, *name.split(".")), colls[name]["version"]); break' "$dep" || true)
  [ -n "$dir" ] || fail "this controller has no $dep to install the tarball with (apt-get install ansible)"
  deps+=("${dir% *}") found+=("$dep ${dir##* }")
done < <(python3 -c 'import yaml; print("\n".join((yaml.safe_load(open("galaxy.yml")).get("dependencies") or {})))')
ansible-galaxy collection install --offline -p "$work/collections" "$tarball" "${deps[@]}" >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; fail "ansible-galaxy collection install into an empty path failed"; }
installed=$work/collections/ansible_collections/scmkit/sectigo
python3 - "$installed/MANIFEST.json" "$version" <<'PY' || fail "MANIFEST.json does not carry galaxy.yml's version and dependencies"
import json, sys, yaml
info = json.load(open(sys.argv[1]))["collection_info"]
galaxy = yaml.safe_load(open("galaxy.yml"))
ok = info["dependencies"] == (galaxy.get("dependencies") or {}) and (not sys.argv[2] or info["version"] == sys.argv[2])
sys.exit(0 if ok else 1)
PY
echo "release check: install: ansible-galaxy collection install into an empty path: scmkit.sectigo" \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["collection_info"]["version"])' "$installed/MANIFEST.json")," \
  "dependencies resolved with this controller's $(joined "${found[@]}")"

# ── 4. ansible-doc -l ────────────────────────────────────────────────────────────────────────────────
ANSIBLE_COLLECTIONS_PATH="$work/collections" ansible-doc -l scmkit.sectigo >"$work/doc.out" 2>"$work/doc.err" \
  || { cat "$work/doc.err"; fail "ansible-doc -l failed"; }
[ ! -s "$work/doc.err" ] || { cat "$work/doc.err"; fail "ansible-doc -l printed warnings"; }
for m in $modules; do grep -q "^scmkit.sectigo.$m " "$work/doc.out" || fail "ansible-doc -l does not list $m"; done
echo "release check: ansible-doc -l scmkit.sectigo: $(grep -c '^scmkit.sectigo\.' "$work/doc.out") modules, nothing on stderr"
echo "release check: PASS ($(ansible --version 2>/dev/null | sed -n 1p))"
