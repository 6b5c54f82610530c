#!/usr/bin/env bash
# Signpost at scale (issue 6): seeds a data dir with SERVICES x INSTANCES instances through core's write
# path (bench/SeedStore.java, no HTTP), starts Signpost on it with a 1 GiB heap pinned to one core, and
# reports the start-up time (JVM start to "answering DNS"), the heap used after a full GC, and queries/s
# from dnsperf pinned to the other core over A and SRV queries for a sample of the services.
# Installs nothing; kills what it starts. Needs: dnsperf, taskset, java 17 (with jcmd and jstat).
# Usage: bench/scale.sh [services=333334] [instances=3] [seconds=15]
# Environment: SEED_DIR=dir   start from a copy of a data dir seeded before (with the same sizes)
#              KEEP_SEED=dir  keep the seeded data dir there for later SEED_DIR runs
#              SAMPLE=n       services in the query file (default 100000, or all when fewer)
#              HISTO=n        print the top n lines of the class histogram after the full GC
#              JFR=file       record the start-up with Java Flight Recorder into file
#              HEAP=1g        the server's -Xmx; SERVER_CPU / CLIENT_CPU (0 / 1); STARTUP_LIMIT=300 (s)
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES=${1:-333334}
INSTANCES=${2:-3}
SECONDS_PER_RUN=${3:-15}
SAMPLE=${SAMPLE:-100000}
HEAP=${HEAP:-1g}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
STARTUP_LIMIT=${STARTUP_LIMIT:-300}
DNS_PORT=${DNS_PORT:-20053} HTTP_PORT=${HTTP_PORT:-20080}

for tool in dnsperf taskset java jcmd jstat; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
JAR=dns-server/target/signpost.jar
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B -q -DskipTests package first" >&2; exit 2; }

