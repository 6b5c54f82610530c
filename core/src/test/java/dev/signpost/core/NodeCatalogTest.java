package dev.signpost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.health.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** External nodes in the registry: one commit path, their instances, their checks that nothing runs. */
class NodeCatalogTest {

  private final ManualScheduler clock = new ManualScheduler();
  private final AtomicInteger probes = new AtomicInteger();
  private final ServiceDiscovery discovery = ServiceDiscovery.builder().healthScheduler(clock)
      .probe(check -> {
        probes.incrementAndGet();
        return new CompletableFuture<>();
      }).build();
  private final NodeCatalog catalog = discovery.catalog();

  @AfterEach
  void close() {
    discovery.close();
  }

  @Test
  void aNodeIsIndexedAnnouncedAndFoundWithoutRegardToCase() {
    List<String> seen = follow();

    CatalogNode stored = join(catalog.register(CatalogNode.of("DB1", "10.0.0.5"), false));

    assertThat(stored.createIndex()).isEqualTo(1).isEqualTo(stored.modifyIndex());
    assertThat(discovery.index()).isEqualTo(1);
    assertThat(discovery.node("db1")).contains(stored);
    assertThat(discovery.nodes()).containsExactly(stored);
    assertThat(seen).containsExactly("NodeChanged db1 present@1");
  }

