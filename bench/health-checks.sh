#!/usr/bin/env bash
# Health engine load: N instances with HTTP checks against one local endpoint; prints checks/s and CPU.
# Usage: bench/health-checks.sh [instances=10000] [interval=10s] [seconds=30]
# Pin it to cores to measure CPU per core honestly, e.g.: taskset -c 0,1 bench/health-checks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl core test-compile
exec java -Xmx512m -Djdk.httpclient.keepalive.timeout=5 \
  -cp core/target/classes:core/target/test-classes \
  dev.signpost.core.health.HealthCheckBenchmark "${1:-10000}" "${2:-10s}" "${3:-30}"
