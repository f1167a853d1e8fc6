#!/usr/bin/env bash
# Reproduces every figure of BENCHMARKS.md: packages the service (JVM mode) and the harness, then runs all
# scenarios against an embedded PostgreSQL with durable settings and a fake Slack. Results: bench/results/.
# Extra arguments go to the harness (see Bench.java), e.g. bench/run.sh --seconds 5 --channels 100
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q -f bench/pom.xml package
exec java -jar bench/target/certyneo-slack-bench.jar "$@"
