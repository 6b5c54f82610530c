package dev.signpost.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Stamps each check state of an instance about to be stored with when its status last changed: the time of
 * this change for a check whose status differs from the previous value's (or that is new), the previous
 * value's stamp for one whose status is the same (only its output changed, or nothing did). So a re-report of
 * the same status compares equal to what is stored, and the stamp moves exactly when the status does.
 */
final class CheckStamps {

  private CheckStamps() {}

  /**
   * {@code next} with its check states stamped against {@code previous} (null for a new instance) at
   * {@code now}; {@code next} itself when nothing needs a stamp.
   */
  static Instance stamped(Instance next, Instance previous, Instant now) {
    Map<String, CheckState> checks = next.health().checks();
    if (checks.isEmpty()) {
      return next;
    }
    Map<String, CheckState> stamped = new LinkedHashMap<>();
    boolean changed = false;
    for (Map.Entry<String, CheckState> e : checks.entrySet()) {
      CheckState state = e.getValue();
      CheckState before = previous == null ? null : previous.checkState(e.getKey()).orElse(null);
      Optional<Instant> since = before != null && before.status() == state.status() ? before.since()
          : Optional.of(now);
      if (!since.equals(state.since())) {
        state = new CheckState(state.status(), state.output(), since);
        changed = true;
      }
      stamped.put(e.getKey(), state);
    }
    return changed ? next.withHealth(new InstanceHealth(stamped, next.health().maintenance())) : next;
  }
}
