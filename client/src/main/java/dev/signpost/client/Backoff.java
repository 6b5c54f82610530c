package dev.signpost.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th wait in a row is drawn uniformly from the upper half of
 * {@code min(max, initial * 2^(n-1))}, so clients that failed together do not come back together, and none
 * waits less than half its step.
 */
record Backoff(Duration initial, Duration max) {

  Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "the most backoff (" + max + ") must not be below the first (" + initial + ")");
    }
  }

  /** The step before jitter for the {@code n}-th wait in a row (n from 1). */
  Duration step(int n) {
    long nanos = initial.toNanos();
    long cap = max.toNanos();
    for (int k = 1; k < n && nanos < cap; k++) {
      nanos = nanos > cap / 2 ? cap : nanos * 2;
    }
    return Duration.ofNanos(Math.min(nanos, cap));
  }

  /** The {@code n}-th wait in a row: between half the step and the step. */
  Duration delay(int n, RandomGenerator random) {
    long step = step(n).toNanos();
    long half = step / 2;
    return Duration.ofNanos(half + random.nextLong(step - half + 1));
  }
}
