#!/bin/sh
# Installs what the tests need, builds berth and runs every test: unit tests, then the
# integration tests (*IT), which need root, runc and the tools install-deps.sh brings.
set -eu
cd "$(dirname "$0")"
. scripts/env.sh
scripts/install-deps.sh
exec ./mvnw -B -ntp verify "$@"
