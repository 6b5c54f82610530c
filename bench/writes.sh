#!/usr/bin/env bash
# Acknowledged (journaled, fsync'd) registrations per second through the HTTP API, and whether DNS answers a
# registration right after its 200 (issue 6: >= 10,000/s from 16 concurrent clients).
# Installs nothing. Needs: java 17 (its jstat, and jcmd for JFR= or ASYNC_PROFILER=), taskset; maven only if
# the jar is missing.
# Usage: bench/writes.sh [registrations=20000] [clients=16] [services=registrations/10] [max warm-up=200000]
# Runs RUNS (default 3) measured runs of that many registrations each, after a warm-up (see below).
# Env: SERVER_CPU / CLIENT_CPU (default 0 / 1; SERVER_CPU=0,1 gives the server both cores),
#      DATA_DIR (default: a fresh directory under /tmp, on the same disk as a real data dir here),
#      JFR=/path/rec.jfr to record a profile from start-up to the end of the measured run (JFR_SETTINGS
#      overrides "settings=profile", e.g. "settings=profile,jdk.FileForce#threshold=0ms"; the time the
#      measured run starts is printed). Started with the JVM on purpose: a JFR.start through jcmd later
#      instruments JDK classes and sets off a burst of recompilation that dominated the measured run.
#      ASYNC_PROFILER=/path/libasyncProfiler.so (from the tools.profiler:async-profiler jar on Maven Central)
#      to profile the measured runs alone, user and kernel frames, into PROFILE (default /tmp/writes.collapsed;
#      read it with bench/jfr-top.py PROFILE),
#      HTTP_PORT / DNS_PORT (default 19580 / 19553), JAR (default dns-server/target/signpost.jar).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-20000}
CLIENTS=${2:-16}
SERVICES=${3:-$(( N / 10 > 0 ? N / 10 : 1 ))}
WARMUP=${4:-200000}
RUNS=${RUNS:-3}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
HTTP_PORT=${HTTP_PORT:-19580}
DNS_PORT=${DNS_PORT:-19553}

for tool in taskset java; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
JAR=${JAR:-dns-server/target/signpost.jar}
[ -f "$JAR" ] || mvn -B -q -DskipTests package

WORK=$(mktemp -d /tmp/signpost-writes.XXXXXX)
DATA=${DATA_DIR:-$WORK/data}
cleanup() {
  if [ -n "${SP_PID:-}" ]; then kill "$SP_PID" 2>/dev/null || true; wait "$SP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== $N registrations of $SERVICES services from $CLIENTS clients (warm-up $WARMUP), server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU"
JFR_OPT=()
# The profiler is loaded with the JVM and started later: attached only for the measured run, it made C2
# compile everything again (about 45 % of the run's CPU).
[ -n "${ASYNC_PROFILER:-}" ] && JFR_OPT=("-agentpath:$ASYNC_PROFILER")
[ -n "${JFR:-}" ] && JFR_OPT+=("-XX:StartFlightRecording=${JFR_SETTINGS:-settings=profile},name=writes,filename=$JFR")
taskset -c "$SERVER_CPU" java -Xms1g -Xmx1g -XX:+UseParallelGC "${JFR_OPT[@]}" -jar "$JAR" \
  --dns-port "$DNS_PORT" --http-port "$HTTP_PORT" --data-dir "$DATA" > "$WORK/signpost.log" 2>&1 &
SP_PID=$!
for _ in $(seq 100); do grep -q "answering DNS" "$WORK/signpost.log" && break; sleep 0.2; done
grep -q "answering DNS" "$WORK/signpost.log" || { cat "$WORK/signpost.log"; exit 1; }

load() {
  taskset -c "$CLIENT_CPU" java -XX:+UseSerialGC bench/RegisterLoad.java "127.0.0.1:$HTTP_PORT" "$@" \
    --dns "127.0.0.1:$DNS_PORT" --pid "$SP_PID"
}
# Warm the JIT up before measuring (bench/jit-warmup.sh says why and how).
source bench/jit-warmup.sh
warm_up "$SP_PID" "$WARMUP"
PROFILE=${PROFILE:-/tmp/writes.collapsed}
[ -n "${ASYNC_PROFILER:-}" ] && jcmd "$SP_PID" JVMTI.agent_load "$ASYNC_PROFILER" "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
for run in $(seq "$RUNS"); do
  echo "measured run $run of $RUNS starts at $(date -u +%H:%M:%S) UTC"
  before=$(compiled "$SP_PID")
  load "$N" "$CLIENTS" --services "$SERVICES" --prefix "load$run"
  after=$(compiled "$SP_PID")
  [ -n "$before" ] && [ -n "$after" ] && echo "the JIT compiled $(( after - before )) methods during the run"
done
if [ -n "${ASYNC_PROFILER:-}" ]; then
  jcmd "$SP_PID" JVMTI.agent_load "$ASYNC_PROFILER" "\"stop,collapsed,file=$PROFILE\"" >/dev/null && echo "profile: $PROFILE"
fi
if [ -n "${JFR:-}" ]; then
  jcmd "$SP_PID" JFR.dump name=writes filename="$JFR" >/dev/null && echo "profile: $JFR"
fi
echo "journal.log: $(du -h "$DATA/journal.log" 2>/dev/null | cut -f1) (zero-filled ahead of the records) in $DATA"
grep -iE "warn|error|exception" "$WORK/signpost.log" | head -5 || true
