package dev.signpost.balance.breaker;

import java.time.Duration;
import java.util.Arrays;

/**
 * Calls and failures over the last window, in ten buckets of a tenth of it each: memory stays fixed however
 * many calls are reported, and the window slides a tenth at a time (it covers between nine and ten tenths
 * of the window back from now). Counts saturate at {@link Long#MAX_VALUE} instead of wrapping negative: no
 * real caller gets near it, but a report written by hand (a relayed one in etcd) may say anything. Not
 * thread-safe: its {@link CircuitBreaker} guards it.
 */
final class RateWindow {

  static final int BUCKETS = 10;

  private final long bucketNanos;
  private final long origin;
  private final long[] numbers = new long[BUCKETS];
  private final long[] calls = new long[BUCKETS];
  private final long[] failures = new long[BUCKETS];

  RateWindow(Duration window, long now) {
    bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
    origin = now;
    Arrays.fill(numbers, Long.MIN_VALUE);
  }

  void add(long now, long successes, long failed) {
    long number = bucket(now);
    int slot = (int) Math.floorMod(number, (long) BUCKETS);
    if (numbers[slot] != number) {
      numbers[slot] = number;
      calls[slot] = 0;
      failures[slot] = 0;
    }
    calls[slot] = saturatedAdd(calls[slot], saturatedAdd(successes, failed));
    failures[slot] = saturatedAdd(failures[slot], failed);
  }

  /** Calls in the window that ends now. */
  long calls(long now) {
    return sum(calls, bucket(now));
  }

  /** Failed calls in the window that ends now. */
  long failures(long now) {
    return sum(failures, bucket(now));
  }

  void clear() {
    Arrays.fill(numbers, Long.MIN_VALUE);
  }

  private long sum(long[] counts, long current) {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (numbers[i] != Long.MIN_VALUE && current - numbers[i] < BUCKETS && numbers[i] <= current) {
        total = saturatedAdd(total, counts[i]);
      }
    }
    return total;
  }

  /** {@code a + b} for counts that are never negative, {@link Long#MAX_VALUE} when it would overflow. */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private long bucket(long now) {
    // Differences only: the clock may be negative or wrap.
    return Math.floorDiv(now - origin, bucketNanos);
  }
}
