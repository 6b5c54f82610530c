#!/usr/bin/env bash
# Soak (issue 12: no client can take the server down): normal UDP and TCP clients measure loss and latency,
# first alone (quiet), then while abusive clients run all at once (abuse): a UDP flood from another /24, a TCP
# client that writes queries and never reads, 500 TCP clients trickling one byte a second, 1,000 idle HTTP
# connections. Prints a table per phase, the abusers' counts, the server's peak RSS and CPU per phase, its
# heap settings and its rate-limit / TCP / HTTP-connection metrics. The load is bench/Soak.java (JDK only).
# Installs nothing; kills what it starts. Needs: java 17 (with jcmd), taskset, curl; maven only if the jar
# is missing.
# Usage: bench/soak.sh
# The rate limit counts every answer to a /24, and exempts none, loopback included: the normal UDP client
# (2,000 q/s) therefore sends from 80 /24s of 127/8 (25 q/s each, under the limit of 50) by default, as many
# real clients behind many networks would (SOAK_ARGS="--udp-sources 1" to send from 127.0.0.1 alone).
# Env: DURATION (abuse phase, s; default 60), QUIET (default 15), WARMUP (default 5), AFTER (recovery, default 5),
#      HEAP (server -Xmx and -Xms, default 256m), RATE_LIMIT (default 50: passes --rate-limit 50; empty: no flag,
#      for a jar without it), EXTRA_FLAGS (more server flags, e.g. "--tcp-io-timeout 2s --tcp-max-clients 1000"),
#      SERVER_JAVA_OPTS (more JVM options for the server), SOAK_ARGS (more Soak.java options, e.g.
#      "--flood-rate 50000 --udp-sources 80"), SERVER_CPU / CLIENT_CPU (default 0 / 1),
#      DNS_PORT / HTTP_PORT (default 19853 / 19880), JAR (default dns-server/target/signpost.jar),
#      METRICS_RE (the /metrics lines printed; default signpost_(dns_rate|dns_tcp|http_(conn|closed))),
#      KEEP_LOG=1 to keep the server's log (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
QUIET=${QUIET:-15}
WARMUP=${WARMUP:-5}
AFTER=${AFTER:-5}
HEAP=${HEAP:-256m}
RATE_LIMIT=${RATE_LIMIT-50}
EXTRA_FLAGS=${EXTRA_FLAGS:-}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
SOAK_ARGS=${SOAK_ARGS:---udp-sources 80}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
DNS_PORT=${DNS_PORT:-19853}
HTTP_PORT=${HTTP_PORT:-19880}
METRICS_RE=${METRICS_RE:-signpost_(dns_rate|dns_tcp|http_(conn|closed))}

for tool in taskset java jcmd curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
JAR=${JAR:-dns-server/target/signpost.jar}
[ -f "$JAR" ] || mvn -B -q -o -DskipTests package || mvn -B -q -DskipTests package

# About 1,600 sockets on each side; both processes inherit this.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge 4096 ] || { echo "file descriptor limit $(ulimit -n) < 4096" >&2; exit 2; }

WORK=$(mktemp -d /tmp/signpost-soak.XXXXXX)
cleanup() {
  for pid in ${LOAD_PID:-} ${SP_PID:-}; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in ${LOAD_PID:-} ${SP_PID:-}; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "${KEEP_LOG:-}" ]; then
    mv "$WORK/signpost.log" "/tmp/signpost-soak-$$.log" 2>/dev/null && echo "server log: /tmp/signpost-soak-$$.log"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FLAGS=(--dns-port "$DNS_PORT" --http-port "$HTTP_PORT" --data-dir "$WORK/data")
[ -n "$RATE_LIMIT" ] && FLAGS+=(--rate-limit "$RATE_LIMIT")
# shellcheck disable=SC2206 # split on purpose
FLAGS+=($EXTRA_FLAGS)
# shellcheck disable=SC2206
JVM=(-Xms"$HEAP" -Xmx"$HEAP" -XX:+ExitOnOutOfMemoryError $SERVER_JAVA_OPTS)

echo "== soak: warm-up $WARMUP s, quiet $QUIET s, abuse $DURATION s, after $AFTER s; server on CPU $SERVER_CPU, load on CPU $CLIENT_CPU;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on these CPUs skews the latencies)"
echo "server: java ${JVM[*]} -jar $JAR ${FLAGS[*]}"
taskset -c "$SERVER_CPU" java "${JVM[@]}" -jar "$JAR" "${FLAGS[@]}" > "$WORK/signpost.log" 2>&1 &
SP_PID=$!
for _ in $(seq 100); do grep -q "answering DNS" "$WORK/signpost.log" && break; kill -0 "$SP_PID" 2>/dev/null || break; sleep 0.2; done
grep -q "answering DNS" "$WORK/signpost.log" || { cat "$WORK/signpost.log"; exit 1; }
# MaxDirectMemorySize 0 means the default: as much as the maximum heap (Netty's buffers are direct).
echo "server JVM: $(jcmd "$SP_PID" VM.flags -all 2>/dev/null | awk '
  $2 == "MaxDirectMemorySize" && $4 == 0 {printf "%s as MaxHeapSize, ", $2; next}
  $2 ~ /^(InitialHeapSize|MaxHeapSize|MaxDirectMemorySize)$/ {printf "%s %d MiB, ", $2, $4 / 1048576}
  $2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah)GC$/ && $4 == "true" {printf "%s ", $2}')"

rc=0
taskset -c "$CLIENT_CPU" java -XX:+UseSerialGC -Xmx512m bench/Soak.java \
  --dns "127.0.0.1:$DNS_PORT" --http "127.0.0.1:$HTTP_PORT" --pid "$SP_PID" \
  --warmup "$WARMUP" --quiet "$QUIET" --duration "$DURATION" --after "$AFTER" $SOAK_ARGS &
LOAD_PID=$!
wait "$LOAD_PID" || rc=$?
LOAD_PID=

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if kill -0 "$SP_PID" 2>/dev/null; then
  echo "VmHWM at the end: $(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$SP_PID/status");" \
    "heap: $(jcmd "$SP_PID" GC.heap_info 2>/dev/null | grep -E 'total.*used' | grep -v Metaspace \
      | sed -e 's/^ *//' -e 's/ *\[.*//' | paste -sd ';')"
  echo "metrics matching $METRICS_RE:"
  curl -s --max-time 5 "127.0.0.1:$HTTP_PORT/metrics" | grep -E "$METRICS_RE" | grep -v '^#' | sed 's/^/  /' \
    || echo "  (none)"
else
  status=0
  wait "$SP_PID" || status=$?
  echo "the server is GONE (exit status $status)"
  SP_PID=
fi
problems=$(grep -ciE 'warn|error|exception' "$WORK/signpost.log" || true)
echo "server log: $problems warning/error lines"
grep -iE "warn|error|exception" "$WORK/signpost.log" | head -5 | cut -c1-200 | sed 's/^/  /' || true
exit "$rc"
