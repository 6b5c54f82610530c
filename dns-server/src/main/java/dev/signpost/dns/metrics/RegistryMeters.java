package dev.signpost.dns.metrics;

import dev.signpost.core.HealthStatus;
import dev.signpost.core.RegistryMetrics;
import dev.signpost.core.ServiceDiscovery;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * The registry's and the health engine's numbers as meters, read when scraped (core knows nothing of
 * Micrometer): services, instances by status, services failing open, the index, checks run and failed,
 * and the probe bounds that triggered (runs held back by the probe limits, runs timed out).
 */
public final class RegistryMeters {

  private RegistryMeters() {}

  /** As {@link #bind(ServiceDiscovery, String, MeterRegistry)} for the embedded journal. */
  public static void bind(ServiceDiscovery discovery, MeterRegistry registry) {
    bind(discovery, "embedded", registry);
  }

  /** @param store which store the registry is kept in: {@code embedded} (the journal) or {@code etcd} */
  public static void bind(ServiceDiscovery discovery, String store, MeterRegistry registry) {
    Gauge.builder("signpost.registry.services", discovery, d -> d.metrics().services())
        .description("services with at least one instance").register(registry);
    for (HealthStatus status : HealthStatus.values()) {
      Gauge.builder("signpost.registry.instances", discovery,
              d -> d.metrics().instancesByStatus().getOrDefault(status, 0))
          .description("registered instances, by health status")
          .tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry);
    }
    Gauge.builder("signpost.registry.services.failing.open", discovery, d -> d.metrics().servicesFailingOpen())
        .description("services whose last healthy set DNS serves although every instance fails")
        .register(registry);
    Gauge.builder("signpost.registry.index", discovery, ServiceDiscovery::index)
        .description("the registry index: the SOA serial and X-Consul-Index").register(registry);
    Gauge.builder("signpost.store.healthy", discovery, d -> d.metrics().storeFailure().isEmpty() ? 1 : 0)
        .description("1 while the store accepts writes, 0 once it refuses them (/v1/agent/self says why); "
            + "store says which store it is").tag("store", store).register(registry);
    FunctionCounter.builder("signpost.health.checks", discovery, d -> metrics(d).checksRun())
        .description("health checks run (probes and TTL expiries)").register(registry);
    FunctionCounter.builder("signpost.health.check.failures", discovery, d -> metrics(d).checkFailures())
        .description("health checks that found the instance critical").register(registry);
    FunctionCounter.builder("signpost.health.probes.held.back", discovery, d -> metrics(d).probesHeldBack())
        .description("probe runs that found their target's probes (or all) at the limit and waited for a turn")
        .register(registry);
    FunctionCounter.builder("signpost.health.probes.denied", discovery, d -> metrics(d).probesDenied())
        .description("probes and redirect hops refused by the check target policy (--check-allow, --check-deny,"
            + " link-local, the HTTP API), no connection made").register(registry);
    FunctionCounter.builder("signpost.health.probes.timed.out", discovery, d -> metrics(d).probesTimedOut())
        .description("probe runs ended critical by their check's timeout, the probe abandoned").register(registry);
  }

  private static RegistryMetrics metrics(ServiceDiscovery d) {
    return d.metrics();
  }
}
