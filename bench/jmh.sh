#!/usr/bin/env bash
# JMH benchmarks of the query path (bench/jmh): builds bench/jmh/target/benchmarks.jar with the jmh profile,
# then runs it with short settings: one fork, 3 x 1 s warm-up, 5 x 1 s measurement. Arguments go to JMH, and
# any of those settings given there replaces the default:
#   bench/jmh.sh                                   # every benchmark (about 8 minutes)
#   bench/jmh.sh EncodeBenchmark -p services=100   # a regular expression over benchmark names, a parameter
#   bench/jmh.sh Pipeline -prof gc                 # with allocation per operation
#   bench/jmh.sh Order -i 10 -r 2s                 # longer measurement
#   bench/jmh.sh -l                                # list them
# SKIP_BUILD=1 reuses the jar already built.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q -Pjmh -DskipTests package -pl bench/jmh -am
fi

defaults=()
for pair in "-f 1" "-wi 3" "-w 1s" "-i 5" "-r 1s"; do
  option=${pair%% *}
  given=0
  for arg in "$@"; do
    [[ "$arg" == "$option" ]] && given=1
  done
  if [[ $given == 0 ]]; then
    defaults+=($pair)
  fi
done
exec java -jar bench/jmh/target/benchmarks.jar "${defaults[@]}" "$@"
