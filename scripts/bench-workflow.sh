#!/bin/bash
# The everyday workflow, timed step by step: cold build, rebuild with nothing changed, rebuild
# after a one-file change, `run -d`, `rm -f` — with berth's own CLI, with the docker CLI pointed
# at berth's daemon, and, when a Docker daemon answers, with Docker on the same inputs in the same
# run. Prints the median of each step and the ratios to Docker.
#
#   scripts/bench-workflow.sh [runs]            # default 5 runs of each step
#
# Settings (environment):
#   BENCH_EXAMPLE   the example to build: busybox-httpd (default) or python-app
#   DOCKER_COMPARE  a Docker daemon to compare with (default unix:///var/run/docker.sock when it
#                   answers); "none" to skip. It needs no internet: the base image is imported.
#   DOCKER_CLI      the docker CLI that talks to berth (default: docker on the PATH; it uses the
#                   classic builder protocol, POST /build, as the docker CLI without buildx does)
#   DOCKER_COMPARE_CLI  the docker CLI for the Docker daemon, with BuildKit (default: Debian's
#                   /usr/bin/docker from docker.io, whose BuildKit is built in)
# Needs root, a built berth (./mvnw -q package -DskipTests) and the base images' tarballs
# (scripts/make-base-images.sh makes them). Starts its own berth daemon on a temporary root.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
. scripts/env.sh
runs=${1:-5}
example=${BENCH_EXAMPLE:-busybox-httpd}
docker_cli=${DOCKER_CLI:-docker}
compare_cli=${DOCKER_COMPARE_CLI:-$([ -x /usr/bin/docker ] && echo /usr/bin/docker || echo docker)}
berth="$here/bin/berth"
cache=${BERTH_BASE_CACHE:-/var/cache/berth/base-images}

[ "$(id -u)" = 0 ] || { echo "bench-workflow: run me as root" >&2; exit 1; }
[ -x "$berth" ] && [ -f berth-surfaces/target/lib/berth.jar ] ||
  { echo "bench-workflow: build berth first: ./mvnw -q package -DskipTests" >&2; exit 1; }
case $example in
  busybox-httpd) base=busybox; base_ref=busybox:latest; source_file=index.html; comment='<!-- %s -->' ;;
  python-app) base=python; base_ref=python:3-slim; source_file=greeting.py; comment='# %s' ;;
  *) echo "bench-workflow: unknown example $example" >&2; exit 2 ;;
esac
scripts/make-base-images.sh "$base" --no-import >/dev/null

work=$(mktemp -d /tmp/berth-bench-workflow.XXXXXX)
daemon_pid=""
cleanup() {
  if [ -n "$daemon_pid" ]; then
    BERTH_HOST=unix://$work/berth.sock "$berth" rm -f bench-berth bench-docker-on-berth \
      >/dev/null 2>&1 || true
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  if [ -n "${compare:-}" ]; then
    DOCKER_HOST=$compare "$compare_cli" rm -f bench-docker >/dev/null 2>&1 || true
  fi
  awk -v top="$work/" 'index($2, top) == 1 {print $2}' /proc/self/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# berth's daemon, on its own root and socket.
"$berth" daemon --root "$work/root" -H "unix://$work/berth.sock" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do
  BERTH_HOST=unix://$work/berth.sock "$berth" version >/dev/null 2>&1 && break
  sleep 0.2
done
BERTH_HOST=unix://$work/berth.sock "$berth" import "$cache/$base.tar" "$base_ref" >/dev/null

# Docker, when one answers.
compare=${DOCKER_COMPARE:-unix:///var/run/docker.sock}
if [ "$compare" = none ] || ! DOCKER_HOST=$compare timeout 5 "$compare_cli" version >/dev/null 2>&1; then
  compare=""
else
  DOCKER_HOST=$compare "$compare_cli" image inspect "$base_ref" >/dev/null 2>&1 ||
    DOCKER_HOST=$compare "$compare_cli" import "$cache/$base.tar" "$base_ref" >/dev/null
fi

# A client: a label, the command, and the environment that points it at its daemon.
clients=("berth|$berth|BERTH_HOST=unix://$work/berth.sock"
  "docker-cli->berth|$docker_cli|DOCKER_HOST=unix://$work/berth.sock")
[ -n "$compare" ] && clients+=("docker|$compare_cli|DOCKER_HOST=$compare")

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Times one step: prints milliseconds. The command's output goes to the log.
timed() {
  local start end
  start=$(now)
  "$@" >>"$work/steps.log" 2>&1 || { echo "bench-workflow: failed: $*" >&2; tail -20 "$work/steps.log" >&2; exit 1; }
  end=$(now)
  echo $(((end - start) / 1000000))
}

declare -A result
steps=(cold unchanged one-file run-d rm-f)
for client in "${clients[@]}"; do
  IFS='|' read -r label cli envvar <<<"$client"
  name=bench-${label//[^a-z]/-}
  ctx=$work/ctx-$name
  cp -R "examples/$example/." "$ctx"
  # A builder of the same kind for everyone: BuildKit where Docker has it, berth's own engine.
  export "$envvar" DOCKER_BUILDKIT=1
  [ "$label" = docker-cli-\>berth ] && export DOCKER_BUILDKIT=0
  declare -a cold=() unchanged=() onefile=() rund=() rmf=()
  for i in $(seq "$runs"); do
    cold+=("$(timed "$cli" build --no-cache -q -t "$name:cold" "$ctx")")
    unchanged+=("$(timed "$cli" build -q -t "$name:1.0" "$ctx")")
    # shellcheck disable=SC2059
    printf "$comment\n" "change $i" >>"$ctx/$source_file"
    onefile+=("$(timed "$cli" build -q -t "$name:1.1" "$ctx")")
    rund+=("$(timed "$cli" run -d --name "$name" "$name:1.1")")
    rmf+=("$(timed "$cli" rm -f "$name")")
  done
  unset BERTH_HOST DOCKER_HOST
  result[$label,cold]=$(printf '%s\n' "${cold[@]}" | median)
  result[$label,unchanged]=$(printf '%s\n' "${unchanged[@]}" | median)
  result[$label,one-file]=$(printf '%s\n' "${onefile[@]}" | median)
  result[$label,run-d]=$(printf '%s\n' "${rund[@]}" | median)
  result[$label,rm-f]=$(printf '%s\n' "${rmf[@]}" | median)
done

echo
echo "Workflow steps on examples/$example, median of $runs runs, milliseconds$([ -n "$compare" ] && echo "; ratio = to Docker")"
printf '%-12s' step
for client in "${clients[@]}"; do printf '%20s' "${client%%|*}"; done
[ -n "$compare" ] && printf '%14s%22s' "berth/docker" "docker-cli->berth/docker"
echo
for step in "${steps[@]}"; do
  printf '%-12s' "$step"
  for client in "${clients[@]}"; do printf '%20s' "${result[${client%%|*},$step]}"; done
  if [ -n "$compare" ]; then
    d=${result[docker,$step]}
    printf '%14s%22s' "$(awk -v a="${result[berth,$step]}" -v b="$d" 'BEGIN {printf "%.2f", a / b}')" \
      "$(awk -v a="${result[docker-cli->berth,$step]}" -v b="$d" 'BEGIN {printf "%.2f", a / b}')"
  fi
  echo
done
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r)"
