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
 * @param probesHeldBack probe runs that found their target's probes (or all) at the limit and waited
 * @param probesTimedOut probe runs ended critical by their timeout
 * @param probesDenied probes (and redirect hops) refused by the check target policy, no connection made
 */
public record RegistryMetrics(long index, int services, int instances, Map<HealthStatus, Integer> instancesByStatus,
    int servicesFailingOpen, long checksRun, long checkFailures, long probesHeldBack, long probesTimedOut,
    long probesDenied, Optional<String> storeFailure) {

  public RegistryMetrics {
    instancesByStatus = Map.copyOf(instancesByStatus);
    storeFailure = Objects.requireNonNullElse(storeFailure, Optional.empty());
  }

  /** These metrics with the health engine's counters. */
  public RegistryMetrics withChecks(long run, long failures) {
    return new RegistryMetrics(index, services, instances, instancesByStatus, servicesFailingOpen, run, failures,
        probesHeldBack, probesTimedOut, probesDenied, storeFailure);
  }

  /** These metrics with the health engine's probe bounds: runs held back by the probe limits, runs timed out. */
  public RegistryMetrics withProbeBounds(long heldBack, long timedOut) {
    return new RegistryMetrics(index, services, instances, instancesByStatus, servicesFailingOpen, checksRun,
        checkFailures, heldBack, timedOut, probesDenied, storeFailure);
  }

  /** These metrics with the count of probes the check target policy refused. */
  public RegistryMetrics withProbesDenied(long denied) {
    return new RegistryMetrics(index, services, instances, instancesByStatus, servicesFailingOpen, checksRun,
        checkFailures, probesHeldBack, probesTimedOut, denied, storeFailure);
  }

  /** These metrics with the store's state: why it refuses writes, or empty while it accepts them. */
  public RegistryMetrics withStoreFailure(Optional<String> failure) {
    return new RegistryMetrics(index, services, instances, instancesByStatus, servicesFailingOpen, checksRun,
        checkFailures, probesHeldBack, probesTimedOut, probesDenied, failure);
  }
}
