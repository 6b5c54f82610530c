#!/usr/bin/env bash
# Health engine load, two scenarios (both in one JVM with their local endpoints):
#   bench/health-checks.sh [instances=10000] [interval=10s] [seconds=30] [endpoints=16]
#     N instances with HTTP checks against E local keep-alive endpoints; prints checks/s and CPU per check.
#   bench/health-checks.sh hanging [checks=2000] [interval=1s] [timeout=10s] [rounds=3]
#     issue 13: N checks against an endpoint that accepts and never answers, and one healthy instance
#     whose endpoint turns 503 and back; prints how long each change took to reach DNS.
# Pin it to cores to measure CPU per core honestly, e.g.: taskset -c 0 bench/health-checks.sh 10000 1s 60
# JAVA_OPTS adds JVM options, e.g. JAVA_OPTS=-Djava.util.concurrent.ForkJoinPool.common.parallelism=2
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl core test-compile
main=HealthCheckBenchmark
if [[ "${1:-}" == hanging ]]; then
  main=HangingChecksBenchmark
  shift
  set -- "${1:-2000}" "${2:-1s}" "${3:-10s}" "${4:-3}"
else
  set -- "${1:-10000}" "${2:-10s}" "${3:-30}" "${4:-16}"
fi
exec java -Xmx512m -Djdk.httpclient.keepalive.timeout=5 ${JAVA_OPTS:-} \
  -cp core/target/classes:core/target/test-classes \
  "dev.signpost.core.health.$main" "$@"
