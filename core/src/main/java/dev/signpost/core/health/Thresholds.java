package dev.signpost.core.health;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import java.util.Optional;

/**
 * Consul's {@code SuccessBeforePassing}, {@code FailuresBeforeWarning} and {@code FailuresBeforeCritical}:
 * consecutive results a check needs before its reported state changes. Passing and warning results count
 * as successes; a warning threshold, when unset, is the critical one.
 */
final class Thresholds {

  private final int successBeforePassing;
  private final int failuresBeforeWarning;
  private final int failuresBeforeCritical;
  private int successes;
  private int failures;

  Thresholds(CheckSpec spec) {
    successBeforePassing = spec.successBeforePassing();
    failuresBeforeCritical = spec.failuresBeforeCritical();
    failuresBeforeWarning = spec.failuresBeforeWarning() == 0 ? failuresBeforeCritical : spec.failuresBeforeWarning();
  }

  /** The state to report after this result, or empty while a threshold keeps the current one. */
  Optional<CheckState> apply(CheckState result) {
    if (result.status() != HealthStatus.CRITICAL) {
      successes++;
      failures = 0;
      return successes >= successBeforePassing ? Optional.of(result) : Optional.empty();
    }
    failures++;
    successes = 0;
    if (failures >= failuresBeforeCritical) {
      return Optional.of(result);
    }
    if (failures >= failuresBeforeWarning) {
      return Optional.of(new CheckState(HealthStatus.WARNING, result.output()));
    }
    return Optional.empty();
  }
}
