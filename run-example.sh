#!/bin/sh
# The main job, end to end: installs what is missing, builds berth, and runs the example.
set -eu
cd "$(dirname "$0")"
. scripts/env.sh
scripts/install-deps.sh

echo "==> Building berth"
./mvnw -B -q -ntp package -DskipTests

echo "==> berth --version"
bin/berth --version
