#!/bin/bash
# Measures container latency and the daemon's memory, berth beside its baselines in the same run:
#   - bare `runc run` of a busybox bundle running `true` (the floor under any engine);
#   - `run --rm IMAGE true`, `run -d IMAGE sleep` (it returns once the process runs) and `rm -f`,
#     through berth's own CLI and through the docker CLI, both against a berth daemon;
#   - the same through the docker CLI against Docker, when a Docker daemon answers;
#   - the daemons' resident memory with 0, 10 and 100 idle `sleep` containers, with the runtime
#     processes each container keeps (berth: a foreground `runc run`; Docker: a containerd shim)
#     counted apart from the daemon itself.
# It makes its own busybox image (scripts/make-base-images.sh busybox) and starts its own berth
# daemon on a temporary root and socket, its default network on a bridge of its own (berthbench1,
# 10.216.1.0/24, so that no other berth daemon here is disturbed); it stops the daemon and removes
# everything at the end. Needs root, runc, Java 25 and a build of berth (./mvnw -q package
# -DskipTests); installs hyperfine and jq with apt-get when they are missing. Noisy machines give
# noisy figures: each timing is the median of many runs, and every ratio is between figures of
# this one run.
#
#   scripts/bench-containers.sh                    # everything, 30 runs per timing
#   scripts/bench-containers.sh --runs 10 --idle "0 10"
#   scripts/bench-containers.sh --no-docker        # berth and runc only
#   scripts/bench-containers.sh --start-dockerd    # starts a Docker daemon of its own to compare
#
# --start-dockerd starts dockerd (Debian's docker.io) on a temporary data root and socket, with
# its own containerd and a bridge of its own (berthbench0, 10.216.0.0/24, removed at the end; no
# iptables rules, no change to IP forwarding), and stops it at the end; otherwise a Docker daemon
# that already answers on DOCKER_BENCH_HOST (default unix:///var/run/docker.sock) is measured, if
# there is one. Both engines are timed as users run them (their default bridge network, a veth
# pair per container; berth also writes its iptables chains) and with --network none (a loopback
# interface only). No image is pulled: the busybox tarball is imported. BENCH_SETTLE (default 15)
# is how many seconds to wait before reading memory.
#
# The daemons and the timed commands run at nice -20 (--no-priority to leave them at 0), so that
# other work on the machine disturbs the figures less; both engines alike.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
runs=30
idle_counts="0 10 100"
with_docker=yes
start_dockerd=no
prio=(nice -n -20)
docker_host=${DOCKER_BENCH_HOST:-unix:///var/run/docker.sock}
settle=${BENCH_SETTLE:-15}
image=berth-bench/busybox:latest

usage() {
  sed -n '2,34s/^# \{0,1\}//p' "$0"
  exit "${1:-0}"
}

while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2 && shift ;;
    --idle) idle_counts=$2 && shift ;;
    --no-docker) with_docker=no ;;
    --start-dockerd) start_dockerd=yes ;;
    --no-priority) prio=() ;;
    -h | --help) usage 0 ;;
    *) printf 'bench-containers: unknown argument "%s"\n' "$1" >&2 && usage 2 >&2 ;;
  esac
  shift
done

