#!/usr/bin/env bash
# Measures `runc run` of a trivial bundle (busybox `true`) N times in a row: the floor that the
# container service's own start benchmarks compare against. Needs root and runc.
set -euo pipefail
runs=${1:-20}
runc=${RUNC:-runc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bundle/rootfs/bin"
cp /bin/busybox "$work/bundle/rootfs/bin/"
ln -s busybox "$work/bundle/rootfs/bin/true"
(cd "$work/bundle" && "$runc" spec)
sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"true"/' "$work/bundle/config.json"
start=$(date +%s%N)
for i in $(seq "$runs"); do
  "$runc" --root "$work/state" run --bundle "$work/bundle" "bench-$$-$i" </dev/null
done
end=$(date +%s%N)
echo "runc run (true): $runs runs, $(( (end - start) / runs / 1000000 )) ms per run on average"