  @Test
  void theSameRegistrationChangesNothingAndSkipNodeUpdateKeepsTheNode() {
    CatalogNode first = join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false));

    assertThat(join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false))).isEqualTo(first);
    assertThat(join(catalog.register(CatalogNode.of("db1", "10.0.0.9"), true))).isEqualTo(first);
    assertThat(discovery.index()).isEqualTo(1);

    CatalogNode moved = join(catalog.register(CatalogNode.of("db1", "10.0.0.9"), false));
    assertThat(moved.createIndex()).isEqualTo(1);
    assertThat(moved.modifyIndex()).isEqualTo(2);
  }

  @Test
  void anInstanceNeedsItsNodeAndAnIdBelongsToOneNode() {
    join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false));
    join(catalog.register(CatalogNode.of("db2", "10.0.0.6"), false));
    join(discovery.register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of())));
    join(discovery.register(pg("pg-1", "db1", "10.0.0.5")));

    assertThatThrownBy(() -> discovery.register(pg("pg-2", "db9", "10.0.0.7")))
        .hasMessageContaining("Node 'db9' is not registered");
    assertThatThrownBy(() -> discovery.register(pg("pg-1", "db2", "10.0.0.6")))
        .hasMessageContaining("ID 'pg-1' is already used by a service of node 'db1'");
    assertThatThrownBy(() -> discovery.register(pg("web-1", "db1", "10.0.0.5")))
        .hasMessageContaining("ID 'web-1' is already used by a service of this agent");
    assertThatThrownBy(() -> discovery.register(Instance.of("pg-1", "pg", "10.0.0.1", 80, List.of())))
        .hasMessageContaining("already used by a service of node 'db1'");
    assertThat(catalog.instancesOn("DB1")).extracting(Instance::id).containsExactly("pg-1");
  }

  @Test
  void instancesAtTheNodesAddressFollowItAndOthersStay() {
    join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false));
    join(discovery.register(pg("pg-1", "db1", "10.0.0.5")));
    join(discovery.register(pg("pg-2", "db1", "10.0.0.77")));

    join(catalog.register(CatalogNode.of("db1", "db1.example.com"), false));

    assertThat(discovery.instance("pg-1").orElseThrow().address()).isEqualTo("db1.example.com");
    assertThat(discovery.instance("pg-2").orElseThrow().address()).isEqualTo("10.0.0.77");
    assertThat(discovery.index()).isEqualTo(4); // the node and pg-1's move: one change
  }

  @Test
  void aRegistrationIsOneChangeAnnouncingTheNodeThenItsInstancesAtOneIndex() {
    join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false));
    join(discovery.register(pg("pg-1", "db1", "10.0.0.5")));
    List<String> seen = follow();

    CatalogNode moved = join(catalog.register(CatalogNode.of("db1", "10.0.0.9"), false,
        Optional.of(pg("pg-2", "db1", "10.0.0.9")), List.of(new NodeCatalog.ServiceCheck("pg-1", disk(), critical()))));

    assertThat(moved.modifyIndex()).isEqualTo(3).isEqualTo(discovery.index());
    assertThat(seen).containsExactly("NodeChanged db1 present@3", "Registered pg-1@3", "Registered pg-2@3");
    Instance pg1 = discovery.instance("pg-1").orElseThrow();
    assertThat(pg1.address()).isEqualTo("10.0.0.9");
    assertThat(pg1.checkState("pg-disk").map(s -> new CheckState(s.status(), s.output()))).contains(critical());
    assertThat(pg1.createIndex()).isEqualTo(2);
    assertThat(discovery.instance("pg-2").orElseThrow().createIndex()).isEqualTo(3);
  }

  @Test
  void aRegistrationThatSetsAChecksStateAgainWritesNothing() {
    join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false, Optional.of(pg("pg-1", "db1", "10.0.0.5")),
        List.of(new NodeCatalog.ServiceCheck("pg-1", disk(), critical()))));

    join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false, Optional.empty(),
        List.of(new NodeCatalog.ServiceCheck("pg-1", disk(), critical()))));

    assertThat(discovery.index()).isEqualTo(1);
  }

  @Test
  void aRegistrationRefusedForOneOfItsPartsWritesNoneOfThem() {
    join(catalog.register(CatalogNode.of("db2", "10.0.0.6"), false, Optional.of(pg("pg-9", "db2", "10.0.0.6")
        .withChecks(List.of(disk()))), List.of()));

    assertThatThrownBy(() -> catalog.register(CatalogNode.of("db1", "10.0.0.5"), false,
        Optional.of(pg("pg-1", "db1", "10.0.0.5")), List.of(new NodeCatalog.ServiceCheck("pg-9", disk(), critical()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ServiceID 'pg-9' is not a service of node 'db1'");
    assertThatThrownBy(() -> catalog.register(CatalogNode.of("db1", "10.0.0.5"), false,
        Optional.of(pg("pg-1", "db1", "10.0.0.5").withChecks(List.of(disk()))), List.of()))
        .hasMessageContaining("CheckID 'pg-disk' is already used by service 'pg-9'");
    assertThatThrownBy(() -> catalog.register(CatalogNode.of("db1", "10.0.0.5"), false,
        Optional.of(pg("pg-9", "db1", "10.0.0.5")), List.of()))
        .hasMessageContaining("ID 'pg-9' is already used by a service of node 'db2'");

    assertThat(discovery.node("db1")).isEmpty();
    assertThat(discovery.instance("pg-1")).isEmpty();
    assertThat(discovery.index()).isEqualTo(1);
  }

  @Test
  void removingANodeRemovesItsInstancesFirstAndLeavesTheAgentsAlone() {
    join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false));
    join(discovery.register(pg("pg-1", "db1", "10.0.0.5")));
    join(discovery.register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of())));
    List<String> seen = follow();

    assertThat(join(catalog.deregister("Db1"))).map(CatalogNode::name).contains("db1");

    assertThat(seen).containsExactly("Deregistered pg-1@4", "NodeChanged db1 absent@4"); // one change
    assertThat(discovery.instances()).extracting(Instance::id).containsExactly("web-1");
    assertThat(join(catalog.deregister("db1"))).isEmpty();
  }

  @Test
  void deregisteringOnANodeOrAsTheAgentTouchesOnlyThatOnesInstances() {
    join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false));
    join(discovery.register(pg("pg-1", "db1", "10.0.0.5")));
    join(discovery.register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of())));

    assertThat(join(discovery.deregisterOwn("pg-1"))).isEmpty();
    assertThat(join(catalog.deregisterService("db1", "web-1"))).isEmpty();
    assertThat(join(catalog.deregisterService("DB1", "pg-1"))).isPresent();
    assertThat(join(discovery.deregisterOwn("web-1"))).isPresent();
    assertThat(discovery.instances()).isEmpty();
  }

  @Test
  void externalChecksAreNeverRunAndHoldTheStatusEachRegistrationGives() {
    join(catalog.register(CatalogNode.of("db1", "10.0.0.5"), false));
    Instance warning = pg("pg-1", "db1", "10.0.0.5").withChecks(List.of(CheckSpec.external("pg-alive", "alive", "",
        HealthStatus.WARNING)));
    join(discovery.register(warning));
    clock.advance(Duration.ofMinutes(5));

    assertThat(probes).hasValue(0);
    assertThat(discovery.instance("pg-1").orElseThrow().status()).isEqualTo(HealthStatus.WARNING);

    Instance passing = pg("pg-1", "db1", "10.0.0.5").withChecks(List.of(CheckSpec.external("pg-alive", "alive", "",
        HealthStatus.PASSING)));
    join(discovery.register(passing));
    assertThat(discovery.instance("pg-1").orElseThrow().status()).isEqualTo(HealthStatus.PASSING);

    join(catalog.putCheck("db1", "pg-1", CheckSpec.external("pg-disk", "disk", "", HealthStatus.CRITICAL),
        new CheckState(HealthStatus.CRITICAL, "disk full")));
    Instance both = discovery.instance("pg-1").orElseThrow();
    assertThat(both.checkState("pg-disk").map(s -> new CheckState(s.status(), s.output()))).contains(new CheckState(HealthStatus.CRITICAL, "disk full"));
    assertThat(both.checkState("pg-alive").orElseThrow().status()).isEqualTo(HealthStatus.PASSING);
    assertThat(discovery.serving("pg").instances()).isEmpty();

    assertThat(join(catalog.removeCheck("db1", "pg-disk")).orElseThrow().status()).isEqualTo(HealthStatus.PASSING);
    assertThat(join(catalog.putCheck("db2", "pg-1", CheckSpec.external("x", "x", "", null),
        new CheckState(HealthStatus.PASSING, "")))).isEmpty();
  }

  @Test
  void anExternalCheckSetsNothingToRunAndAnAgentCheckMustSetSomething() {
    assertThat(CheckSpec.external("c", "n", "", null).initialStatus()).isEqualTo(HealthStatus.CRITICAL);
    assertThatThrownBy(() -> new CheckSpec("c", "", "", "", "", Map.of(), false, "", Duration.ZERO, Duration.ZERO,
        Duration.ZERO, null, 0, 0, 0, Duration.ZERO)).hasMessageContaining("exactly one of HTTP, TCP or TTL");
    assertThatThrownBy(() -> new CheckSpec("c", "", "", "", "", Map.of(), false, "", Duration.ofSeconds(5),
        Duration.ZERO, Duration.ZERO, null, 0, 0, 0, Duration.ZERO, false, true))
        .hasMessageContaining("an external check sets none of HTTP, TCP, TTL");
  }

  @Test
  void aNodeIsValidatedNamingTheField() {
    assertThatThrownBy(() -> CatalogNode.of("db.1", "10.0.0.5")).hasMessageContaining("Node 'db.1' is not a valid");
    assertThatThrownBy(() -> CatalogNode.of("db1", "")).hasMessageContaining("Address is missing");
    assertThatThrownBy(() -> new CatalogNode("db1", "nope", "10.0.0.5", Map.of(), Map.of(), 0, 0))
        .hasMessageContaining("ID 'nope' must be a 36-character UUID");
    assertThatThrownBy(() -> new CatalogNode("db1", "", "10.0.0.5", Map.of("wan", ""), Map.of(), 0, 0))
        .hasMessageContaining("TaggedAddresses.wan");
    assertThatThrownBy(() -> new CatalogNode("db1", "", "10.0.0.5", Map.of(), Map.of("consul-x", "1"), 0, 0))
        .hasMessageContaining("NodeMeta key 'consul-x' uses the reserved prefix");
  }

  private List<String> follow() {
    List<String> seen = new ArrayList<>();
    discovery.addListener(new RegistryListener() {
      @Override
      public void onReset(Collection<Instance> instances, long index) {}

      @Override
      public void onEvent(RegistryEvent event) {
        if (event instanceof RegistryEvent.NodeChanged n) {
          seen.add("NodeChanged " + n.node() + (n.value().isPresent() ? " present@" : " absent@") + n.index());
        } else if (event instanceof RegistryEvent.Registered r) {
          seen.add("Registered " + r.instance().id() + "@" + r.index());
        } else if (event instanceof RegistryEvent.Deregistered d) {
          seen.add("Deregistered " + d.instance().id() + "@" + d.index());
        }
      }
    });
    return seen;
  }

  private static CheckSpec disk() {
    return CheckSpec.external("pg-disk", "disk", "", HealthStatus.CRITICAL);
  }

  private static CheckState critical() {
    return new CheckState(HealthStatus.CRITICAL, "disk full");
  }

  private static Instance pg(String id, String node, String address) {
    return new Instance(id, ServiceName.of("pg"), address, 5432, List.of(), Map.of(), null, null, List.of(), null,
        0, 0, node);
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
