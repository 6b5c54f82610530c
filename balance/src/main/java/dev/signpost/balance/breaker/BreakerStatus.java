package dev.signpost.balance.breaker;

import java.util.Objects;
import java.util.Optional;

/**
 * One breaker at one moment. Callers that act on changes (events, health output, meters) compare the status
 * a call returns with the one before: the breaker keeps no listeners.
 *
 * @param state closed, open or half-open
 * @param sinceNanos when the current state began, on the breaker's clock
 * @param openUntilNanos when an open breaker turns half-open, on the breaker's clock; meaningless otherwise
 * @param trip why the breaker last opened; empty before it ever opened
 * @param consecutiveFailures the current run of failures while closed
 * @param trialSuccesses successes so far while half-open
 * @param halfOpenSuccesses successes a half-open breaker needs to close
 * @param ejections the ejections in a row the breaker remembers: the current (or last) one lasted {@code
 *     EjectionTime * 2^(ejections - 1)}, capped; while closed it drops by one per ejection time, and at 0 the
 *     next ejection lasts the plain ejection time
 */
public record BreakerStatus(BreakerState state, long sinceNanos, long openUntilNanos, Optional<Trip> trip,
    long consecutiveFailures, int trialSuccesses, int halfOpenSuccesses, int ejections) {

  public BreakerStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(trip, "trip");
  }

  /** Whether calls may go to the instance: not while open. */
  public boolean allows() {
    return state != BreakerState.OPEN;
  }
}
