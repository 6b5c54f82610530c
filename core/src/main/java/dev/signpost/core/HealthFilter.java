package dev.signpost.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which health states DNS serves, and what happens when none of a service's instances qualifies.
 *
 * @param onlyPassing serve passing instances only ({@code --dns-only-passing}); otherwise passing and
 *     warning. Critical and maintenance are never served.
 * @param failOpen when every instance of a service is excluded by its checks, keep serving the last
 *     healthy set until one recovers ({@code --dns-fail-open}). Maintenance and deregistration still
 *     take instances out: they are decisions, not failures.
 */
public record HealthFilter(boolean onlyPassing, boolean failOpen) {

  public static final HealthFilter DEFAULT = new HealthFilter(false, false);

  /** Whether an instance in this state is served in the normal course. */
  public boolean serves(HealthStatus status) {
    return status == HealthStatus.PASSING || (!onlyPassing && status == HealthStatus.WARNING);
  }

  /**
   * Whether this instance is served in the normal course: as {@link #serves(HealthStatus)} says for its
   * status, except that an instance whose only warning is its passive check (a half-open circuit breaker) is
   * served even with {@code onlyPassing}: it is on trial, and only calls can close its breaker.
   */
  public boolean serves(Instance i) {
    HealthStatus status = i.status();
    if (serves(status)) {
      return true;
    }
    return status == HealthStatus.WARNING && onlyPassiveWarns(i);
  }

  private static boolean onlyPassiveWarns(Instance i) {
    for (Map.Entry<String, CheckState> c : i.health().checks().entrySet()) {
      if (c.getValue().status() != HealthStatus.PASSING && !PassiveCheck.is(c.getKey())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The served set after a change.
   *
   * @param previous what was served before the change
   * @param instances every instance of the service now, in id order
   */
  public ServedInstances next(ServedInstances previous, List<Instance> instances) {
    List<Instance> healthy = new ArrayList<>(instances.size());
    for (Instance i : instances) {
      if (serves(i)) {
        healthy.add(i);
      }
    }
    if (healthy.size() == instances.size() && !healthy.isEmpty()) {
      // All served, the usual case: the registry's own immutable list, shared rather than copied.
      return new ServedInstances(instances, false);
    }
    if (!healthy.isEmpty() || !failOpen || previous.instances().isEmpty()) {
      return healthy.isEmpty() ? ServedInstances.NONE : new ServedInstances(healthy, false);
    }
    Set<String> lastServed = new HashSet<>();
    previous.instances().forEach(i -> lastServed.add(i.id()));
    List<Instance> kept = new ArrayList<>();
    for (Instance i : instances) {
      // Only a failing check may be overridden: maintenance is an operator's decision.
      if (lastServed.contains(i.id()) && i.status() != HealthStatus.MAINTENANCE) {
        kept.add(i);
      }
    }
    return kept.isEmpty() ? ServedInstances.NONE : new ServedInstances(kept, true);
  }
}
