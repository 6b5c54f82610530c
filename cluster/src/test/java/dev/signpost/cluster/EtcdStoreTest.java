package dev.signpost.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.signpost.cluster.testing.EtcdCluster;
import dev.signpost.cluster.testing.EtcdProcess;
import dev.signpost.cluster.testing.EtcdSupport;
import dev.signpost.core.CatalogNode;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.NodeCatalog;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.RegistryListener;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServiceName;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.TimeSource;
import dev.signpost.core.storage.LocalSnapshot;
import dev.signpost.core.storage.StoreException;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registries of two or three nodes sharing one registry through a real etcd. */
class EtcdStoreTest {

  /** As the launcher's default: longer than a leader election makes etcd take (up to 7 s). */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void etcd() {
    EtcdSupport.requireEtcd();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aRegistrationOnOneNodeIsServedByTheOtherUnderTheSameIndex() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    ServiceDiscovery b = node("b", etcd.clientUrl());

    Instance stored = join(a.register(web("web-1")));

    assertThat(stored.modifyIndex()).isEqualTo(a.index());
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.instance("web-1").isPresent());
    assertThat(b.instance("web-1").get()).isEqualTo(stored);
    assertThat(b.index()).isEqualTo(a.index());

    join(b.deregister("web-1"));
    await().atMost(5, TimeUnit.SECONDS).until(() -> a.instance("web-1").isEmpty());
    assertThat(a.index()).isEqualTo(b.index());
  }

  @Test
  void anExternalNodeAndItsServiceRegisteredOnOneNodeAreServedByTheOtherAndLeaveTogether() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    ServiceDiscovery b = node("b", etcd.clientUrl());
    CatalogNode db = new CatalogNode("DB1", "", "10.0.0.5", Map.of(), Map.of("rack", "r1"), 0, 0);

    CatalogNode stored = join(a.catalog().register(db, false));
    join(a.register(new Instance("pg-1", ServiceName.of("pg"), "10.0.0.5", 5432, List.of(), Map.of(), null, null,
        List.of(), null, 0, 0, "db1")));

    await().atMost(5, TimeUnit.SECONDS).until(() -> b.instance("pg-1").isPresent());
    assertThat(b.node("db1")).contains(stored);
    assertThat(b.instance("pg-1").get().node()).isEqualTo("db1");

    join(b.catalog().deregister("db1"));
    await().atMost(5, TimeUnit.SECONDS).until(() -> a.node("db1").isEmpty());
    assertThat(a.instance("pg-1")).isEmpty();
    assertThat(a.index()).isEqualTo(b.index());
  }

  @Test
  void aRegistrationsNodeAndServiceArriveOnAnotherNodeTogetherAtOneIndexAndLeaveTogether() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    ServiceDiscovery b = node("b", etcd.clientUrl());
    List<String> seen = follow(b);

    CatalogNode stored = join(a.catalog().register(CatalogNode.of("db1", "10.0.0.5"), false,
        Optional.of(pg("pg-1", "10.0.0.5")), List.of()));
    long at = stored.modifyIndex();

    await().atMost(5, TimeUnit.SECONDS).until(() -> b.index() >= at);
    assertThat(seen).containsExactly("NodeChanged db1@" + at, "Registered pg-1@" + at);
    assertThat(b.node("db1")).contains(stored);
    assertThat(b.instance("pg-1")).contains(a.instance("pg-1").orElseThrow());

    CatalogNode moved = join(a.catalog().register(CatalogNode.of("db1", "10.0.0.9"), false, Optional.empty(),
        List.of(new NodeCatalog.ServiceCheck("pg-1", CheckSpec.external("pg-disk", "disk", "", null),
            new CheckState(HealthStatus.CRITICAL, "full")))));
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.index() >= moved.modifyIndex());
    assertThat(seen.subList(2, seen.size())).containsExactly("NodeChanged db1@" + moved.modifyIndex(),
        "Registered pg-1@" + moved.modifyIndex());
    assertThat(b.instance("pg-1").orElseThrow().address()).isEqualTo("10.0.0.9");
    assertThat(b.instance("pg-1").orElseThrow().checkState("pg-disk")).map(CheckState::status)
        .contains(HealthStatus.CRITICAL);

    join(a.catalog().deregister("db1"));
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.node("db1").isEmpty());
    assertThat(seen.subList(4, seen.size())).containsExactly("Deregistered pg-1@" + b.index(),
        "NodeChanged db1@" + b.index());
    assertThat(b.instance("pg-1")).isEmpty();
  }

  @Test
  void registrationsOnOneNodeFromTwoNodesAtOnceAreEachDecidedOnTheOthersAndNoneIsLost() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    ServiceDiscovery b = node("b", etcd.clientUrl());

    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // Each moves the node, so each also moves every service registered before it: all decided on the latest.
      writes.add(a.catalog().register(CatalogNode.of("db1", "10.0.1." + i), false,
          Optional.of(pg("a-" + i, "10.0.1." + i)), List.of()).toCompletableFuture());
      writes.add(b.catalog().register(CatalogNode.of("db1", "10.0.2." + i), false,
          Optional.of(pg("b-" + i, "10.0.2." + i)), List.of()).toCompletableFuture());
    }
    writes.forEach(w -> join(w));

    await().atMost(5, TimeUnit.SECONDS).until(() -> a.index() == b.index());
    String address = a.node("db1").orElseThrow().address();
    assertThat(a.catalog().instancesOn("db1")).hasSize(20).allSatisfy(i -> assertThat(i.address()).isEqualTo(address));
    assertThat(b.catalog().instancesOn("db1")).isEqualTo(a.catalog().instancesOn("db1"));
  }

  @Test
  void aPolicyChangedOnOneNodeAppliesOnTheOther() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    ServiceDiscovery b = node("b", etcd.clientUrl());
    ServicePolicy policy = ServicePolicy.defaults("random", 2);

    join(b.setPolicy("web", policy));

    await().atMost(5, TimeUnit.SECONDS).until(() -> a.storedPolicy("web").isPresent());
    assertThat(a.storedPolicy("web")).contains(policy);
  }

  @Test
  void writesToOneInstanceFromTwoNodesAtOnceAreEachDecidedOnTheOthersAndNoneIsLost() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    ServiceDiscovery b = node("b", etcd.clientUrl());
    join(a.register(web("web-1")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> b.instance("web-1").isPresent());

    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      writes.add(a.addCheck("web-1", CheckSpec.ttl("a-" + i, Duration.ofMinutes(5))).toCompletableFuture());
      writes.add(b.addCheck("web-1", CheckSpec.ttl("b-" + i, Duration.ofMinutes(5))).toCompletableFuture());
    }
    writes.forEach(CompletableFuture::join);

    await().atMost(5, TimeUnit.SECONDS).until(() -> a.index() == b.index());
    assertThat(a.instance("web-1").get().checks()).hasSize(40);
    assertThat(b.instance("web-1").get()).isEqualTo(a.instance("web-1").get());
  }

  @Test
  void aNodeCutOffFromEtcdServesWhatItHasAndRefusesWritesSayingWhy() {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = node("a", etcd.clientUrl());
    join(a.register(web("web-1")));

    etcd.stop();

    // Three probes in a row without an answer, a second apart, each waiting 2 s.
    await().atMost(20, TimeUnit.SECONDS).until(() -> a.metrics().storeFailure().isPresent());
    assertThat(a.metrics().storeFailure().get()).contains("etcd is unreachable");
    assertThatThrownBy(() -> join(a.register(web("web-2"))))
        .hasRootCauseInstanceOf(StoreException.class)
        .rootCause().hasMessageContaining("etcd is unreachable")
        .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    assertThat(a.instance("web-1")).isPresent();
    assertThat(a.instance("web-2")).isEmpty();

    etcd.restart();
    await().atMost(15, TimeUnit.SECONDS).until(() -> a.metrics().storeFailure().isEmpty());
    join(a.register(web("web-2")));
    assertThat(a.instance("web-2")).isPresent();
  }

  @Test
  void aNodeRestartedWhileEtcdIsDownServesItsLocalCopyMarkedStaleThenCatchesUp() throws Exception {
    EtcdProcess etcd = keep(EtcdProcess.startSingle(dir.resolve("etcd")));
    ServiceDiscovery a = ServiceDiscovery.builder().store(store(etcd.clientUrl(), dir.resolve("a"))).build();
    join(a.register(web("web-1")));
    a.close();
    etcd.stop();

    ServiceDiscovery restarted = node("a", etcd.clientUrl());

    assertThat(restarted.instance("web-1")).isPresent();
    assertThat(restarted.metrics().storeFailure()).hasValueSatisfying(f -> assertThat(f).contains("etcd"));
    assertThatThrownBy(() -> join(restarted.register(web("web-2")))).hasRootCauseInstanceOf(StoreException.class);

    etcd.restart();
    ServiceDiscovery other = node("b", etcd.clientUrl());
    join(other.deregister("web-1"));
    join(other.register(web("web-3")));
    await().atMost(15, TimeUnit.SECONDS).until(() -> restarted.metrics().storeFailure().isEmpty()
        && restarted.instance("web-3").isPresent());
    assertThat(restarted.instance("web-1")).isEmpty();
    assertThat(restarted.index()).isEqualTo(other.index());
  }

  @Test
  void aWatchThatFellBehindACompactionReloadsEverythingAndConverges() {
    EtcdCluster etcd = keep(EtcdCluster.start(dir.resolve("etcd"), 3));
    ServiceDiscovery a = node("a", etcd.member(0).clientUrl());
    ServiceDiscovery c = node("c", etcd.member(2).clientUrl());
    join(a.register(web("web-1")));
    join(a.register(web("web-2")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> c.index() == a.index());

    etcd.killMember(2); // c hears nothing meanwhile
    join(a.deregister("web-1"));
    join(a.register(web("web-3")));
    etcd.compact();
    etcd.restartMember(2);

    await().atMost(20, TimeUnit.SECONDS).until(() -> c.index() == a.index());
    assertThat(c.instances()).containsExactlyElementsOf(a.instances());
    assertThat(c.instance("web-1")).isEmpty();
  }

  private ServiceDiscovery node(String name, String... urls) {
    ServiceDiscovery discovery = ServiceDiscovery.builder().store(store(urls[0], dir.resolve(name))).build();
    open.add(discovery);
    return discovery;
  }

  private EtcdStore store(String url, Path data) {
    Client client = EtcdClients.connect(List.of(url), TIMEOUT);
    open.add(client);
    return new EtcdStore(client, "/test/", LocalSnapshot.open(data), TIMEOUT, TimeSource.system());
  }

  private <T extends AutoCloseable> T keep(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private static List<String> follow(ServiceDiscovery discovery) {
    List<String> seen = new CopyOnWriteArrayList<>();
    discovery.addListener(new RegistryListener() {
      @Override
      public void onReset(Collection<Instance> instances, long index) {}

      @Override
      public void onEvent(RegistryEvent event) {
        if (event instanceof RegistryEvent.NodeChanged n) {
          seen.add("NodeChanged " + n.node() + "@" + n.index());
        } else if (event instanceof RegistryEvent.Registered r) {
          seen.add("Registered " + r.instance().id() + "@" + r.index());
        } else if (event instanceof RegistryEvent.Deregistered d) {
          seen.add("Deregistered " + d.instance().id() + "@" + d.index());
        }
      }
    });
    return seen;
  }

  private static Instance pg(String id, String address) {
    return new Instance(id, ServiceName.of("pg"), address, 5432, List.of(), Map.of(), null, null, List.of(), null,
        0, 0, "db1");
  }

  private static Instance web(String id) {
    return Instance.of(id, "web", "10.0.0.1", 80, List.of());
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
