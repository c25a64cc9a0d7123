#!/bin/bash
# Makes the base images the examples start FROM, without Docker Hub: a static busybox image
# (busybox:latest) and a Debian 12 image with Python (python:3-slim), built from Debian's own
# packages with debootstrap. Each root filesystem is made once and cached as a tarball; then,
# when berth (or $BERTH) answers, each tarball is imported as an image, once.
#
#   scripts/make-base-images.sh                 # both images
#   scripts/make-base-images.sh busybox         # only busybox
#   scripts/make-base-images.sh --no-import     # only the tarballs
#   BERTH=docker scripts/make-base-images.sh    # seed a Docker daemon instead of berth
#
# Settings (environment):
#   BERTH_BASE_CACHE   where the tarballs go (default /var/cache/berth/base-images)
#   BERTH              the command that imports them (default: this checkout's bin/berth)
#   BERTH_DEBIAN_MIRROR  Debian mirror for debootstrap (default: the one apt uses here)
#   BERTH_DEBIAN_SUITE   Debian release (default bookworm)
#   SOURCE_DATE_EPOCH  the modification time written on every file (default 0)
# When the engine is not there or does not answer, the tarballs are still made, the script
# says how to import them later, and it exits with status 0.
# Run as root (debootstrap and chroot need it).
set -eu
set -o pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${BERTH_BASE_CACHE:-/var/cache/berth/base-images}
suite=${BERTH_DEBIAN_SUITE:-bookworm}
epoch=${SOURCE_DATE_EPOCH:-0}
export SOURCE_DATE_EPOCH=$epoch

usage() {
  sed -n '2,20s/^# \{0,1\}//p' "$0"
  exit "${1:-0}"
}

say() { printf '==> %s\n' "$*"; }
fail() {
  printf 'make-base-images: %s\n' "$*" >&2
  exit 1
}

do_import=yes
force=no
wanted=""
for arg in "$@"; do
  case $arg in
    busybox | python) wanted="$wanted $arg" ;;
    --no-import) do_import=no ;;
    --force) force=yes ;;
    -h | --help) usage 0 ;;
    *) printf 'make-base-images: unknown argument "%s"\n' "$arg" >&2 && usage 2 >&2 ;;
  esac
done
[ -n "$wanted" ] || wanted="busybox python"

[ "$(id -u)" = 0 ] || fail "run me as root: debootstrap, chroot and file ownership need it"
mkdir -p "$cache"

# Files of the temporary work (a root filesystem being made, a half-written tarball) are
# removed on any exit, so an interrupted run leaves only complete tarballs behind.
# Anything debootstrap left mounted inside (/proc, /sys, a bind of /dev) is unmounted first,
# and the removal never crosses into another filesystem.
work=$(mktemp -d "$cache/.work.XXXXXX")
remove_tree() {
  awk -v top="$1/" 'index($2, top) == 1 {print $2}' /proc/self/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$1"
}
trap 'remove_tree "$work"' EXIT
trap 'exit 130' INT TERM HUP

# Writes the root filesystem $1 as the tarball $2, the same bytes for the same files: names
# sorted, every mtime $SOURCE_DATE_EPOCH, no access or change times. $3 is "root" to make
# every file owned by 0:0, or "keep" to keep the numeric owners the packages set.
write_tar() {
  local dir=$1 out=$2 owners=$3
  local -a own=(--numeric-owner)
  [ "$owners" = root ] && own+=(--owner=0 --group=0)
  tar --create --file="$out.tmp" --directory="$dir" --format=posix \
    --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime' \
    --sort=name --mtime="@$epoch" "${own[@]}" --one-file-system .
  mv -f "$out.tmp" "$out" # the rename makes a tarball appear only when complete
}

# Prints "made in Ns, size S" for a tarball made since the time $2 (seconds).
report() {
  local out=$1 start=$2
  say "$(basename "$out"): made in $(($(date +%s) - start))s, $(du -h "$out" | cut -f1)" \
    "($(stat -c %s "$out") bytes), in $(dirname "$out")"
}

# ---------------------------------------------------------------------------------------------
# busybox: one static binary, a symlink per applet, the few files a shell and httpd expect.

