#!/usr/bin/env bash
# Reproduces every figure of BENCHMARKS.md: packages the service (JVM mode) and installs its test support (the
# `testsupport` jar: fake Slack, launchers, fixtures) into the local Maven repository, builds the harness on it, then
# runs all scenarios against an embedded PostgreSQL with durable settings and the fake Slack.
# Results: bench/results/latest.md and latest.json (earlier runs: git history, and the table in BENCHMARKS.md).
# Extra arguments go to the harness (see Bench.java), e.g. bench/run.sh --seconds 5 --channels 100
# One scenario only, e.g. the burst digest (300 envelope.sent to one channel, digest on): bench/run.sh --scenarios digest
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests
./mvnw -B -q -f bench/pom.xml package
exec java -jar bench/target/certyneo-slack-bench.jar "$@"
