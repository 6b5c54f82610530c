# Sourced by writes.sh and cluster.sh: warming a server's JIT with registrations before a measured run.
#
# The JIT needs about 100,000 requests before it settles when the server has one core (C2 shares it, and
# a registration's path is long): until then the figures are the compiler's (a measured run after a fixed
# 40,000 warm-up spent as much time compiling as it ran). So warm up with other services, in rounds of
# WARMUP_ROUND (20,000) from 16 clients, until a round makes the JIT compile fewer than 50 methods
# (jstat -compiler) or the given number of registrations have been made.

# compiled PID: how many methods the JIT of PID has compiled so far (empty when jstat cannot tell).
compiled() { jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 {print $1}'; }

# warm_up PID MAX: calls the caller's `load SIZE CLIENTS --services S --prefix P` in rounds, as above.
warm_up() {
  local pid=$1 max=$2 round=${WARMUP_ROUND:-20000} warmed=0 size before after
  while [ "$warmed" -lt "$max" ]; do
    size=$(( max - warmed < round ? max - warmed : round ))
    before=$(compiled "$pid")
    load "$size" 16 --services $(( size / 10 > 0 ? size / 10 : 1 )) --prefix "warm$warmed" \
      | grep -E "registrations/s|server CPU" | sed 's/^/warm-up: /'
    warmed=$(( warmed + size ))
    after=$(compiled "$pid")
    if [ -n "$before" ] && [ -n "$after" ]; then
      echo "warm-up: the JIT compiled $(( after - before )) methods in that round"
      [ $(( after - before )) -lt 50 ] && break
    fi
  done
  return 0 # the last round's test, not a failure (the callers run under set -e)
}
