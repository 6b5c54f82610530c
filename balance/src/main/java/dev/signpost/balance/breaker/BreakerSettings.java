package dev.signpost.balance.breaker;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link CircuitBreaker} opens and for how long. The names are the service policy's
 * ({@code Passive: {ConsecutiveFailures, ...}}), so a refusal names the field a person wrote.
 *
 * @param consecutiveFailures this many failures in a row open the breaker; 0 turns the rule off
 * @param failureRatePercent at least this share of the calls in the window failing opens the breaker; 0 turns
 *     the rule off
 * @param minimumCalls the rate rule judges only a window holding at least this many calls
 * @param window how far back the rate rule looks
 * @param ejectionTime how long the first ejection lasts; each repeated ejection lasts twice the one before, and
 *     each ejection time the instance then stays closed takes one doubling back
 * @param maxEjectionTime the cap on a doubled ejection
 * @param halfOpenSuccesses successes in a row a half-open breaker needs to close
 */
public record BreakerSettings(int consecutiveFailures, int failureRatePercent, int minimumCalls, Duration window,
    Duration ejectionTime, Duration maxEjectionTime, int halfOpenSuccesses) {

  /** The largest count a setting may hold. */
  public static final int MAX_COUNT = 1_000_000;

  /** The longest window the rate rule may look back over. */
  public static final Duration MAX_WINDOW = Duration.ofHours(1);

  /** The longest an ejection may last. */
  public static final Duration MAX_EJECTION = Duration.ofDays(1);

  /** 5 consecutive failures, or 50 % of at least 20 calls in 30 s; out 30 s doubling to 5 min; 3 successes. */
  public static final BreakerSettings DEFAULTS = new BreakerSettings(5, 50, 20, Duration.ofSeconds(30),
      Duration.ofSeconds(30), Duration.ofMinutes(5), 3);

  public BreakerSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(ejectionTime, "ejectionTime");
    Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
    requireCount("ConsecutiveFailures", consecutiveFailures, 0);
    if (failureRatePercent < 0 || failureRatePercent > 100) {
      throw new IllegalArgumentException("FailureRatePercent must be between 0 and 100, got " + failureRatePercent);
    }
    if (consecutiveFailures == 0 && failureRatePercent == 0) {
      throw new IllegalArgumentException(
          "ConsecutiveFailures and FailureRatePercent are both 0: nothing could open the breaker");
    }
    requireCount("MinimumCalls", minimumCalls, 1);
    requireDuration("Window", window, MAX_WINDOW);
    requireDuration("EjectionTime", ejectionTime, MAX_EJECTION);
    requireDuration("MaxEjectionTime", maxEjectionTime, MAX_EJECTION);
    if (maxEjectionTime.compareTo(ejectionTime) < 0) {
      throw new IllegalArgumentException("MaxEjectionTime (" + Spans.text(maxEjectionTime)
          + ") must not be shorter than EjectionTime (" + Spans.text(ejectionTime) + ")");
    }
    requireCount("HalfOpenSuccesses", halfOpenSuccesses, 1);
  }

  private static void requireCount(String field, int value, int least) {
    if (value < least || value > MAX_COUNT) {
      throw new IllegalArgumentException(field + " must be between " + least + " and " + MAX_COUNT + ", got "
          + value);
    }
  }

  private static void requireDuration(String field, Duration value, Duration most) {
    if (value.isNegative() || value.isZero() || value.compareTo(most) > 0) {
      throw new IllegalArgumentException(field + " must be positive and at most " + Spans.text(most) + ", got "
          + Spans.text(value));
    }
  }
}
