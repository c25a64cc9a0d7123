#!/bin/bash
# End-to-end build benchmark: whole commands, timed from the shell, for three contexts — a small
# app, 20,000 small files (200 MB), one 1 GiB file — each built cold, rebuilt with nothing changed,
# and rebuilt after one source file changed:
#   - through berth's CLI (the context read in place by the daemon),
#   - through berth's CLI sending the context as a tar (BERTH_BUILD_CONTEXT=tar),
#   - through curl sending berth's in-place request (the daemon's share, without the CLI's start),
#   - through the docker CLI pointed at berth (classic protocol, the context as a tar),
#   - and against a Docker daemon with BuildKit when one answers (DOCKER_BENCH_HOST, default
#     unix:///var/run/docker.sock), with ratios berth / Docker measured in the same run.
# It makes its own inputs on a busybox base it imports itself, and starts its own berth daemon on
# a temporary root and socket, which it stops at the end.
#
#   scripts/bench-build.sh                  # every case
#   scripts/bench-build.sh small files      # some cases (small, files, big)
#
# Settings (environment):
#   BENCH_DIR            where the inputs and the daemon's root go (default: a new /var/tmp dir)
#   DOCKER_BENCH_HOST    the Docker daemon to compare with (default unix:///var/run/docker.sock)
#   DOCKER_BENCH_CLI     its CLI, with BuildKit built in (default /usr/bin/docker, Debian's)
#   BENCH_FILES          number of small files (default 20000); BENCH_BIG_MIB (default 1024)
#   BENCH_WAYS           the ways to measure, of those above (default: every one available),
#                        e.g. "api_inplace docker"
#   BENCH_SETTLE         seconds to wait, after a sync, before the first measurement (default 65;
#                        see "Nothing is deleted" below)
#   BENCH_RUNS           how many times each measurement is made (default 1); the table shows the
#                        fastest, the best estimate of the cost on a machine others share
# Run as root, after ./mvnw -q package -DskipTests.
set -eu
set -o pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/env.sh"
berth="$here/bin/berth"
[ "$(id -u)" = 0 ] || { echo "bench-build: run me as root (the daemon needs it)" >&2; exit 1; }
[ -f "$here/berth-surfaces/target/lib/berth.jar" ] ||
  { echo "bench-build: build berth first: ./mvnw -q package -DskipTests" >&2; exit 1; }