say() { printf '==> %s\n' "$*" >&2; }
fail() {
  printf 'bench-containers: %s\n' "$*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "run me as root: runc and the daemon need it"
command -v runc >/dev/null || fail "runc is missing (apt-get install runc)"
[ -f "$here/berth-surfaces/target/lib/berth.jar" ] ||
  fail "berth is not built: (cd $here && ./mvnw -q package -DskipTests)"
for tool in hyperfine jq; do
  if ! command -v "$tool" >/dev/null; then
    say "installing $tool with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
  fi
done
. "$here/scripts/env.sh"

# ---------------------------------------------------------------------------------------------
# A temporary root, socket and bundle; everything started here is stopped on exit.

work=$(mktemp -d /tmp/berth-bench.XXXXXX)
sock=$work/berth.sock
berth="$here/bin/berth -H unix://$sock"
daemon_pid=""
dockerd_pid=""
bridge=""
docker_containers=""
# Stops the process $1 with SIGTERM, then SIGKILL after 30 s.
stop() {
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null
}
cleanup() {
  set +e
  if [ -n "$docker_containers" ]; then
    # shellcheck disable=SC2086
    docker -H "$docker_host" rm -f $docker_containers >/dev/null 2>&1
  fi
  if [ -n "$dockerd_pid" ]; then
    docker -H "$docker_host" rmi "$image" >/dev/null 2>&1
    stop "$dockerd_pid"
  fi
  if [ -n "$bridge" ]; then
    ip link delete "$bridge" 2>/dev/null
  fi
  if [ -n "$daemon_pid" ]; then
    stop "$daemon_pid"
  fi
  awk -v top="$work/" 'index($2, top) == 1 {print $2}' /proc/self/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

say "making the busybox root filesystem (scripts/make-base-images.sh busybox --no-import)"
"$here/scripts/make-base-images.sh" busybox --no-import >&2
tarball=${BERTH_BASE_CACHE:-/var/cache/berth/base-images}/busybox.tar
path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say "starting a berth daemon on $sock (root $work/root)"
"${prio[@]}" "$here/bin/berth" daemon --root "$work/root" -H "unix://$sock" \
  --bridge berthbench1 --bip 10.216.1.1/24 \
  >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 300); do
  $berth version >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null ||
    fail "the daemon did not start: $(tail -5 "$work/daemon.log")"
  sleep 0.1
done
$berth import --change "ENV PATH=$path" --change 'CMD ["sh"]' "$tarball" "$image" >/dev/null

# The bare-runc baseline: the same root filesystem, runc's own default spec, running `true`.
mkdir -p "$work/bundle/rootfs"
tar -xf "$tarball" -C "$work/bundle/rootfs"
(cd "$work/bundle" && runc spec)
jq '.process.terminal = false | .process.args = ["true"]' "$work/bundle/config.json" \
  >"$work/bundle/config.json.new" && mv "$work/bundle/config.json.new" "$work/bundle/config.json"

if [ "$with_docker" = yes ] && [ "$start_dockerd" = yes ]; then
  command -v dockerd >/dev/null || fail "dockerd is missing (apt-get install docker.io)"
  docker_host=unix://$work/docker.sock
  say "starting a Docker daemon on $docker_host (data root $work/docker)"
  ip link show berthbench0 >/dev/null 2>&1 && fail "a bridge berthbench0 exists already"
  bridge=berthbench0
  ip link add "$bridge" type bridge
  ip addr add 10.216.0.1/24 dev "$bridge"
  ip link set "$bridge" up
  "${prio[@]}" dockerd --data-root "$work/docker" --exec-root "$work/docker-exec" \
    -H "$docker_host" --pidfile "$work/docker.pid" --bridge="$bridge" --iptables=false \
    --ip-forward=false --ip-masq=false >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 300); do
    docker -H "$docker_host" version >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null ||
      fail "dockerd did not start: $(tail -5 "$work/dockerd.log")"
    sleep 0.1
  done
fi
docker_ok=no
if [ "$with_docker" = yes ] && command -v docker >/dev/null &&
  docker -H "$docker_host" version >/dev/null 2>&1; then
  docker_ok=yes
  say "a Docker daemon answers on $docker_host: measuring it too"
  docker -H "$docker_host" image inspect "$image" >/dev/null 2>&1 ||
    docker -H "$docker_host" import --change "ENV PATH=$path" --change 'CMD ["sh"]' \
      "$tarball" "$image" >/dev/null
else
  say "no Docker daemon on $docker_host (or --no-docker): berth and runc only"
fi

# ---------------------------------------------------------------------------------------------
# Timings: hyperfine, no shell in between, the median of $runs runs after warm-up runs.

declare -A median
# Runs hyperfine on one command and records its median (ms) under $1; the rest are hyperfine's
# options and the command.
timing() {
  local key=$1
  shift
  "${prio[@]}" hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/$key.json" "$@" \
    >/dev/null 2>&1 || fail "timing $key failed: hyperfine $*"
  median[$key]=$(jq '.results[0].median * 1000 | . * 10 | round / 10' "$work/$key.json")
  say "$key: ${median[$key]} ms (median of $runs)"
}