WORK=$(mktemp -d /tmp/signpost-scale.XXXXXX)
cleanup() {
  if [ -n "${SP_PID:-}" ] && kill -0 "$SP_PID" 2>/dev/null; then
    kill "$SP_PID" 2>/dev/null || true
    wait "$SP_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

TOTAL=$((SERVICES * INSTANCES))
echo "== $SERVICES services x $INSTANCES instances = $TOTAL instances; heap $HEAP; server on CPU $SERVER_CPU, dnsperf on CPU $CLIENT_CPU"
echo "-- load average before: $(cut -d' ' -f1-3 /proc/loadavg) (on a shared machine, compare runs made back to back)"

if [ -n "${SEED_DIR:-}" ]; then
  cp -r "$SEED_DIR" "$WORK/data"
  rm -f "$WORK/data/LOCK"
  echo "-- data dir: copy of $SEED_DIR ($(du -sh "$WORK/data" | cut -f1))"
else
  java -Xmx4g -XX:+UseParallelGC -cp "$JAR" bench/SeedStore.java "$WORK/data" "$SERVICES" "$INSTANCES"
  echo "-- data dir: $(du -sh "$WORK/data" | cut -f1) ($(ls "$WORK/data" | tr '\n' ' '))"
  if [ -n "${KEEP_SEED:-}" ]; then
    rm -rf "$KEEP_SEED" && cp -r "$WORK/data" "$KEEP_SEED" && echo "-- kept a copy in $KEEP_SEED"
  fi
fi

JFR_OPT=()
[ -n "${JFR:-}" ] && JFR_OPT=("-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true")

# CPU seconds (user + system) a process has used so far, from /proc.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}

# Starts Signpost on a data dir and waits for "answering DNS"; sets SP_PID, STARTUP (wall s), STARTUP_CPU (s).
start_signpost() {
  local data=$1 log=$2 start_ns
  shift 2
  start_ns=$(date +%s%N)
  taskset -c "$SERVER_CPU" java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseParallelGC -XX:ActiveProcessorCount=1 \
    -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$WORK" -XX:+ExitOnOutOfMemoryError "$@" \
    -jar "$JAR" --dns-port "$DNS_PORT" --http-port "$HTTP_PORT" --data-dir "$data" > "$log" 2>&1 &
  SP_PID=$!
  while ! grep -q "answering DNS" "$log"; do
    if ! kill -0 "$SP_PID" 2>/dev/null; then
      echo "Signpost died during start-up:" >&2; tail -20 "$log" >&2; exit 1
    fi
    if [ $(( ($(date +%s%N) - start_ns) / 1000000000 )) -ge "$STARTUP_LIMIT" ]; then
      echo "Signpost did not answer within $STARTUP_LIMIT s" >&2
      jcmd "$SP_PID" Thread.print 2>/dev/null | grep -A12 '"main"' >&2 || true
      exit 1
    fi
    sleep 0.05
  done
  STARTUP=$(awk -v a="$(date +%s%N)" -v b="$start_ns" 'BEGIN {printf "%.1f", (a - b) / 1e9}')
  STARTUP_CPU=$(cpu_seconds "$SP_PID")
}

stop_signpost() {
  kill "$SP_PID" 2>/dev/null || true
  wait "$SP_PID" 2>/dev/null || true
  SP_PID=
}

# What start-up costs without instances, on the same (shared, possibly busy) CPU just before: the rest of
# the figure below is the instances' share.
if [ "${EMPTY_BASELINE:-1}" = 1 ]; then
  start_signpost "$WORK/empty" "$WORK/empty.log"
  echo "-- start-up with an empty data dir: $STARTUP s wall, $STARTUP_CPU s CPU"
  stop_signpost
fi

start_signpost "$WORK/data" "$WORK/signpost.log" "${JFR_OPT[@]}"
echo "-- start-up: $STARTUP s from JVM start to \"answering DNS\" ($STARTUP_CPU s CPU)"
grep "answering DNS" "$WORK/signpost.log"

# Heap after a full GC: jstat's used columns (KB) of survivors, eden and old.
jcmd "$SP_PID" GC.run >/dev/null
HEAP_MB=$(jstat -gc "$SP_PID" | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
  NR == 2 {printf "%.0f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024}')
RSS_MB=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SP_PID/status")
echo "-- heap used after full GC: $HEAP_MB MiB (process RSS $RSS_MB MiB)"
if [ -n "${HISTO:-}" ]; then
  jcmd "$SP_PID" GC.class_histogram | head -n $((HISTO + 3))
fi

# The query file: A and SRV of a sample of the services, spread over the whole range.
awk -v s="$SERVICES" -v n="$SAMPLE" 'BEGIN {
  if (n > s) n = s
  for (k = 0; k < n; k++) { svc = int(k * s / n); printf "svc-%d.service.local A\nsvc-%d.service.local SRV\n", svc, svc } }' \
  > "$WORK/queries.txt"
dig_check=$(dnsperf -s 127.0.0.1 -p "$DNS_PORT" -d "$WORK/queries.txt" -n 1 2>&1 | awk '/Queries completed:/ {print $3}')
[ "$dig_check" != "0" ] || { echo "Signpost does not answer the queries" >&2; exit 1; }

measure() {
  local seconds=$1 before after out
  before=$(cpu_seconds "$SP_PID")
  out=$(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$DNS_PORT" -d "$WORK/queries.txt" -l "$seconds" \
    -c 8 -q 200 2>&1)
  after=$(cpu_seconds "$SP_PID")
  echo "$out" | awk -v a="$after" -v b="$before" '
    /Queries completed:/ {done = $3} /Queries lost:/ {lost = $3} /Queries per second:/ {qps = $4}
    /Response codes:/ {codes = $0; sub(/^ *Response codes: */, "", codes)}
    END {printf "%s queries/s, %.2f us CPU/query, %s lost, %s\n", qps, (a - b) * 1e6 / done, lost, codes}'
}
echo "-- dnsperf: $(wc -l < "$WORK/queries.txt") queries (A and SRV of $(( $(wc -l < "$WORK/queries.txt") / 2 )) services)"
echo "   JIT warm-up (5 s, not counted): $(measure 5)"
RESULT=$(measure "$SECONDS_PER_RUN")
echo "   measured ($SECONDS_PER_RUN s): $RESULT"
printf "RESULT instances=%d services=%d startup_s=%s startup_cpu_s=%s heap_mib=%s rss_mib=%s qps=%s\n" "$TOTAL" \
  "$SERVICES" "$STARTUP" "$STARTUP_CPU" "$HEAP_MB" "$RSS_MB" "$(echo "$RESULT" | awk '{printf "%.0f", $1}')"