make_busybox() {
  local out=$cache/busybox.tar root=$work/busybox start
  if [ "$force" = no ] && [ -f "$out" ] && [ -f "$cache/busybox.version" ]; then
    say "busybox base image: already made ($out)"
    return
  fi
  local bb=/bin/busybox
  [ -x "$bb" ] || fail "$bb is missing: install the busybox-static package (apt-get install busybox-static)"
  # ldd fails on a static binary; a dynamic busybox would not run in an empty root.
  if ldd "$bb" >/dev/null 2>&1; then
    fail "$bb is not statically linked: install busybox-static, not busybox"
  fi
  say "Making the busybox base image (once; cached in $cache)"
  start=$(date +%s)
  mkdir -p "$root"
  (
    cd "$root"
    mkdir -p bin sbin usr/bin usr/sbin etc root home tmp var/www var/log var/spool proc sys dev
    chmod 1777 tmp
    chmod 700 root
    cp "$bb" bin/busybox
    # busybox --list-full gives each applet's usual place (bin/sh, usr/bin/env, sbin/ip, ...).
    "$bb" --list-full | while read -r applet; do
      [ "$applet" = bin/busybox ] || [ -e "$applet" ] || ln -s /bin/busybox "$applet"
    done
    cat >etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/sh
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
    cat >etc/group <<'EOF'
root:x:0:
www-data:x:33:
nobody:x:65534:
EOF
    cat >etc/shadow <<'EOF'
root:*::0:::::
www-data:*::0:::::
nobody:*::0:::::
EOF
    chmod 600 etc/shadow
    # Sets the machine's names for the C library's "files" lookups; the runtime writes
    # /etc/hosts, /etc/hostname and /etc/resolv.conf itself.
    printf 'hosts: files dns\npasswd: files\ngroup: files\n' >etc/nsswitch.conf
  )
  # (The whole banner is read first: a pipe closed early by head would fail under pipefail.)
  local banner
  banner=$("$bb" 2>&1 || true)
  printf '%s\n' "$banner" | sed -n '1s/^BusyBox v\([0-9][0-9.]*\).*/\1/p' >"$work/busybox.version"
  [ -s "$work/busybox.version" ] || fail "cannot read the busybox version from \"$bb\""
  chroot "$root" /bin/sh -c 'echo ok' | grep -qx ok || fail "the busybox rootfs does not run sh"
  mv -f "$work/busybox.version" "$cache/busybox.version"
  write_tar "$root" "$out" root
  remove_tree "$root"
  report "$out" "$start"
}

# ---------------------------------------------------------------------------------------------
# python: Debian's minimal base plus python3, then slimmed like the official -slim images.

# The mirror apt uses on this machine (the deb822 file or sources.list), else Debian's CDN.
debian_mirror() {
  if [ -n "${BERTH_DEBIAN_MIRROR:-}" ]; then
    echo "$BERTH_DEBIAN_MIRROR"
    return
  fi
  local m=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    m=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources |
      tr ' ' '\n' | grep -v -- '-security' | grep . | head -1 || true)
  fi
  if [ -z "$m" ] && [ -f /etc/apt/sources.list ]; then
    m=$(awk '$1 == "deb" && $2 !~ /^\[/ && $2 !~ /security/ {print $2; exit}' \
      /etc/apt/sources.list || true)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

