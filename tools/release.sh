#!/usr/bin/env bash
# make release VERSION=x.y.z [RELEASE_SUMMARY="..."]: everything a release needs but the commit and the tag.
#   1. checks the version (MAJOR.MINOR.PATCH) and that the checkout has no uncommitted change;
#   2. RELEASE_SUMMARY given: writes it as changelogs/fragments/<version>.yml (release_summary); otherwise
#      the release's summary is the one release_summary fragment already committed (none is allowed too);
#   3. sets galaxy.yml's version;
#   4. compiles every fragment into changelogs/changelog.yaml and CHANGELOG.md (cmd/changelog) and removes
#      the fragments (config.yaml: keep_fragments: false);
#   5. builds the tarball (make collection) and checks it (tools/release-check.sh: contents, size,
#      install into an empty path, ansible-doc -l), printing the figures the README quotes;
#   6. stages the release (git add: galaxy.yml, changelogs/, CHANGELOG.md, the fragments' removal) and
#      prints the commit and tag commands.
# RELEASE_ALLOW_DIRTY=1 skips the clean-checkout check (for trying it out).
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-}
say() { echo "release: $*"; }
die() { echo "release: $*" >&2; exit 1; }

[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] || die "VERSION=x.y.z is required (got '${version}')"
if [ "${RELEASE_ALLOW_DIRTY:-}" != 1 ] && [ -n "$(git status --porcelain)" ]; then
  die "the checkout has uncommitted changes; a release starts from a clean checkout (git status)"
fi
current=$(awk '/^version:/ {print $2}' galaxy.yml)
say "scmkit.sectigo $current -> $version ($(git rev-parse --short HEAD))"

if [ -n "${RELEASE_SUMMARY:-}" ]; then
  frag=changelogs/fragments/$version.yml
  [ ! -e "$frag" ] || die "$frag exists; give the summary there or in RELEASE_SUMMARY, not both"
  python3 - "$frag" <<'PY'
import os, sys, yaml
with open(sys.argv[1], "w") as f:
    f.write("---\n" + yaml.safe_dump({"release_summary": os.environ["RELEASE_SUMMARY"]}, width=110, allow_unicode=True))
PY
  say "wrote the release summary to $frag"
fi

sed -i "s/^version: .*/version: $version/" galaxy.yml
go run ./cmd/changelog release -version "$version" | sed 's/^/release: /'
go run ./cmd/changelog check | sed 's/^/release: /'

say "building the tarball (make collection)"
make --no-print-directory collection >/dev/null
tools/release-check.sh "dist/scmkit-sectigo-$version.tar.gz" "$version" \
  | sed 's/^release check: /release: /'

git add -A galaxy.yml changelogs CHANGELOG.md
say "staged: $(git diff --cached --name-status | awk '{print $1}' | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}') (A added, M modified, D removed)"
say "next: git commit -m 'Release $version' && git tag -a $version -m 'scmkit.sectigo $version'" \
  "&& ansible-galaxy collection publish dist/scmkit-sectigo-$version.tar.gz"
