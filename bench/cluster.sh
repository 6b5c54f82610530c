#!/usr/bin/env bash
# Cluster mode (issue 15): two Signpost nodes A and B sharing one registry through etcd.
#   1. DNS queries/s of cluster node A against a single node on the embedded journal store, same records
#      (S services x I instances registered into each), dnsperf as in compare-knot.sh, alternating runs.
#   2. Registrations/s through etcd from 16 clients against A (RegisterLoad.java, after a warm-up as in
#      writes.sh), with p50/p99 latency and the CPU per registration of A, B and etcd.
#   3. Propagation A -> B (Propagation.java): a PUT on A, then B asked over UDP until it answers.
# The DNS comparison runs first, while A and the single node hold the same records; the load adds
# up to 140,000 instances to A by default (WARMUP_ROUND, 20,000, is the size of a warm-up round).
# Installs nothing. Needs: etcd (Debian: etcd-server), dnsperf, taskset, curl, python3, java 17 (its jstat);
# maven only if the jar is missing.
# Usage: bench/cluster.sh [registrations=20000] [clients=16] [propagation samples=1000] [dns seconds=10]
#                         [dns rounds=3] [services=100] [instances=3] [max warm-up=100000]
# Env: ETCD_MEMBERS (1; 3 runs a 3-member etcd cluster on loopback, every member on ETCD_CPU),
#      RUNS (2) measured load runs,
#      SERVER_CPU (0): node A and the single embedded node; B_CPU (1): node B; ETCD_CPU (1): etcd;
#      CLIENT_CPU (1): RegisterLoad, Propagation, dnsperf and fill.py,
#      HEAP (1g) each node's -Xms and -Xmx, BASE_PORT (24300): etcd member i listens on BASE_PORT + 10 i
#      (clients) and + 1 (peers); A, B and the single node answer DNS on BASE_PORT + 53, 54, 55 and HTTP on
#      BASE_PORT + 80, 81, 82,
#      PHASES ("dns load prop", any subset), DNS_FIRST (embedded; "cluster" measures the cluster node first
#      in each round), SIGNPOST_FLAGS (added to every node), JAR (default
#      dns-server/target/signpost.jar), KEEP=1 keeps the work dir (logs, data) instead of deleting it.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-20000}
CLIENTS=${2:-16}
PROP_SAMPLES=${3:-1000}
DNS_SECONDS=${4:-10}
DNS_ROUNDS=${5:-3}
SERVICES=${6:-100}
INSTANCES=${7:-3}
WARMUP=${8:-100000}
RUNS=${RUNS:-2}
ETCD_MEMBERS=${ETCD_MEMBERS:-1}
SERVER_CPU=${SERVER_CPU:-0}
B_CPU=${B_CPU:-1}
ETCD_CPU=${ETCD_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-1}
HEAP=${HEAP:-1g}
BASE_PORT=${BASE_PORT:-24300}
PHASES=${PHASES:-dns load prop}
SIGNPOST_FLAGS=${SIGNPOST_FLAGS:-}

for tool in etcd dnsperf taskset curl python3 java jstat; do
  command -v "$tool" >/dev/null || {
    echo "missing $tool: apt-get install -y etcd-server dnsperf util-linux curl python3 openjdk-17-jdk-headless" >&2
    exit 2
  }
done
JAR=${JAR:-dns-server/target/signpost.jar}
[ -f "$JAR" ] || mvn -B -q -DskipTests package

A_DNS=$((BASE_PORT + 53)) B_DNS=$((BASE_PORT + 54)) E_DNS=$((BASE_PORT + 55))
A_HTTP=$((BASE_PORT + 80)) B_HTTP=$((BASE_PORT + 81)) E_HTTP=$((BASE_PORT + 82))
ports=("$A_DNS" "$B_DNS" "$E_DNS" "$A_HTTP" "$B_HTTP" "$E_HTTP")
for i in $(seq "$ETCD_MEMBERS"); do ports+=($((BASE_PORT + 10 * i)) $((BASE_PORT + 10 * i + 1))); done
for p in "${ports[@]}"; do
  if ss -Htanlu "( sport = :$p )" 2>/dev/null | grep -q .; then
    echo "port $p is in use: choose another BASE_PORT (now $BASE_PORT)" >&2
    exit 2
  fi
done