# Times `run --rm`, `run -d` (until running) and `rm -f` through the CLI whose command words are
# $2 (berth or docker with their -H), recording them under the prefix $1; $3 are more options of
# `run`.
container_timings() {
  local prefix=$1 cli=$2 run="$2 run ${3:-}" name=bench-$1
  local remove="sh -c '$cli rm -f $name >/dev/null 2>&1 || true'"
  timing "$prefix.run-rm" "$run --rm $image true"
  timing "$prefix.run-d" --prepare "$remove" --cleanup "$remove" \
    "$run -d --name $name $image sleep 100000"
  timing "$prefix.rm-f" --prepare "$run -d --name $name $image sleep 100000" "$cli rm -f $name"
}

say "timing (each a median of $runs runs; slow on a busy machine, a few minutes)"
$berth run --rm "$image" true # the CLI's first run makes its AOT cache
timing runc.run "runc --root $work/runc-state run --bundle $work/bundle berth-bench-runc"
timing berth.version "$berth --version"
timing berth.ps "$berth ps"
container_timings berth "$berth"
container_timings docker-berth "docker -H unix://$sock"
container_timings docker-berth-none "docker -H unix://$sock" "--network none"
if [ "$docker_ok" = yes ]; then
  container_timings docker "docker -H $docker_host"
  container_timings docker-none "docker -H $docker_host" "--network none"
fi

# ---------------------------------------------------------------------------------------------
# Memory: resident set (RSS) and proportional set (PSS, shared pages split among their users),
# in MiB, of one process or of a set of processes, read from /proc.

kib() { awk -v k="$1" '$1 == k":" {print $2; exit}' "$2" 2>/dev/null || echo 0; }
# Prints "RSS PSS COUNT" (MiB, MiB, processes) summed over the pids given.
memory_of() {
  local rss=0 pss=0 n=0 pid r p
  for pid in "$@"; do
    r=$(kib VmRSS "/proc/$pid/status")
    p=$(kib Pss "/proc/$pid/smaps_rollup")
    rss=$((rss + ${r:-0}))
    pss=$((pss + ${p:-0}))
    n=$((n + 1))
  done
  echo "$((rss / 1024)) $((pss / 1024)) $n"
}
# The pids whose command (comm) is $1 and whose parent is $2, or any parent when $2 is empty.
pids_named() {
  local name=$1 parent=${2:-} pid
  for pid in $(pgrep -x "$name" || true); do
    if [ -z "$parent" ] || [ "$(awk '{print $4}' "/proc/$pid/stat")" = "$parent" ]; then
      echo "$pid"
    fi
  done
}

# Docker's daemons and shims: those of the dockerd started here (its containerd is its child, its
# shims name that containerd's socket under $work), else every one on the machine.
docker_daemon_pids() {
  if [ -n "$dockerd_pid" ]; then
    echo "$dockerd_pid"
    pgrep -P "$dockerd_pid" -x containerd || true
  else
    pids_named dockerd
    pids_named containerd
  fi
}
docker_shim_pids() {
  if [ -n "$dockerd_pid" ]; then
    pgrep -f "containerd-shim.*$work/" || true
  else
    pids_named containerd-shim
  fi
}

declare -A mem
# Starts idle containers through the CLI words $2 until $3 run, names prefixed $1.
grow_to() {
  local prefix=$1 cli=$2 target=$3 have=$4 i
  for ((i = have + 1; i <= target; i++)); do
    $cli run -d --name "$prefix-idle-$i" "$image" sleep 100000 >/dev/null
  done
}

say "memory of the berth daemon with idle containers ($idle_counts), ${settle}s after each step"
have=0
for n in $idle_counts; do
  grow_to berth "$berth" "$n" "$have"
  have=$n
  sleep "$settle"
  read -r r p _ <<<"$(memory_of "$daemon_pid")"
  mem[berth.$n.daemon]="$r $p"
  read -r r p c <<<"$(memory_of $(pids_named runc "$daemon_pid"))"
  mem[berth.$n.runtime]="$r $p $c"
  say "berth, $n idle: daemon RSS ${mem[berth.$n.daemon]% *} MiB; runc processes $c, RSS $r MiB"
done
$berth rm -f $($berth ps -aq) >/dev/null 2>&1 || true

