package dev.signpost.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.signpost.cluster.testing.EtcdProcess;
import dev.signpost.cluster.testing.EtcdSupport;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.PassiveCheck;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.TimeSource;
import dev.signpost.core.cluster.CheckPlacement;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.passive.Outcomes;
import dev.signpost.core.passive.PassiveOptions;
import dev.signpost.core.passive.PassiveReport;
import dev.signpost.core.storage.LocalSnapshot;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passive health across two nodes sharing a real etcd: one breaker per instance, kept by the node that runs its
 * checks, counts the outcomes reported to either node, and every node serves the state it writes.
 */
class EtcdOutcomesTest {

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

  private record Node(ServiceDiscovery discovery, CheckPlacement placement, EtcdMembership membership) {}

  private Node node(String name, String url, int port) {
    Client client = EtcdClients.connect(List.of(url), TIMEOUT);
    open.add(client);
    EtcdMembership membership = new EtcdMembership(client, "/test/", name, "dc1", Duration.ofSeconds(5), TIMEOUT,
        TimeSource.system());
    open.add(membership);
    EtcdOutcomes outcomes = new EtcdOutcomes(client, "/test/", membership);
    open.add(outcomes);
    CheckPlacement placement = CheckPlacement.of(membership);
    ServiceDiscovery discovery = ServiceDiscovery.builder().store(new EtcdStore(client, "/test/",
            LocalSnapshot.open(dir.resolve(name)), TIMEOUT, TimeSource.system()))
        .placement(placement).outcomeRelay(outcomes).passiveHealth(new PassiveOptions(true, 1000)).build();
    open.add(discovery);
    membership.start("127.0.0.1", port);
    outcomes.start(discovery::relayedOutcomes);
    return new Node(discovery, placement, membership);
  }

  private static HealthStatus passive(Node node, String id) {
    return node.discovery().instance(id).flatMap(i -> i.checkState(PassiveCheck.id(id)))
        .map(s -> s.status()).orElse(null);
  }

  @Test
  void failuresReportedToTheOtherNodeEjectTheInstanceOnEveryNode() throws Exception {
    EtcdProcess etcd = EtcdProcess.startSingle(dir.resolve("etcd"));
    open.add(etcd);
    Node a = node("a", etcd.clientUrl(), 1);
    Node b = node("b", etcd.clientUrl(), 2);
    await().atMost(15, TimeUnit.SECONDS).until(() -> a.membership().members().stream().filter(Member::alive)
        .count() == 2 && b.membership().members().stream().filter(Member::alive).count() == 2);
    for (String id : List.of("pay-1", "pay-2", "pay-3")) {
      a.discovery().register(Instance.of(id, "pay", "10.3.0.1", 80, List.of())).toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
    }
    await().atMost(15, TimeUnit.SECONDS).until(() -> passive(a, "pay-1") == HealthStatus.PASSING
        && passive(b, "pay-1") == HealthStatus.PASSING);
    Node keeper = a.placement().runsHere("pay-1") ? a : b;
    Node other = keeper == a ? b : a;

    PassiveReport relayed = other.discovery().reportOutcomes("pay-1", new Outcomes.Counts(0, 5)).orElseThrow();

    assertThat(relayed.passive()).isTrue();
    assertThat(relayed.state()).as("the breaker is the other node's").isEmpty();
    await().atMost(15, TimeUnit.SECONDS).until(() -> passive(a, "pay-1") == HealthStatus.CRITICAL
        && passive(b, "pay-1") == HealthStatus.CRITICAL);
    assertThat(keeper.discovery().passiveHealth().openNow()).isEqualTo(1);
    assertThat(other.discovery().passiveHealth().openNow()).isZero();
    assertThat(other.discovery().serving("pay").instances()).extracting(Instance::id)
        .containsExactly("pay-2", "pay-3");
  }
}
