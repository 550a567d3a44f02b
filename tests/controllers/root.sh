#!/usr/bin/env bash
# Newer Debian controllers for the matrix, built with debootstrap from this machine's own Debian archive
# and cached outside the checkout, so a machine builds each root once (and again when it is a week old or
# its package list changed).
#   tests/controllers/root.sh path NAME            print the root's directory (no build)
#   tests/controllers/root.sh ensure NAME          build NAME unless a fresh cached root exists
#   tests/controllers/root.sh run NAME CMD...      run CMD inside the root, in this checkout
#   tests/controllers/root.sh umount NAME          undo any mount left below the root
# NAME: trixie (Debian 13: ansible-core 2.19, Python 3.13) or testing (Debian testing: ansible-core 2.22
# beta, Python 3.14). SCMKIT_ROOTS sets the cache directory (default /var/cache/scmkit/roots).
#
# `run` bind-mounts /proc, /dev, /dev/pts and this checkout (at the same path, so paths in the
# checkout mean the same inside) and undoes every mount on every exit path, before it returns.
# Needs root (debootstrap, chroot, mount).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
checkout=$(cd "$here/../.." && pwd)
cache=${SCMKIT_ROOTS:-/var/cache/scmkit/roots}
max_age_days=7

# Debian's packages for a controller like users have: ansible-core and the ansible bundle
# (community.general, community.crypto), what the demo and the DCV targets run (certbot, BIND, nsupdate
# with dnspython, openssl), procps for kill, the linters, ansible-runner (AWX's engine), git for
# ansible-test, and molecule's runtime dependencies (../shared/vendor/README.md).
packages=(
  ansible-core ansible ansible-lint yamllint python3-ansible-runner
  certbot bind9 bind9-dnsutils python3-dnspython openssl procps ca-certificates git make
  python3-ansible-compat python3-click python3-enrich python3-jsonschema python3-packaging python3-pluggy
  python3-rich python3-wcmatch python3-yaml python3-pip python3-setuptools python3-setuptools-scm python3-wheel
  python3-voluptuous python3-jinja2 pylint pycodestyle
)
# Sanity tests that need them are told apart by whether the module imports; these are not in every
# release, so they are installed when the archive has them.
optional_packages=(python3-antsibull-docs-parser shellcheck)

molecule_tarball=$checkout/../shared/vendor/molecule-26.6.0.tar.gz

suite_of() {
  case "$1" in
    trixie) echo trixie ;;
    testing) echo forky ;;
    *) echo "root.sh: unknown controller '$1' (trixie or testing)" >&2; return 1 ;;
  esac
}

mirror() { # the first Debian mirror in this machine's own apt configuration
  local m
  m=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  [ -n "$m" ] || m=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  [ -n "$m" ] || { echo "root.sh: no Debian mirror in /etc/apt" >&2; return 1; }
  echo "$m"
}

# What a root was built from: when this changes, the cached root is rebuilt.
recipe() {
  { printf '%s\n' "${packages[@]}" "${optional_packages[@]}"
    [ -f "$molecule_tarball" ] && sha256sum "$molecule_tarball" | cut -d' ' -f1
    echo "recipe 1"; } | sha256sum | cut -d' ' -f1
}

mounted_below() { # mount points at or below $1, deepest first
  awk -v p="$1" '$2 == p || index($2, p "/") == 1 {print $2}' /proc/self/mounts | sort -r
}

umount_all() {
  local dir=$1 m
  for m in $(mounted_below "$dir"); do umount "$m" 2>/dev/null || umount -l "$m"; done
  [ -z "$(mounted_below "$dir")" ]
}

mount_for_run() {
  local dir=$1
  mount -t proc proc "$dir/proc"
  mount --bind /dev "$dir/dev"
  mount --bind /dev/pts "$dir/dev/pts"
  mkdir -p "$dir$checkout"
  mount --bind "$checkout" "$dir$checkout"
  # The vendored tools sit beside the checkout (../shared/vendor); molecule's install reads them.
  local shared
  if shared=$(cd "$checkout/../shared" 2>/dev/null && pwd); then
    mkdir -p "$dir$shared"
    mount --bind "$shared" "$dir$shared"
  fi
}

# The environment inside: a clean one, plus the project's own switches (SCMKIT_*) and CI.
root_env() {
  printf '%s\n' HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb
  env | grep -E '^(SCMKIT_[A-Z0-9_]*|CI)=' || true
}

# What runs leave in root's home (collections, molecule's state, async results, ansible-test's
# environments): emptied before and after every run, so that each starts as on a new controller. HOME
# stays root's own: ansible-core expands ~ through the password database in some places (async_status)
# and through HOME in others, so a HOME elsewhere splits them.
clean_home() { rm -rf "$1/root/.ansible" "$1/root/.ansible_async" "$1/root/.cache"; }