if [ "$docker_ok" = yes ]; then
  say "memory of Docker (dockerd + containerd) with idle containers ($idle_counts)"
  have=0
  for n in $idle_counts; do
    grow_to docker "docker -H $docker_host" "$n" "$have"
    docker_containers=$(seq -f "docker-idle-%g" 1 "$n" | tr '\n' ' ')
    have=$n
    sleep "$settle"
    read -r r p _ <<<"$(memory_of $(docker_daemon_pids))"
    mem[docker.$n.daemon]="$r $p"
    # (a process name is cut at 15 characters: containerd-shim-runc-v2 reads containerd-shim)
    read -r r p c <<<"$(memory_of $(docker_shim_pids))"
    mem[docker.$n.runtime]="$r $p $c"
    say "Docker, $n idle: daemons RSS ${mem[docker.$n.daemon]% *} MiB; shims $c, RSS $r MiB"
  done
fi

# ---------------------------------------------------------------------------------------------
# The table.

ratio() { # $1 / $2 with two decimals, or "-" when either is missing
  if [ -z "${1:-}" ] || [ -z "${2:-}" ] || [ "$2" = 0 ]; then
    echo "-"
  else
    awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'
  fi
}
get() { echo "${median[$1]:-}"; }

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
ram=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
echo
echo "berth $($berth --version | awk '{print $3}') — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $cpu, $(nproc) cores, $ram, Linux $(uname -r); runc $(runc --version |
  awk 'NR == 1 {print $3}'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$docker_ok" = yes ]; then
  echo "Docker: $(docker -H "$docker_host" version --format '{{.Server.Version}}' 2>/dev/null)"
fi
echo
echo "Latency in ms, median of $runs runs; ratios between figures of this run (both engines on their"
echo "default bridge network, or with 'none': --network none, a loopback interface only)"
row() { printf '%-24s %-30s %9s %9s %13s %8s\n' "$@"; }
row operation way median "/ Docker" "/ Docker none" "/ runc"
for op in run-rm run-d rm-f; do
  case $op in
    run-rm) label="run --rm busybox true" base=$(get runc.run) ;;
    run-d) label="run -d (until it runs)" base="" ;;
    rm-f) label="rm -f (a running one)" base="" ;;
  esac
  [ -n "$base" ] && row "$label" "runc run (bare, runc's spec)" "$base" "" "" "1.00" && label=""
  for way in berth docker-berth docker-berth-none docker docker-none; do
    value=$(get "$way.$op")
    [ -n "$value" ] || continue
    case $way in
      berth) name="berth CLI -> berth" ;;
      docker-berth) name="docker CLI -> berth" ;;
      docker-berth-none) name="docker CLI -> berth none" ;;
      docker) name="docker CLI -> Docker" ;;
      docker-none) name="docker CLI -> Docker none" ;;
    esac
    row "$label" "$name" "$value" "$(ratio "$value" "$(get "docker.$op")")" \
      "$(ratio "$value" "$(get "docker-none.$op")")" "$(ratio "$value" "$base")"
    label=""
  done
done
row "berth --version" "berth CLI" "$(get berth.version)" "" "" ""
row "berth ps" "berth CLI -> berth" "$(get berth.ps)" "" "" ""
echo
echo "Memory in MiB with idle 'sleep' containers: RSS (PSS: shared pages split among their users)."
echo "Apart from each daemon, the processes each container keeps: for berth a foreground"
echo "'runc run', for Docker a containerd shim (count: RSS (PSS))."
mrow() { printf '%-5s %14s %22s %16s %22s %9s\n' "$@"; }
mrow idle "berth daemon" "berth: runc run" "dockerd +" "Docker: shims" "berth /"
mrow "" "" "" "containerd" "" "Docker"
for n in $idle_counts; do
  read -r br bp <<<"${mem[berth.$n.daemon]:-}"
  read -r rr rp rc <<<"${mem[berth.$n.runtime]:-}"
  dr="" dp="" sr="" sp="" sc=""
  if [ "$docker_ok" = yes ]; then
    read -r dr dp <<<"${mem[docker.$n.daemon]:-}"
    read -r sr sp sc <<<"${mem[docker.$n.runtime]:-}"
  fi
  mrow "$n" "$br ($bp)" "$rc: $rr ($rp)" "${dr:--} (${dp:--})" "${sc:--}: ${sr:--} (${sp:--})" \
    "$(ratio "$br" "$dr")"
done
