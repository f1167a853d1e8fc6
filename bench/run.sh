#!/usr/bin/env bash
# Reproduces every figure of BENCHMARKS.md: packages the service (JVM mode) and installs its test support (the
# `testsupport` jar: fake Slack, launchers, fixtures) into the local Maven repository, builds the harness on it, then
# runs all scenarios against an embedded PostgreSQL with durable settings and the fake Slack.
# Results: bench/results/latest.md and latest.json (earlier runs: git history, and the table in BENCHMARKS.md).
# Extra arguments go to the harness (see Bench.java), e.g. bench/run.sh --seconds 5 --channels 100
# One scenario only, e.g. the burst digest (300 envelope.sent to one channel, digest on): bench/run.sh --scenarios digest
# Many channels: --channels takes a list (default 500,1000); each size runs on its own fresh accounts and channels,
# results many_channels (first size) and many_channels_<size>; each reports msg/s, 429s, duplicates and the smallest
# gap between two writes on one channel at Slack. E.g. bench/run.sh --scenarios many --channels 100,200
# To compare two builds at 1,000 channels, keep 500 first (--scenarios many,drain --channels 500,1000): with 1,000
# alone the delivery path is still being compiled during the measurement (the warm-up sends to one channel only).
# Soak (in the default list): --soak-channels 50 channels each offered exactly one webhook a second, phase-shifted, for
# --soak-seconds 360 (open loop), then drained: per-channel drain rate, gaps at Slack, 429s, duplicates, accepted ->
# Slack latency overall and over the generator's last minute. Quick check: bench/run.sh --scenarios soak-short (60 s)
# or --scenarios soak --soak-seconds 60.
# Half load: by default half of the run's own saturation; --half-rate 3500 offers a fixed rate instead, to compare two
# builds or settings at the same load (e.g. --scenarios ingest --levels 64 --half-rate 3500 --env NAME=VALUE). The
# same rate is first offered to PostgreSQL alone (single-row durable commits, open loop): the machine's own share of
# an ack's latency, result half_of_saturation.postgresql_alone_at_same_rate; then, over HTTP, to a JVM that only
# commits each webhook (HttpCommitServer, the service's JVM options): what HTTP and a durable commit cost before any of
# the service's work, result half_of_saturation.http_and_commit_alone_at_same_rate. Both JVMs get 20 s at that rate,
# not counted, before their window: the closed loops leave code compiled for their traffic, not the open loop's.
# Each of the three windows also names the machine's own stalls that fell in it (HostStalls: one real-time thread per
# core; needs root or CAP_SYS_NICE for chrt, else normal priority, said in the result) and the latency of its seconds
# no stall touched.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests
./mvnw -B -q -f bench/pom.xml clean package
exec java -jar bench/target/certyneo-slack-bench.jar "$@"