slim_python_rootfs() {
  local root=$1
  # What a container never needs: the package lists and the downloaded .deb files, manuals,
  # documentation (the copyright files stay), translations, logs and caches.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
    "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/archives/partial/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian \
    "$root"/usr/share/linda "$root"/var/cache/man/* "$root"/var/cache/debconf/*-old \
    "$root"/var/lib/dpkg/*-old "$root"/var/log/*.log "$root"/var/log/apt/* \
    "$root"/var/cache/ldconfig/aux-cache "$root"/debootstrap
  find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  # Later `apt-get install`s in a RUN step leave the same things out, as in Debian's slim images.
  cat >"$root/etc/dpkg/dpkg.cfg.d/berth-slim" <<'EOF'
# Written by berth's make-base-images.sh: leave manuals, documentation and translations out.
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  # The runtime writes these per container; an image ships them empty or not at all.
  rm -f "$root/etc/hostname" "$root/etc/resolv.conf"
  : >"$root/etc/machine-id"
  [ -e "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n' >"$root/etc/hosts"
}

make_python() {
  local out=$cache/python.tar root=$work/python start mirror
  if [ "$force" = no ] && [ -f "$out" ] && [ -f "$cache/python.version" ]; then
    say "python base image: already made ($out)"
    return
  fi
  command -v debootstrap >/dev/null || fail "debootstrap is missing: apt-get install debootstrap"
  mirror=$(debian_mirror)
  say "Making the python base image (once; cached in $cache)"
  say "  debootstrap $suite from $mirror: downloads Debian's packages; a minute or a few"
  start=$(date +%s)
  debootstrap --variant=minbase --include=python3,python3-minimal,ca-certificates \
    "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    fail "debootstrap $suite from $mirror failed (the last lines of its log are above)"
  }
  say "  debootstrap done in $(($(date +%s) - start))s ($(du -sh "$root/var/cache/apt/archives" |
    cut -f1) of packages); slimming the root filesystem"
  slim_python_rootfs "$root"
  # The official python images answer to `python` as well as `python3`.
  [ -e "$root/usr/local/bin/python" ] || ln -s /usr/bin/python3 "$root/usr/local/bin/python"
  # Compiled modules keyed by their source's hash, not its mtime: the tarball's fixed mtimes
  # then leave them valid, so Python never recompiles the standard library in a container.
  chroot "$root" /usr/bin/python3 -m compileall -q -f --invalidation-mode checked-hash \
    /usr/lib/python3 "$(chroot "$root" /usr/bin/python3 -c 'import sysconfig
print(sysconfig.get_path("stdlib"))')" >/dev/null
  chroot "$root" /usr/bin/python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' \
    >"$work/python.version"
  chroot "$root" python -c 'print(1)' | grep -qx 1 || fail "the python rootfs does not run python"
  mv -f "$work/python.version" "$cache/python.version"
  write_tar "$root" "$out" keep
  remove_tree "$root"
  report "$out" "$start"
}

# ---------------------------------------------------------------------------------------------
# import: each tarball becomes an image with the usual names, unless it is there already.

# The berth (or docker) command, as words: $BERTH, else this checkout's bin/berth, else `berth`.
engine_command() {
  if [ -n "${BERTH:-}" ]; then
    echo "$BERTH"
  elif [ -x "$here/bin/berth" ]; then
    echo "$here/bin/berth"
  else
    echo berth
  fi
}

# Imports $1 (a tarball) as $2, then tags it with each name in $3 too (space-separated);
# each step is skipped when already done. The remaining arguments are docker import options
# (--change ..., --message ...).
import_image() {
  local tarball=$1 name=$2 also=$3 tag
  shift 3
  if $engine image inspect "$name" >/dev/null 2>&1; then
    say "$name: already in $engine_name's images"
  else
    say "Importing $name from $tarball"
    $engine import "$@" "$tarball" "$name" >/dev/null
  fi
  for tag in $also; do
    $engine image inspect "$tag" >/dev/null 2>&1 || $engine tag "$name" "$tag"
  done
  say "ready: $name $also"
}

import_all() {
  engine=$(engine_command)
  engine_name=${engine##*/}
  engine_name=${engine_name%% *}
  if ! command -v "${engine%% *}" >/dev/null 2>&1; then
    say "No \"$engine\" command: the tarballs are ready in $cache; run me again once it is there."
    return
  fi
  if ! $engine version >/dev/null 2>&1 || ! $engine images >/dev/null 2>&1; then
    say "\"$engine\" does not answer (is its daemon running? for berth: berth daemon)."
    say "The tarballs are ready in $cache; run me again to import them."
    return
  fi
  local path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin v
  for image in $wanted; do
    case $image in
      busybox)
        v=$(cat "$cache/busybox.version")
        import_image "$cache/busybox.tar" busybox:latest "busybox:$v busybox:${v%.*}" \
          --change "ENV PATH=$path" --change 'CMD ["sh"]' \
          --message "busybox $v (static, from Debian's busybox-static), by make-base-images.sh"
        ;;
      python)
        v=$(cat "$cache/python.version")
        import_image "$cache/python.tar" python:3-slim "python:${v%.*}-slim python:$v-slim" \
          --change "ENV PATH=$path" --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' \
          --message "Debian $suite with python $v (debootstrap), by make-base-images.sh"
        ;;
    esac
  done
}

for image in $wanted; do
  "make_$image"
done
if [ "$do_import" = yes ]; then
  import_all
fi
