package dev.signpost.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A point-in-time count of what the registry holds and what the health engine did.
 *
 * @param servicesFailingOpen services whose instances all fail and whose last healthy set DNS still
 *     serves ({@code --dns-fail-open})
 * @param checksRun probes and TTL expiries since start
 * @param checkFailures of those, the ones that reported critical
 */
public record RegistryMetrics(long index, int services, int instances, Map<HealthStatus, Integer> instancesByStatus,
    int servicesFailingOpen, long checksRun, long checkFailures, Optional<String> storeFailure) {

  public RegistryMetrics {
    instancesByStatus = Map.copyOf(instancesByStatus);
    storeFailure = Objects.requireNonNullElse(storeFailure, Optional.empty());
  }

  /** These metrics with the health engine's counters. */
  public RegistryMetrics withChecks(long run, long failures) {
    return new RegistryMetrics(index, services, instances, instancesByStatus, servicesFailingOpen, run, failures,
        storeFailure);
  }

  /** These metrics with the store's state: why it refuses writes, or empty while it accepts them. */
  public RegistryMetrics withStoreFailure(Optional<String> failure) {
    return new RegistryMetrics(index, services, instances, instancesByStatus, servicesFailingOpen, checksRun,
        checkFailures, failure);
  }
}
