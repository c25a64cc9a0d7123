#!/bin/sh
# Layer writing throughput: parallel gzip and zstd against single-threaded JDK gzip.
# Usage: scripts/bench-layer.sh [size in MiB, default 256]   (1024 for the issue's 1 GiB figure)
set -eu
cd "$(dirname "$0")/.."
exec scripts/bench-jmh.sh -p sizeMiB="${1:-256}" LayerWriteBenchmark