cases=${*:-small files big}
nfiles=${BENCH_FILES:-20000}
runs=${BENCH_RUNS:-1}
bigmib=${BENCH_BIG_MIB:-1024}
work=${BENCH_DIR:-$(mktemp -d /var/tmp/berth-bench.XXXXXX)}
mkdir -p "$work"
sock=$work/berth.sock
docker_host=${DOCKER_BENCH_HOST:-unix:///var/run/docker.sock}
docker_cli=${DOCKER_BENCH_CLI:-/usr/bin/docker}
dockercli_berth=$(command -v docker || true)
daemon_pid=""

cleanup() {
  if [ -n "$daemon_pid" ]; then
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  if [ "${have_docker:-no}" = yes ]; then
    DOCKER_HOST=$docker_host "$docker_cli" images -q --filter 'reference=bench-*' |
      xargs -r env DOCKER_HOST="$docker_host" "$docker_cli" rmi -f >/dev/null 2>&1 || true
  fi
  rm -rf "$work/root" "$work/ctx" "$work/busybox"
}
trap cleanup EXIT

say() { printf '==> %s\n' "$*" >&2; }
now() { date +%s%N; }
# Runs "$@" quietly and prints its wall time in seconds (3 decimals); fails loudly.
timed() {
  local t0 t1
  t0=$(now)
  if ! "$@" >"$work/last.log" 2>&1; then
    echo "bench-build: failed: $*" >&2
    tail -n 20 "$work/last.log" >&2
    exit 1
  fi
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

# The daemon: its own root and socket.
say "Starting a berth daemon on $sock (root $work/root)"
"$berth" daemon --root "$work/root" -H "unix://$sock" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
export BERTH_HOST=unix://$sock
for _ in $(seq 1 120); do
  "$berth" version >/dev/null 2>&1 && break
  sleep 0.25
done
"$berth" version >/dev/null

# The base: a static busybox, imported into berth (and into Docker when it answers).
say "Importing busybox:bench"
bb=$work/busybox
mkdir -p "$bb/bin" "$bb/tmp" "$bb/etc"
cp /bin/busybox "$bb/bin/busybox"
for applet in sh cat ls true wc; do ln -sf busybox "$bb/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$bb/etc/passwd"
tar -C "$bb" -cf "$work/busybox.tar" .
"$berth" import "$work/busybox.tar" busybox:bench >/dev/null

have_docker=no
if [ -x "$docker_cli" ] && DOCKER_HOST=$docker_host "$docker_cli" version >/dev/null 2>&1; then
  have_docker=yes
  say "Docker answers on $docker_host: importing busybox:bench there too"
  DOCKER_HOST=$docker_host "$docker_cli" import "$work/busybox.tar" busybox:bench >/dev/null
else
  say "No Docker daemon on $docker_host: berth's figures only"
fi

# The inputs, one directory per case; the file the "changed" rebuild edits is $ctx/$changed.
make_small() {
  local ctx=$1
  mkdir -p "$ctx/src" "$ctx/static"
  for i in $(seq 1 20); do head -c 2000 /dev/urandom | base64 >"$ctx/src/module$i.py"; done
  head -c 50000 /dev/urandom >"$ctx/static/logo.png"
  printf 'VERSION = "1.0"\n' >"$ctx/src/greeting.py"
  printf '.git\n*.pyc\n' >"$ctx/.dockerignore"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM busybox:bench
WORKDIR /app
RUN echo prepare > /prepared
COPY . .
RUN cat src/greeting.py > /version
CMD ["cat", "/version"]
EOF
  echo src/greeting.py
}
make_files() {
  local ctx=$1 per=$((nfiles / 100))
  mkdir -p "$ctx/data"
  # 10 KB of random bytes per file, 100 directories
  for d in $(seq -w 0 99); do
    mkdir -p "$ctx/data/d$d"
    head -c $((per * 10240)) /dev/urandom | split -b 10240 -a 4 - "$ctx/data/d$d/f"
  done
  printf 'FROM busybox:bench\nCOPY . /data/\n' >"$ctx/Dockerfile"
  echo data/d42/faaaa
}
make_big() {
  local ctx=$1
  mkdir -p "$ctx"
  head -c $((bigmib * 1024 * 1024)) /dev/urandom >"$ctx/big.bin"
  printf 'note 1\n' >"$ctx/note.txt"
  printf 'FROM busybox:bench\nCOPY big.bin /data/\nCOPY note.txt /data/\n' >"$ctx/Dockerfile"
  echo note.txt
}

# berth | berth_tar | dockercli_berth | docker  TAG CTX; RUN steps get no network in every way
# (the Docker daemon may run without a bridge, as it does here).
build_with() {
  local how=$1 tag=$2 ctx=$3
  case $how in
    berth) "$berth" build -q --network none -t "$tag" "$ctx" ;;
    berth_tar) BERTH_BUILD_CONTEXT=tar "$berth" build -q --network none -t "$tag" "$ctx" ;;
    api_inplace)
      # berth's in-place request as its CLI sends it, from curl: the daemon's share alone
      local real id
      real=$(cd "$ctx" && pwd -P)
      id=$(stat -c '%d:%i' "$real")
      curl -sf --unix-socket "$sock" -X POST -H 'Content-Type: application/x-tar' --data-binary '' \
        "http://berth/build?q=1&networkmode=none&t=$tag&berthcontext=$real&berthcontextid=$id" |
        grep -q '"aux"'
      ;;
    dockercli_berth)
      DOCKER_HOST=unix://$sock DOCKER_BUILDKIT=0 "$dockercli_berth" build -q --network none \
        -t "$tag" "$ctx"
      ;;
    docker)
      DOCKER_HOST=$docker_host DOCKER_BUILDKIT=1 "$docker_cli" build -q --network none \
        -t "$tag" "$ctx"
      ;;
  esac
}

