package dev.signpost.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The health state of one instance: the last state of each of its checks (by check id) and whether an
 * operator put it in maintenance. The instance's status is derived from it, never stored beside it.
 *
 * @param maintenance the reason given when maintenance was enabled; empty while the instance is not in
 *     maintenance
 */
public record InstanceHealth(Map<String, CheckState> checks, Optional<String> maintenance) {

  /** No check has reported and no maintenance: what an instance without checks has. */
  public static final InstanceHealth NONE = new InstanceHealth(Map.of(), Optional.empty());

  /** The reason Consul records when maintenance is enabled without one. */
  public static final String DEFAULT_MAINTENANCE_REASON =
      "Maintenance mode is enabled for this service, but no reason was provided. This is a default message.";

  public InstanceHealth {
    checks = checks == null || checks.isEmpty() ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    maintenance = Objects.requireNonNullElse(maintenance, Optional.empty());
  }

  /**
   * Maintenance if enabled, otherwise the worst state among the checks, otherwise (no checks) passing.
   */
  public HealthStatus status() {
    if (maintenance.isPresent()) {
      return HealthStatus.MAINTENANCE;
    }
    if (checks.isEmpty()) {
      return HealthStatus.PASSING; // asked several times per instance per query: skip the iterator
    }
    HealthStatus worst = HealthStatus.PASSING;
    for (CheckState s : checks.values()) {
      worst = worst.worst(s.status());
    }
    return worst;
  }

  public InstanceHealth withCheck(String checkId, CheckState state) {
    Map<String, CheckState> next = new LinkedHashMap<>(checks);
    next.put(checkId, state);
    return new InstanceHealth(next, maintenance);
  }

  public InstanceHealth withoutCheck(String checkId) {
    Map<String, CheckState> next = new LinkedHashMap<>(checks);
    next.remove(checkId);
    return new InstanceHealth(next, maintenance);
  }

  public InstanceHealth withMaintenance(Optional<String> reason) {
    return new InstanceHealth(checks, reason);
  }
}