in_root() { # in_root DIR CMD...: run CMD in DIR, in this checkout, with the mounts, undone whatever happens
  local dir=$1 rc=0 vars=()
  shift
  mapfile -t vars < <(root_env)
  clean_home "$dir"
  trap 'umount_all "'"$dir"'"; clean_home "'"$dir"'"' EXIT
  trap 'exit 143' TERM
  trap 'exit 130' INT
  mount_for_run "$dir"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  chroot "$dir" /usr/bin/env -i "${vars[@]}" /bin/sh -c 'cd "$0" && exec "$@"' "$checkout" "$@" 9>&- || rc=$?
  umount_all "$dir"
  clean_home "$dir"
  trap - EXIT TERM INT
  return "$rc"
}

fresh() { # the cached root exists, was built from this recipe, and is younger than max_age_days
  local dir=$1
  [ -f "$dir.ok" ] && [ "$(cat "$dir.ok")" = "$(recipe)" ] \
    && [ -n "$(find "$dir.ok" -mtime -"$max_age_days" 2>/dev/null)" ]
}

build() {
  local name=$1 dir=$2 suite script=() new="$2.new" t0=$SECONDS
  suite=$(suite_of "$name")
  command -v debootstrap >/dev/null || { echo "root.sh: debootstrap is missing (apt-get install -y debootstrap)" >&2; return 1; }
  umount_all "$new" && rm -rf "$new"
  mkdir -p "$cache"
  # Debian 12's debootstrap knows no script for testing's codename; sid's works for it.
  [ -e "/usr/share/debootstrap/scripts/$suite" ] || script=(/usr/share/debootstrap/scripts/sid)
  echo "root.sh: debootstrap $suite into $new"
  debootstrap --variant=minbase "$suite" "$new" "$(mirror)" "${script[@]}" >"$cache/$name.build.log" 2>&1 \
    || { tail -20 "$cache/$name.build.log" >&2; return 1; }
  local mirror_uri
  mirror_uri=$(mirror)
  echo "deb $mirror_uri $suite main" >"$new/etc/apt/sources.list"
  printf 'APT::Install-Recommends "false";\nAcquire::Check-Valid-Until "false";\n' >"$new/etc/apt/apt.conf.d/90scmkit"
  local optional=() p
  in_root "$new" apt-get update -qq >>"$cache/$name.build.log" 2>&1
  for p in "${optional_packages[@]}"; do
    in_root "$new" apt-cache show "$p" >/dev/null 2>&1 && optional+=("$p")
  done
  in_root "$new" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" "${optional[@]}" \
    >>"$cache/$name.build.log" 2>&1 || { tail -20 "$cache/$name.build.log" >&2; return 1; }
  install_molecule "$new" >>"$cache/$name.build.log" 2>&1 || { tail -20 "$cache/$name.build.log" >&2; return 1; }
  in_root "$new" apt-get clean
  # named must not start by itself in a root nobody boots; the tests start their own on loopback.
  umount_all "$new"
  umount_all "$dir" && rm -rf "$dir"
  mv "$new" "$dir"
  recipe >"$dir.ok"
  echo "root.sh: $name ready in $((SECONDS - t0)) s: $(in_root "$dir" ansible --version | head -1)"
}

# molecule 26.6.0 from the vendored source (no index reachable); its dependencies are Debian packages.
install_molecule() {
  local dir=$1
  [ -f "$molecule_tarball" ] || { echo "root.sh: no $molecule_tarball; molecule is not installed in the root"; return 0; }
  rm -rf "$dir/opt/molecule-src" && mkdir -p "$dir/opt/molecule-src"
  tar xzf "$molecule_tarball" -C "$dir/opt/molecule-src" --strip-components=1
  in_root "$dir" sh -c 'cd /opt/molecule-src && SETUPTOOLS_SCM_PRETEND_VERSION=26.6.0 \
    pip install --no-deps --no-index --no-build-isolation --break-system-packages .'
  rm -rf "$dir/opt/molecule-src"
}

main() {
  local cmd=${1:-} name=${2:-}
  [ -n "$cmd" ] && [ -n "$name" ] || { sed -n '2,12p' "$0" >&2; exit 2; }
  suite_of "$name" >/dev/null
  local dir=$cache/$name
  # One user of a root at a time: a second `run` would mount over the first, and its unmount would
  # pull the mounts from under it.
  mkdir -p "$cache"
  exec 9>"$cache/$name.lock"
  flock -w 3600 9 || { echo "root.sh: $name is busy (another run holds $cache/$name.lock)" >&2; exit 1; }
  case "$cmd" in
    path) echo "$dir" ;;
    ensure)
      [ "$(id -u)" = 0 ] || { echo "root.sh: building a controller root needs root" >&2; exit 1; }
      if fresh "$dir"; then echo "root.sh: $name cached in $dir"; else build "$name" "$dir"; fi ;;
    run)
      shift 2
      fresh "$dir" || { echo "root.sh: no fresh $name root; run: $0 ensure $name" >&2; exit 1; }
      in_root "$dir" "$@" ;;
    umount) umount_all "$dir" && umount_all "$dir.new" ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
}

main "$@"
