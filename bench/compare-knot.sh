#!/usr/bin/env bash
# Signpost against Knot DNS on the same records, each pinned to one core, dnsperf on the other.
# Installs nothing. Needs: dnsperf and knot (apt-get install -y dnsperf knot), taskset, python3, java 17.
# Usage: bench/compare-knot.sh [services=100] [instances=3] [seconds=15] [rounds=2]
# Prints queries/s, server CPU microseconds per query and average latency for both servers, round by round,
# and the ratios. PROTO=tcp measures over persistent TCP connections; RATE=40000 caps dnsperf at that many
# queries/s (for latency at a steady load). ASYNC_PROFILER=/path/libasyncProfiler.so (from the
# tools.profiler:async-profiler jar on Maven Central) profiles Signpost's measured rounds, user and kernel
# frames, into PROFILE (default /tmp/queries.collapsed; read it with bench/jfr-top.py PROFILE signpost-dns).
# SIGNPOST_FLAGS adds flags to Signpost's command line, e.g. "--rate-limit 1000000000" to measure what the
# rate limiter costs each query without limiting dnsperf; JAR=path runs another build (default
# dns-server/target/signpost.jar).
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES=${1:-100}
INSTANCES=${2:-3}
SECONDS_PER_RUN=${3:-15}
ROUNDS=${4:-2}
PROTO=${PROTO:-udp}
RATE=${RATE:-}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
SP_DNS=18653 SP_HTTP=18553 KNOT_DNS=18654

for tool in dnsperf knotd taskset python3 java; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y dnsperf knot util-linux python3" >&2; exit 2; }
done
JAR=${JAR:-dns-server/target/signpost.jar}
SIGNPOST_FLAGS=${SIGNPOST_FLAGS:-}
[ -f "$JAR" ] || mvn -B -q -DskipTests package

WORK=$(mktemp -d /tmp/signpost-bench.XXXXXX)
cleanup() {
  [ -n "${SP_PID:-}" ] && kill "$SP_PID" 2>/dev/null || true
  [ -n "${KNOT_PID:-}" ] && kill "$KNOT_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# CPU seconds a process has used so far, from /proc: "user system".
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{print $14 / hz, $15 / hz}' "/proc/$1/stat"
}

# One dnsperf run against a port; prints "qps cpu_us_per_query user_us system_us latency_ms".
measure() {
  local pid=$1 port=$2 before after out qps done latency
  before=$(cpu_seconds "$pid")
  out=$(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$port" -m "$PROTO" -d "$WORK/queries.txt" \
    -l "$SECONDS_PER_RUN" -c 8 -q 200 ${RATE:+-Q "$RATE"} 2>&1)
  after=$(cpu_seconds "$pid")
  qps=$(echo "$out" | awk '/Queries per second:/ {print $4}')
  done=$(echo "$out" | awk '/Queries completed:/ {print $3}')
  latency=$(echo "$out" | awk '/Average Latency/ {print $4 * 1000}')
  awk -v q="$qps" -v a="$after" -v b="$before" -v n="$done" -v l="$latency" 'BEGIN {
    split(a, x, " "); split(b, y, " "); u = (x[1] - y[1]) * 1e6 / n; s = (x[2] - y[2]) * 1e6 / n
    printf "%.0f %.2f %.2f %.2f %.3f\n", q, u + s, u, s, l }'
}

echo "== $SERVICES services x $INSTANCES instances, $PROTO${RATE:+ at $RATE queries/s}, $SECONDS_PER_RUN s per run, server on CPU $SERVER_CPU, dnsperf on CPU $CLIENT_CPU"

