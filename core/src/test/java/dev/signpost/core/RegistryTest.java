package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTest {

  private final ServiceDiscovery discovery = ServiceDiscovery.inMemory();

  private Instance register(Instance i) {
    return discovery.register(i).toCompletableFuture().join();
  }

  @Test
  void everyChangeBumpsTheIndexAndStampsTheInstance() {
    Instance first = register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of()));
    assertThat(discovery.index()).isEqualTo(1);
    assertThat(first.createIndex()).isEqualTo(1);
    Instance replaced = register(Instance.of("web-1", "web", "10.0.0.9", 80, List.of()));
    assertThat(replaced.createIndex()).isEqualTo(1);
    assertThat(replaced.modifyIndex()).isEqualTo(2);
    assertThat(discovery.find("WEB")).containsExactly(replaced);
  }

  @Test
  void deregisteringAnUnknownIdChangesNothing() {
    assertThat(discovery.deregister("ghost").toCompletableFuture().join()).isEmpty();
    assertThat(discovery.index()).isZero();
  }

  @Test
  void listenersGetTheWholeStateThenEveryEventInOrder() {
    register(Instance.of("a", "web", "10.0.0.1", 80, List.of()));
    List<String> seen = new ArrayList<>();
    discovery.addListener(new RegistryListener() {
      @Override
      public void onReset(Collection<Instance> instances, long index) {
        seen.add("reset " + instances.size() + "@" + index);
      }

      @Override
      public void onEvent(RegistryEvent event) {
        String id = event instanceof RegistryEvent.Registered r ? r.instance().id()
            : ((RegistryEvent.Deregistered) event).instance().id();
        seen.add(event.getClass().getSimpleName() + " " + id + "@" + event.index());
      }
    });
    register(Instance.of("b", "web", "10.0.0.2", 80, List.of()));
    discovery.deregister("a").toCompletableFuture().join();
    assertThat(seen).containsExactly("reset 1@1", "Registered b@2", "Deregistered a@3");
  }

  @Test
  void servicesListTheUnionOfTagsAndServingLeavesOutCriticalInstances() {
    register(Instance.of("a", "web", "10.0.0.1", 80, List.of("v2")));
    // A TTL check starts critical until its first heartbeat.
    register(Instance.of("b", "web", "10.0.0.2", 80, List.of("v1"))
        .withChecks(List.of(CheckSpec.ttl("b-ttl", java.time.Duration.ofMinutes(5)))));
    assertThat(discovery.services()).containsEntry("web", List.of("v1", "v2"));
    assertThat(discovery.serving("web").instances()).extracting(Instance::id).containsExactly("a");
    assertThat(discovery.metrics().instancesByStatus()).containsEntry(HealthStatus.CRITICAL, 1);
  }

  @Test
  void awaitingAnIndexCompletesOnTheNextChange() {
    var waiter = discovery.awaitIndexAbove(0);
    assertThat(waiter).isNotDone();
    register(Instance.of("a", "web", "10.0.0.1", 80, List.of()));
    assertThat(waiter).isCompletedWithValue(1L);
  }
}
