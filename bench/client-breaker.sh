#!/usr/bin/env bash
# Circuit breaking as a service owner sees it (issue 20): the packaged server, three HTTP instances of a service
# and the Java client calling them (ClientBreaker.java). One instance fails, then recovers, ROUNDS times; printed
# per round: the calls that reached it after it failed, the client's calls that failed, when its breaker opened
# (the passive check asked over HTTP after every call), when DNS stopped answering it (dig, so that figure
# includes a dig's own ~50 ms) and when it was back, passing.
# Installs nothing. Needs: dig (bind9-dnsutils), java 17, maven (builds what is missing, and the Jackson jars
# the client needs must be in the local Maven repository, as any build leaves them).
# Usage: bench/client-breaker.sh [rounds=3] [ejection seconds=5]
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-3}
EJECTION=${2:-5}
JAR=${JAR:-dns-server/target/signpost.jar}
if [ ! -f "$JAR" ] || [ ! -d client/target/classes ]; then
  mvn -B -q -DskipTests package -pl dns-server,client -am
fi
REPO=${MAVEN_REPO:-$HOME/.m2/repository}
JACKSON=$(sed -n 's:.*<jackson.version>\(.*\)</jackson.version>.*:\1:p' pom.xml)
CP=client/target/classes:balance/target/classes
for artifact in jackson-core jackson-databind jackson-annotations; do
  jar="$REPO/com/fasterxml/jackson/core/$artifact/$JACKSON/$artifact-$JACKSON.jar"
  [ -f "$jar" ] || { echo "missing $jar: run a build first" >&2; exit 1; }
  CP="$CP:$jar"
done

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

java -jar "$JAR" --data-dir "$WORK/data" --dns-port 0 --http-port 0 > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  grep -q "answering DNS" "$WORK/server.log" && break
  sleep 0.1
done
LINE=$(grep "answering DNS" "$WORK/server.log")
DNS_PORT=$(sed -n 's/.* on 127\.0\.0\.1:\([0-9]*\) (UDP and TCP).*/\1/p' <<< "$LINE")
HTTP_URL=http://$(sed -n 's/.*HTTP API on \([0-9.]*:[0-9]*\);.*/\1/p' <<< "$LINE")
echo "server: DNS 127.0.0.1:$DNS_PORT, HTTP $HTTP_URL; $ROUNDS rounds, ejection ${EJECTION}s"
java -cp "$CP" bench/ClientBreaker.java "$HTTP_URL" "$DNS_PORT" "$ROUNDS" "$EJECTION"
