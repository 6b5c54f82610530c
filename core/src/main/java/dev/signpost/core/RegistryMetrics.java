package dev.signpost.core;

import java.util.Map;

/**
 * A point-in-time count of what the registry holds and what the health engine did.
 *
 * @param servicesFailingOpen services whose instances all fail and whose last healthy set DNS still
 *     serves ({@code --dns-fail-open})
 * @param checksRun probes and TTL expiries since start
 * @param checkFailures of those, the ones that reported critical
 */
public record RegistryMetrics(long index, int services, int instances, Map<HealthStatus, Integer> instancesByStatus,
    int servicesFailingOpen, long checksRun, long checkFailures) {

  public RegistryMetrics {
    instancesByStatus = Map.copyOf(instancesByStatus);
  }

  /** These metrics with the health engine's counters. */
  public RegistryMetrics withChecks(long run, long failures) {
    return new RegistryMetrics(index, services, instances, instancesByStatus, servicesFailingOpen, run, failures);
  }
}
