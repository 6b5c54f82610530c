package dev.signpost.core.health;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import java.time.Duration;

/**
 * Told of every probe an HTTP or TCP check runs: its kind, what it found (before the check's thresholds), and how
 * long it took. core has no meters; the launcher turns this into a timer by type and status.
 *
 * <p>Called on the health engine's thread: it must return at once and never throw.
 */
@FunctionalInterface
public interface CheckObserver {

  /** Nobody listening. */
  CheckObserver NONE = (kind, status, took) -> { };

  /**
   * @param took from the probe's start to its result (a probe ended by its timeout took the timeout); the wait
   *     for a probe slot ({@code --health-max-probes-per-target}) is not counted, except for a run that timed out
   *     still waiting for one, which took its wait
   */
  void probed(CheckSpec.Kind kind, HealthStatus status, Duration took);
}
