package dev.signpost.core.health;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a check runs again, counted from the start of its previous run. The second run falls anywhere in
 * the interval's last nine tenths, so instances registered together spread over the interval instead of
 * probing in one burst; later runs come a little early (up to a tenth), never late, so a check cycle is
 * never longer than its interval.
 */
final class Jitter {

  private final RandomGenerator random;

  Jitter(RandomGenerator random) {
    this.random = random;
  }

  Duration afterFirst(Duration interval) {
    return fraction(interval, 0.1 + 0.9 * random.nextDouble());
  }

  Duration afterLater(Duration interval) {
    return fraction(interval, 1.0 - 0.1 * random.nextDouble());
  }

  private static Duration fraction(Duration interval, double f) {
    return Duration.ofNanos(Math.max(1, (long) (interval.toNanos() * f)));
  }
}