WORK=$(mktemp -d /tmp/signpost-cluster.XXXXXX)
NODE_PIDS=() ETCD_PIDS=() OTHER_PIDS=()
stop() { # PID...: TERM, up to 30 s for a clean stop, then KILL
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "pid $pid still running 30 s after TERM: killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
}
cleanup() {
  set +e
  [ ${#OTHER_PIDS[@]} -gt 0 ] && stop "${OTHER_PIDS[@]}"
  # The nodes first, while etcd still answers their lease revocation; then etcd.
  [ ${#NODE_PIDS[@]} -gt 0 ] && stop "${NODE_PIDS[@]}"
  [ ${#ETCD_PIDS[@]} -gt 0 ] && stop "${ETCD_PIDS[@]}"
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# CPU seconds a process has used so far (user + system).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }
cpu_sum() { local p t=0; for p in "$@"; do t=$(awk -v a="$t" -v b="$(cpu_of "$p")" 'BEGIN {print a + b}'); done; echo "$t"; }
# Busy and total jiffies of each CPU: "cpu0 busy total cpu1 busy total ..."
cores() { awk '/^cpu[0-9]/ {t = 0; for (i = 2; i <= NF; i++) t += $i; printf "%s %d %d ", $1, t - $5 - $6, t}' /proc/stat; }
cores_busy() { # before after: "cpu0 93 % cpu1 100 %"
  awk -v b="$1" -v a="$2" 'BEGIN { n = split(b, x, " "); split(a, y, " ")
    for (i = 1; i <= n; i += 3) printf "%s %.0f %%  ", x[i], 100 * (y[i + 1] - x[i + 1]) / (y[i + 2] - x[i + 2]) }'
}
threads_of() { # pid: "name ticks" per thread (names truncated by the kernel to 15 characters)
  local t
  for t in /proc/"$1"/task/*; do
    [ -r "$t/stat" ] && awk '{s = $0; sub(/^[^(]*\(/, "", s); n = s; sub(/\).*$/, "", n); sub(/^.*\) /, "", s)
      split(s, f, " "); gsub(/[0-9]+/, "#", n); gsub(/ /, "_", n); print n, f[12] + f[13]}' "$t/stat" 2>/dev/null
  done
}
threads_per_op() { # before after n: the threads' CPU in us per operation, by name, largest first
  awk -v n="$3" -v hz="$(getconf CLK_TCK)" 'FNR == NR {b[$1] += $2; next} {a[$1] += $2}
    END {for (k in a) { d = (a[k] - b[k]) * 1e6 / hz / n; if (d >= 1) printf "%s %.0f\n", k, d } }' "$1" "$2" \
    | sort -k2 -rn | head -8 | awk '{printf "%s%s %s", sep, $1, $2; sep = ", "} END {print ""}'
}
etcd_metric() { # name [member]: a counter or histogram's _sum/_count from etcd's /metrics
  curl -s "http://127.0.0.1:$((BASE_PORT + 10 * ${2:-1}))/metrics" | awk -v m="$1" '$1 == m {print $2; f = 1} END {if (!f) print 0}'
}

# --- etcd
CLUSTER=""
for i in $(seq "$ETCD_MEMBERS"); do CLUSTER+="${CLUSTER:+,}e$i=http://127.0.0.1:$((BASE_PORT + 10 * i + 1))"; done
ETCD_FLAGS=()
for i in $(seq "$ETCD_MEMBERS"); do
  c=$((BASE_PORT + 10 * i)) p=$((BASE_PORT + 10 * i + 1))
  taskset -c "$ETCD_CPU" etcd --name "e$i" --data-dir "$WORK/etcd-e$i" --logger zap --log-level warn \
    --listen-client-urls "http://127.0.0.1:$c" --advertise-client-urls "http://127.0.0.1:$c" \
    --listen-peer-urls "http://127.0.0.1:$p" --initial-advertise-peer-urls "http://127.0.0.1:$p" \
    --initial-cluster "$CLUSTER" --initial-cluster-token "signpost-bench-$$" --initial-cluster-state new \
    > "$WORK/etcd-e$i.log" 2>&1 &
  ETCD_PIDS+=($!)
  ETCD_FLAGS+=(--etcd "http://127.0.0.1:$c")
done
for i in $(seq "$ETCD_MEMBERS"); do
  for _ in $(seq 100); do
    curl -s -m 1 "http://127.0.0.1:$((BASE_PORT + 10 * i))/health" | grep -q '"health":"true"' && break
    sleep 0.2
  done
  curl -s -m 1 "http://127.0.0.1:$((BASE_PORT + 10 * i))/health" | grep -q '"health":"true"' \
    || { echo "etcd member e$i not healthy after 20 s:" >&2; tail -20 "$WORK/etcd-e$i.log" >&2; exit 1; }
done

# --- Signpost: node A, node B, and the single node on its journal (E)
start_node() { # name cpu dns http [flags...]; sets STARTED_PID
  local name=$1 cpu=$2 dns=$3 http=$4
  shift 4
  # shellcheck disable=SC2086
  taskset -c "$cpu" java "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseParallelGC -jar "$JAR" --dns-port "$dns" --http-port "$http" \
    --data-dir "$WORK/data-$name" "$@" $SIGNPOST_FLAGS > "$WORK/$name.log" 2>&1 &
  STARTED_PID=$!
  NODE_PIDS+=("$STARTED_PID")
}
await_node() { # name
  for _ in $(seq 150); do grep -q "answering DNS" "$WORK/$1.log" && return; sleep 0.2; done
  echo "node $1 did not start:" >&2; cat "$WORK/$1.log" >&2; exit 1
}
start_node a "$SERVER_CPU" "$A_DNS" "$A_HTTP" "${ETCD_FLAGS[@]}" --node-name bench-a; A_PID=$STARTED_PID
start_node b "$B_CPU" "$B_DNS" "$B_HTTP" "${ETCD_FLAGS[@]}" --node-name bench-b; B_PID=$STARTED_PID
E_PID=
if [[ " $PHASES " == *" dns "* ]]; then start_node e "$SERVER_CPU" "$E_DNS" "$E_HTTP"; E_PID=$STARTED_PID; fi
await_node a; await_node b
[ -z "$E_PID" ] || await_node e
# A cluster node answers DNS before it has caught up with etcd; writes wait for "store": "healthy".
for node in "a $A_HTTP" "b $B_HTTP"; do
  set -- $node
  healthy=
  for _ in $(seq 150); do
    curl -s -m 2 "http://127.0.0.1:$2/v1/agent/self" | grep -q '"store":"healthy"' && { healthy=1; break; }
    sleep 0.2
  done
  if [ -z "$healthy" ]; then
    echo "node $1's store is not healthy 30 s after start: $(curl -s -m 2 "http://127.0.0.1:$2/v1/agent/self" | grep -o '"store":"[^"]*"')" >&2
    for i in $(seq "$ETCD_MEMBERS"); do
      echo "etcd e$i: $(curl -s -m 1 "http://127.0.0.1:$((BASE_PORT + 10 * i))/health")" >&2
    done
    cat "$WORK/$1.log" >&2
    exit 1
  fi
done

echo "== etcd: $ETCD_MEMBERS member(s) on CPU $ETCD_CPU; node A on CPU $SERVER_CPU, node B on CPU $B_CPU," \
  "single embedded node on CPU $SERVER_CPU; clients (RegisterLoad, Propagation, dnsperf) on CPU $CLIENT_CPU;" \
  "heap $HEAP; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
SUMMARY=()

# --- 1. DNS: cluster node A against the single node on the journal, same records
if [ -n "$E_PID" ]; then
  echo "== DNS: $SERVICES services x $INSTANCES instances in each, dnsperf -c 8 -q 200 for $DNS_SECONDS s, $DNS_ROUNDS rounds"
  taskset -c "$CLIENT_CPU" python3 bench/fill.py "127.0.0.1:$E_HTTP" "$SERVICES" "$INSTANCES" "$WORK/e.zone" "$WORK/queries.txt" | sed 's/^/embedded: /'
  taskset -c "$CLIENT_CPU" python3 bench/fill.py "127.0.0.1:$A_HTTP" "$SERVICES" "$INSTANCES" "$WORK/a.zone" "$WORK/queries-a.txt" | sed 's/^/cluster A: /'
  for port in "$E_DNS" "$A_DNS" "$B_DNS"; do # every instance answered, by every node
    got=$(python3 - "$port" "$SERVICES" "$INSTANCES" <<'PY'
import socket, struct, sys
port, services, instances = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
for name in ("svc-0", "svc-%d" % (services - 1)):
    q = struct.pack(">HHHHHH", 7, 0x100, 1, 0, 0, 1) + b"".join(bytes([len(l)]) + l.encode() for l in (name + ".service.local").split(".")) + b"\0" + struct.pack(">HH", 1, 1)
    q += b"\0" + struct.pack(">HHIH", 41, 4096, 0, 0)
    s.sendto(q, ("127.0.0.1", port)); r = s.recv(4096)
    if struct.unpack(">H", r[6:8])[0] < instances: print("short answer for %s on port %d" % (name, port)); sys.exit()
print("ok")
PY
)
    [ "$got" = ok ] || { echo "$got" >&2; exit 1; }
  done
  measure() { # pid port: "qps cpu_us_per_query latency_ms server_cores cores_busy"
    local pid=$1 port=$2 before after out c0 c1
    before=$(cpu_of "$pid") c0=$(cores)
    out=$(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -l "$DNS_SECONDS" -c 8 -q 200 2>&1)
    after=$(cpu_of "$pid") c1=$(cores)
    echo "$out" | awk -v a="$after" -v b="$before" -v s="$DNS_SECONDS" -v busy="$(cores_busy "$c0" "$c1")" '
      /Queries per second:/ {q = $4} /Queries completed:/ {n = $3} /Average Latency/ {l = $4 * 1000}
      END {if (!n) {print "dnsperf completed no queries" > "/dev/stderr"; exit 1}
           printf "%.0f %.2f %.3f %.2f %s\n", q, (a - b) * 1e6 / n, l, (a - b) / s, busy}'
  }
  echo "-- JIT warm-up, one run against each (not counted)"
  measure "$E_PID" "$E_DNS" > /dev/null
  measure "$A_PID" "$A_DNS" > /dev/null
  printf "%-6s %-10s %10s %13s %11s %13s  %s\n" round node "queries/s" "CPU us/query" "latency ms" "server cores" "cores busy (all processes)"
  eq=0 ec=0 cq=0 cc=0
  order="embedded cluster"
  [ "${DNS_FIRST:-embedded}" = cluster ] && order="cluster embedded"
  for round in $(seq "$DNS_ROUNDS"); do
    for node in $order; do
      if [ "$node" = embedded ]; then read -r q c l u busy < <(measure "$E_PID" "$E_DNS")
      else read -r q c l u busy < <(measure "$A_PID" "$A_DNS"); fi
      printf "%-6s %-10s %10s %13s %11s %13s  %s\n" "$round" "$node" "$q" "$c" "$l" "$u" "$busy"
      if [ "$node" = embedded ]; then
        eq=$(awk -v a="$eq" -v b="$q" 'BEGIN {print a + b}'); ec=$(awk -v a="$ec" -v b="$c" 'BEGIN {print a + b}')
      else
        cq=$(awk -v a="$cq" -v b="$q" 'BEGIN {print a + b}'); cc=$(awk -v a="$cc" -v b="$c" 'BEGIN {print a + b}')
      fi
    done
  done
  line=$(awk -v eq="$eq" -v ec="$ec" -v cq="$cq" -v cc="$cc" -v n="$DNS_ROUNDS" 'BEGIN {
    r = cq / eq; printf "DNS mean: embedded %.0f q/s at %.2f us, cluster %.0f q/s at %.2f us; cluster/embedded: queries/s %.3f, CPU per query %.3f (%s 5 %%)",
      eq / n, ec / n, cq / n, cc / n, r, cc / ec, (r >= 0.95 && r <= 1.05) ? "within" : "NOT within" }')
  echo "$line"
  SUMMARY+=("$line")
  stop "$E_PID"
  grep -iE "warn|error|exception" "$WORK/e.log" | head -5 | sed 's/^/embedded log: /' || true
fi

# --- 2. Registrations through etcd
if [[ " $PHASES " == *" load "* ]]; then
  echo "== registrations: $N per run from $CLIENTS clients to node A, $RUNS runs, after a warm-up (at most $WARMUP)"
  load() {
    taskset -c "$CLIENT_CPU" java -XX:+UseSerialGC bench/RegisterLoad.java "127.0.0.1:$A_HTTP" "$@" \
      --dns "127.0.0.1:$A_DNS" --pid "$A_PID"
  }
  source bench/jit-warmup.sh
  warm_up "$A_PID" "$WARMUP"
  for run in $(seq "$RUNS"); do
    echo "-- measured run $run of $RUNS, starts at $(date -u +%H:%M:%S) UTC"
    before=$(compiled "$A_PID")
    e0=$(cpu_sum "${ETCD_PIDS[@]}") b0=$(cpu_of "$B_PID") c0=$(cores)
    f0=$(etcd_metric etcd_disk_wal_fsync_duration_seconds_count) fs0=$(etcd_metric etcd_disk_wal_fsync_duration_seconds_sum)
    threads_of "$A_PID" > "$WORK/a-threads0"; threads_of "$B_PID" > "$WORK/b-threads0"
    load "$N" "$CLIENTS" --services $(( N / 10 > 0 ? N / 10 : 1 )) --prefix "load$run" | tee "$WORK/run$run.txt"
    e1=$(cpu_sum "${ETCD_PIDS[@]}") b1=$(cpu_of "$B_PID") c1=$(cores)
    f1=$(etcd_metric etcd_disk_wal_fsync_duration_seconds_count) fs1=$(etcd_metric etcd_disk_wal_fsync_duration_seconds_sum)
    threads_of "$A_PID" > "$WORK/a-threads1"; threads_of "$B_PID" > "$WORK/b-threads1"
    after=$(compiled "$A_PID")
    [ -n "$before" ] && [ -n "$after" ] && echo "the JIT compiled $(( after - before )) methods in node A during the run"
    echo "node A's threads, us CPU per registration: $(threads_per_op "$WORK/a-threads0" "$WORK/a-threads1" "$N")"
    echo "node B's threads, us CPU per registration: $(threads_per_op "$WORK/b-threads0" "$WORK/b-threads1" "$N")"
    awk -v e="$(awk -v a="$e1" -v b="$e0" 'BEGIN {print a - b}')" -v b="$(awk -v a="$b1" -v b="$b0" 'BEGIN {print a - b}')" \
      -v n="$N" -v f="$(awk -v a="$f1" -v b="$f0" 'BEGIN {print a - b}')" -v fs="$(awk -v a="$fs1" -v b="$fs0" 'BEGIN {print a - b}')" \
      'BEGIN {printf "etcd CPU: %.0f us per registration (all members); node B: %.0f us per registration (applying the watch)\n", e * 1e6 / n, b * 1e6 / n
              printf "etcd e1 WAL: %d fsyncs, %.1f registrations per fsync, %.2f ms mean fsync\n", f, f ? n / f : 0, f ? fs * 1000 / f : 0}'
    echo "cores busy during the run (any process, other sessions included): $(cores_busy "$c0" "$c1")"
    line=$(awk -v run="$run" '/registrations\/s/ {r = $(NF - 1)} /^latency ms/ {p50 = $4; p99 = $8}
      /^server CPU/ {cpu = $9} END {printf "registrations run %s: %s/s, p50 %s ms, p99 %s ms, node A %s us CPU each", run, r, p50, p99, cpu}' "$WORK/run$run.txt")
    SUMMARY+=("$line; etcd $(awk -v a="$e1" -v b="$e0" -v n="$N" 'BEGIN {printf "%.0f", (a - b) * 1e6 / n}') us, node B $(awk -v a="$b1" -v b="$b0" -v n="$N" 'BEGIN {printf "%.0f", (a - b) * 1e6 / n}') us")
  done
fi

# --- 3. Propagation A -> B
if [[ " $PHASES " == *" prop "* ]]; then
  echo "== propagation: $PROP_SAMPLES registrations on node A, each asked of node B over UDP until answered"
  taskset -c "$CLIENT_CPU" java -XX:+UseSerialGC bench/Propagation.java "127.0.0.1:$A_HTTP" "127.0.0.1:$B_DNS" \
    --samples "$PROP_SAMPLES" --prefix "prop$$" | tee "$WORK/prop.txt"
  SUMMARY+=("propagation: $(grep "^from A's 200" "$WORK/prop.txt" | sed 's/ *ms:/ ms:/')")
fi

echo "== summary (etcd ${ETCD_MEMBERS} member(s); A on CPU $SERVER_CPU, B on CPU $B_CPU, etcd on CPU $ETCD_CPU, clients on CPU $CLIENT_CPU)"
printf '%s\n' "${SUMMARY[@]}"
echo "== log lines with warn/error/exception (first 5 per file; count)"
for f in "$WORK"/a.log "$WORK"/b.log; do
  echo "$(basename "$f"): $(grep -ciE "warn|error|exception" "$f" || true)"
  grep -iE "warn|error|exception" "$f" | cut -c1-300 | head -5 | sed 's/^/  /' || true
done
for f in "$WORK"/etcd-e*.log; do # zap JSON at level warn and above: each distinct message, counted
  echo "$(basename "$f"): $(grep -c . "$f" || true) (by message)"
  sed -E 's/.*"level":"([a-z]+)".*"msg":"([^"]*)".*/\1: \2/' "$f" | cut -c1-200 \
    | sort | uniq -c | sort -rn | head -5 | sed 's/^/  /' || true
done
