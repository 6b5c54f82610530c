package dev.signpost.core.passive;

import dev.signpost.balance.breaker.BreakerStatus;
import dev.signpost.balance.breaker.Trip;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The passive check's state for a breaker's status: passing while closed, warning while half-open (the last SRV
 * tier, a low weight), critical while open (out of DNS), with an output that says since when and why.
 */
final class PassiveText {

  private PassiveText() {}

  /**
   * @param since when the breaker's state began, by the wall clock
   * @param refusal why the last ejection the service's share refused was refused, or null
   */
  static CheckState state(BreakerStatus status, Instant since, String refusal) {
    String note = refusal == null ? "" : "; " + refusal;
    return switch (status.state()) {
      case CLOSED -> new CheckState(HealthStatus.PASSING, "closed" + note);
      case HALF_OPEN -> new CheckState(HealthStatus.WARNING, "half-open since " + time(since) + ": "
          + status.trialSuccesses() + " of " + status.halfOpenSuccesses() + " successes" + note);
      case OPEN -> new CheckState(HealthStatus.CRITICAL, "open since " + time(since)
          + status.trip().map(PassiveText::why).orElse("") + ", out for "
          + span(Duration.ofNanos(status.openUntilNanos() - status.sinceNanos())));
    };
  }

  private static String why(Trip trip) {
    return trip instanceof Trip.FailureRate ? ": " + trip.describe() : " " + trip.describe();
  }

  static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String span(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
