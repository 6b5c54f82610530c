#!/usr/bin/env bash
# What counting a query costs: QueryMetrics.record on the Prometheus registry, one thread and all cores.
# Usage: bench/query-metrics.sh [calls=20000000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl dns-server -am install -DskipTests
mvn -B -q -pl dns-server dependency:build-classpath -Dmdep.outputFile=target/bench.cp
exec java -cp "dns-server/target/classes:dns-server/target/test-classes:$(cat dns-server/target/bench.cp)" \
  dev.signpost.dns.metrics.QueryMetricsBenchmark "${1:-20000000}"