# Loaded with the JVM, started after the warm-up: attached later, the profiler makes C2 compile everything again.
AGENT=()
[ -n "${ASYNC_PROFILER:-}" ] && AGENT=("-agentpath:$ASYNC_PROFILER")
PROFILE=${PROFILE:-/tmp/queries.collapsed}
profiler() {
  [ -z "${ASYNC_PROFILER:-}" ] || jcmd "$SP_PID" JVMTI.agent_load "$ASYNC_PROFILER" "\"$1\"" >/dev/null
}
taskset -c "$SERVER_CPU" java -Xms1g -Xmx1g -XX:+UseParallelGC -XX:ActiveProcessorCount=1 "${AGENT[@]}" -jar "$JAR" \
  --dns-port $SP_DNS --http-port $SP_HTTP --data-dir "$WORK/data" $SIGNPOST_FLAGS > "$WORK/signpost.log" 2>&1 &
SP_PID=$!
for _ in $(seq 100); do grep -q "answering DNS" "$WORK/signpost.log" && break; sleep 0.2; done
grep -q "answering DNS" "$WORK/signpost.log" || { cat "$WORK/signpost.log"; exit 1; }
python3 bench/fill.py 127.0.0.1:$SP_HTTP "$SERVICES" "$INSTANCES" "$WORK/service.local.zone" "$WORK/queries.txt"

mkdir -p "$WORK/knot"
cat > "$WORK/knot.conf" <<CONF
server:
  listen: 127.0.0.1@$KNOT_DNS
  rundir: $WORK/knot
  udp-workers: 1
  tcp-workers: 1
  background-workers: 1
database:
  storage: $WORK/knot
zone:
  - domain: service.local
    file: $WORK/service.local.zone
    storage: $WORK
log:
  - target: stderr
    any: warning
CONF
taskset -c "$SERVER_CPU" knotd -c "$WORK/knot.conf" > "$WORK/knot.log" 2>&1 &
KNOT_PID=$!
for _ in $(seq 50); do dig +short +time=1 +tries=1 -p $KNOT_DNS @127.0.0.1 SOA service.local 2>/dev/null | grep -q hostmaster && break; sleep 0.2; done

echo "-- JIT warm-up of Signpost (not counted)"
measure "$SP_PID" $SP_DNS >/dev/null

printf "%-6s %-9s %10s %13s %14s %11s\n" round server "queries/s" "CPU us/query" "(user+system)" "latency ms"
sp_q=0 sp_c=0 sp_l=0 kn_q=0 kn_c=0 kn_l=0
for round in $(seq "$ROUNDS"); do
  profiler "start,event=cpu,interval=1ms,threads"
  read -r q c u k l < <(measure "$SP_PID" $SP_DNS)
  profiler "stop"
  printf "%-6s %-9s %10s %13s %14s %11s\n" "$round" signpost "$q" "$c" "$u+$k" "$l"
  sp_q=$(awk -v a="$sp_q" -v b="$q" 'BEGIN {print a + b}'); sp_c=$(awk -v a="$sp_c" -v b="$c" 'BEGIN {print a + b}')
  sp_l=$(awk -v a="$sp_l" -v b="$l" 'BEGIN {print a + b}')
  read -r q c u k l < <(measure "$KNOT_PID" $KNOT_DNS)
  printf "%-6s %-9s %10s %13s %14s %11s\n" "$round" knot "$q" "$c" "$u+$k" "$l"
  kn_q=$(awk -v a="$kn_q" -v b="$q" 'BEGIN {print a + b}'); kn_c=$(awk -v a="$kn_c" -v b="$c" 'BEGIN {print a + b}')
  kn_l=$(awk -v a="$kn_l" -v b="$l" 'BEGIN {print a + b}')
done
[ -z "${ASYNC_PROFILER:-}" ] || { profiler "dump,collapsed,file=$PROFILE"; echo "profile: $PROFILE"; }
awk -v sq="$sp_q" -v sc="$sp_c" -v sl="$sp_l" -v kq="$kn_q" -v kc="$kn_c" -v kl="$kn_l" -v n="$ROUNDS" 'BEGIN {
  printf "mean   signpost  %10.0f %13.2f %14s %11.3f\n", sq / n, sc / n, "", sl / n
  printf "mean   knot      %10.0f %13.2f %14s %11.3f\n", kq / n, kc / n, "", kl / n
  printf "ratio  signpost/knot: queries/s %.2f, CPU per query %.2f\n", sq / kq, sc / kc }'
