package dev.signpost.core.passive;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One call a client made to an instance, as it reports it.
 *
 * @param success whether the call counts as a success for the instance's breaker
 * @param latency how long the call took, when the client measured it; a successful call's feeds the latency
 *     strategy
 */
public record CallOutcome(boolean success, Optional<Duration> latency) {

  public CallOutcome {
    latency = Objects.requireNonNullElse(latency, Optional.empty());
    if (latency.isPresent() && latency.get().isNegative()) {
      throw new IllegalArgumentException("LatencyMs must not be negative, got " + latency.get().toMillis());
    }
  }

  /** A call that succeeded, or failed, with no latency measured. */
  public static CallOutcome of(boolean success) {
    return new CallOutcome(success, Optional.empty());
  }
}
