package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.storage.JournalStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry keeps its counts as changes apply; they must always equal a count over every instance. */
class RegistryCountsTest {

  private static ServiceDiscovery open(Path dir, HealthFilter policy) {
    return ServiceDiscovery.builder().store(JournalStore.open(dir)).healthFilter(policy)
        .probe(check -> new CompletableFuture<>()).build();
  }

  private static void assertCountsMatch(ServiceDiscovery d) {
    Map<HealthStatus, Integer> expected = new EnumMap<>(HealthStatus.class);
    for (HealthStatus s : HealthStatus.values()) {
      expected.put(s, 0);
    }
    d.instances().forEach(i -> expected.merge(i.status(), 1, Integer::sum));
    RegistryMetrics m = d.metrics();
    assertThat(m.instancesByStatus()).isEqualTo(expected);
    assertThat(m.instances()).isEqualTo(d.instances().size());
    assertThat(m.services()).isEqualTo(d.services().size());
    long failingOpen = d.services().keySet().stream().filter(s -> d.serving(s).failingOpen()).count();
    assertThat(m.servicesFailingOpen()).isEqualTo(failingOpen);
  }

  private static Instance ttlChecked(String id, String service) {
    return Instance.of(id, service, "10.0.0.1", 80, List.of())
        .withChecks(List.of(CheckSpec.ttl(id + "-ttl", Duration.ofMinutes(5))));
  }

  private static void join(java.util.concurrent.CompletionStage<?> stage) {
    stage.toCompletableFuture().join();
  }

  @Test
  void countsFollowEveryKindOfChangeAndARestart(@TempDir Path dir) {
    try (ServiceDiscovery d = open(dir, new HealthFilter(false, true))) {
      join(d.register(Instance.of("a", "web", "10.0.0.1", 80, List.of())));
      join(d.register(ttlChecked("b", "pay")));
      join(d.register(ttlChecked("c", "pay")));
      assertCountsMatch(d);
      join(d.reportTtl("b-ttl", HealthStatus.PASSING, ""));
      join(d.reportTtl("c-ttl", HealthStatus.WARNING, ""));
      assertCountsMatch(d);
      join(d.reportTtl("c-ttl", HealthStatus.CRITICAL, ""));
      join(d.reportTtl("b-ttl", HealthStatus.CRITICAL, ""));
      assertCountsMatch(d); // pay fails open now
      assertThat(d.metrics().servicesFailingOpen()).isEqualTo(1);
      join(d.maintenance("a", true, ""));
      join(d.register(ttlChecked("c", "web"))); // a replacement that moves to another service
      assertCountsMatch(d);
      join(d.deregister("b"));
      assertCountsMatch(d);
    }
    try (ServiceDiscovery d = open(dir, HealthFilter.DEFAULT)) {
      assertCountsMatch(d);
      assertThat(d.metrics().instances()).isEqualTo(2);
    }
  }
}
