package dev.signpost.dns.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.health.Probe;
import dev.signpost.core.health.ProbeLimits;
import dev.signpost.core.health.ProbeResult;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RegistryMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double count(String name) {
    FunctionCounter counter = registry.find(name).functionCounter();
    assertThat(counter).as(name).isNotNull();
    return counter.count();
  }

  @Test
  void probeRunsHeldBackByTheProbeLimitsAndTimedOutAreCounted() {
    Probe hanging = check -> new CompletableFuture<ProbeResult>();
    try (ServiceDiscovery discovery = ServiceDiscovery.builder().probe(hanging).probeLimits(new ProbeLimits(1, 1))
        .build()) {
      RegistryMeters.bind(discovery, registry);
      assertThat(count("signpost.health.probes.held.back")).isZero();
      assertThat(count("signpost.health.probes.timed.out")).isZero();
      for (int i = 1; i <= 2; i++) {
        CheckSpec check = new CheckSpec("c" + i, "", "", "http://10.0.0.1:8080/health", "", Map.of(), false, "", null,
            Duration.ofSeconds(1), Duration.ofMillis(100), null, 0, 0, 0, null);
        discovery.register(Instance.of("web-" + i, "web", "10.0.0." + i, 80, List.of()).withChecks(List.of(check)))
            .toCompletableFuture().join();
      }
      // One slot for the target: the second run waits for the first, which hangs until its timeout.
      await().atMost(Duration.ofSeconds(10)).until(() -> count("signpost.health.probes.held.back") >= 1
          && count("signpost.health.probes.timed.out") >= 1);
    }
  }
}
