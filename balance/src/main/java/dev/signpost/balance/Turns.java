package dev.signpost.balance;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-key turn counters for the strategies that rotate. A counter only ever grows and is allowed to wrap,
 * which is why positions are taken with {@link Math#floorMod}.
 */
final class Turns {

  private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final long first;

  Turns() {
    this(0);
  }

  /** Counters start at {@code first}; tests start near {@link Long#MAX_VALUE} to cross the wrap. */
  Turns(long first) {
    this.first = first;
  }

  /** This query's turn for {@code key}; the read is lock-free once the key has been seen. */
  long next(String key) {
    AtomicLong counter = counters.get(key);
    if (counter == null) {
      counter = counters.computeIfAbsent(key, k -> new AtomicLong(first));
    }
    return counter.getAndIncrement();
  }

  /** {@code client}'s turn for {@code key}: the next one, taken by a query and only read by a preview. */
  long next(String key, Client client) {
    if (!client.preview()) {
      return next(key);
    }
    AtomicLong counter = counters.get(key);
    return counter == null ? first : counter.get();
  }

  /** Appends {@code from} to {@code to}, starting {@code turn} places in and wrapping around. */
  static <T> void addRotated(List<T> from, long turn, List<T> to) {
    int n = from.size();
    if (n == 0) {
      return;
    }
    int start = (int) Math.floorMod(turn, (long) n);
    to.addAll(from.subList(start, n));
    to.addAll(from.subList(0, start));
  }
}