ways="berth berth_tar"
command -v curl >/dev/null && ways="$ways api_inplace"
[ -n "$dockercli_berth" ] && ways="$ways dockercli_berth"
[ "$have_docker" = yes ] && ways="$ways docker"
if [ -n "${BENCH_WAYS:-}" ]; then
  # only the ways asked for, of those available here, in the usual order
  ways=$(for w in $ways; do case " $BENCH_WAYS " in *" $w "*) printf '%s ' "$w" ;; esac; done)
fi

# One small build per way first, so that every way is measured with its daemon warmed up, as a
# daemon that has been running for a while is.
warm=$work/ctx/warm
mkdir -p "$warm"
printf 'FROM busybox:bench\nCOPY Dockerfile /warm\nRUN true\n' >"$warm/Dockerfile"
for how in $ways; do
  say "Warming up: $how"
  for i in 1 2 3; do
    echo "# $how $i" >>"$warm/Dockerfile"
    timed build_with "$how" "bench-warm-$how:$i" "$warm" >/dev/null
  done
done

# Nothing is deleted while the builds are timed: on ext4 without a journal (this machine's root
# file system) the inode allocator skips inodes deleted less than a minute ago, reading their
# inode-table blocks one by one, so a way that creates 20,000 files right after another way's
# context was removed pays several seconds for that removal (a plain `cp -r` of the 20,000 files
# took 7 s after an `rm -rf` of as many, 0.1 s in a part of the disk with none). Every context is
# kept until the end, and Docker's build cache is emptied once, before the first measurement.
if [ "$have_docker" = yes ]; then
  DOCKER_HOST=$docker_host "$docker_cli" builder prune -af >/dev/null 2>&1 || true
fi
sync
sleep "${BENCH_SETTLE:-65}"
results=$work/results.txt
: >"$results"
for c in $cases; do
 for run in $(seq 1 "$runs"); do
  for how in $ways; do
    ctx=$work/ctx/$c-$how-$run
    mkdir -p "$ctx"
    say "Making the $c context for $how"
    changed=$("make_$c" "$ctx")
    # (each run makes new random contents, so its cold build is cold again)
    sync
    say "$c / $how: cold build"
    cold=$(timed build_with "$how" "bench-$c-$how:1" "$ctx")
    say "$c / $how: rebuild, nothing changed"
    same=$(timed build_with "$how" "bench-$c-$how:2" "$ctx")
    echo "changed $(date +%s%N)" >>"$ctx/$changed"
    say "$c / $how: rebuild, $changed changed"
    edit=$(timed build_with "$how" "bench-$c-$how:3" "$ctx")
    printf '%s %s %s %s %s\n' "$c" "$how" "$cold" "$same" "$edit" | tee -a "$results" >&2
  done
 done
done

# The fastest of the runs of each measurement.
best=$work/best.txt
awk '{ k = $1 " " $2
       for (i = 3; i <= 5; i++) if (!((k, i) in m) || $i < m[k, i]) m[k, i] = $i
       if (!(k in seen)) { seen[k] = 1; order[n++] = k } }
     END { for (j = 0; j < n; j++) { k = order[j]; print k, m[k, 3], m[k, 4], m[k, 5] } }' \
  "$results" >"$best"

# The table: seconds, and each berth way over Docker's BuildKit when it ran.
echo
echo "fastest of $runs run(s), in seconds; cores: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-16s %9s %9s %9s %11s %11s %11s\n' case way cold unchanged changed "cold/bk" "unch/bk" "chg/bk"
while read -r c how cold same edit; do
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
  read -r _ _ dcold dsame dedit < <(grep "^$c docker " "$best" || echo "x x 0 0 0")
  printf '%-6s %-16s %9s %9s %9s %11s %11s %11s\n' "$c" "$how" "$cold" "$same" "$edit" \
    "$(ratio "$cold" "$dcold")" "$(ratio "$same" "$dsame")" "$(ratio "$edit" "$dedit")"
done <"$best"
