#!/bin/sh
# Builds berth's JMH benchmarks and runs them; arguments go to JMH (a benchmark regex, -f, -wi…).
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
./mvnw -B -q -ntp package -DskipTests -pl berth-bench -am
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "berth-bench/target/lib/*" \
  org.openjdk.jmh.Main "$@"
