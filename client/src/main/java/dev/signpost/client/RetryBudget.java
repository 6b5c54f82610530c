package dev.signpost.client;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Caps retries across all of a client's calls, so that when an outage makes every call fail, retries do not
 * multiply the load on what is left: over the last ten seconds, retries may add at most {@code ratio} of the
 * calls made, plus {@code minPerSecond} each second so a quiet client can still retry. (A call's own cap is
 * its attempts; this one is the client's.)
 *
 * <p>Ten one-second buckets of (calls, retries) on an injected clock; thread-safe by its lock, held briefly.
 */
final class RetryBudget {

  private static final int BUCKETS = 10;
  private static final long BUCKET_NANOS = 1_000_000_000L;

  private final double ratio;
  private final int minPerSecond;
  private final LongSupplier nanoTime;
  private final long[] calls = new long[BUCKETS];
  private final long[] retries = new long[BUCKETS];
  private final long[] stamps = new long[BUCKETS];

  RetryBudget(double ratio, int minPerSecond, LongSupplier nanoTime) {
    if (!(ratio >= 0) || ratio > 10) {
      throw new IllegalArgumentException("retry budget ratio must be between 0 and 10, got " + ratio);
    }
    if (minPerSecond < 0) {
      throw new IllegalArgumentException("retry budget minimum per second must not be negative, got " + minPerSecond);
    }
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
    this.nanoTime = nanoTime;
    Arrays.fill(stamps, Long.MIN_VALUE);
  }

  /** A call starts. */
  synchronized void called() {
    calls[bucket(nanoTime.getAsLong())]++;
  }

  /** Whether a retry may go now; if so it is counted. */
  synchronized boolean tryRetry() {
    long now = nanoTime.getAsLong();
    int current = bucket(now);
    long madeCalls = 0;
    long madeRetries = 0;
    for (int k = 0; k < BUCKETS; k++) {
      if (fresh(k, now)) {
        madeCalls += calls[k];
        madeRetries += retries[k];
      }
    }
    double allowed = ratio * madeCalls + (double) minPerSecond * BUCKETS;
    if (madeRetries + 1 > allowed) {
      return false;
    }
    retries[current]++;
    return true;
  }

  /** The bucket for {@code now}, emptied first if it last held an older second. */
  private int bucket(long now) {
    long second = Math.floorDiv(now, BUCKET_NANOS);
    int k = (int) Math.floorMod(second, (long) BUCKETS);
    if (stamps[k] != second) {
      stamps[k] = second;
      calls[k] = 0;
      retries[k] = 0;
    }
    return k;
  }

  private boolean fresh(int k, long now) {
    long second = Math.floorDiv(now, BUCKET_NANOS);
    return stamps[k] != Long.MIN_VALUE && second - stamps[k] < BUCKETS;
  }
}
