package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.ids;
import static dev.signpost.balance.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Fixtures.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeastConnectionsStrategyTest {

  private final InstanceStats stats = new InstanceStats(new ManualNanos(0));
  private final LeastConnectionsStrategy least = new LeastConnectionsStrategy(stats);
  private final Client client = client("192.0.2.1");

  @Test
  void fewestReportedConnectionsComeFirst() {
    stats.reportConnections("busy", 50);
    stats.reportConnections("idle", 1);
    stats.reportConnections("some", 7);
    List<Node> instances = List.of(instance("busy"), instance("idle"), instance("some"));

    assertThat(ids(least.order(instances, client))).containsExactly("idle", "some", "busy");
  }

  @Test
  void anInstanceThatNeverReportedCountsAsIdle() {
    stats.reportConnections("busy", 3);
    stats.reportConnections("idle", 1);
    List<Node> instances = List.of(instance("busy"), instance("idle"), instance("new"));

    assertThat(ids(least.order(instances, client))).containsExactly("new", "idle", "busy");
  }

  @Test
  void equalCountsTakeTurnsAtTheFront() {
    stats.reportConnections("busy", 2);
    stats.reportConnections("t1", 0);
    stats.reportConnections("t2", 0);
    List<Node> instances = List.of(instance("busy"), instance("t1"), instance("t2"), instance("t3"));

    assertThat(ids(least.order(instances, client))).containsExactly("t1", "t2", "t3", "busy");
    assertThat(ids(least.order(instances, client))).containsExactly("t2", "t3", "t1", "busy");
    assertThat(ids(least.order(instances, client))).containsExactly("t3", "t1", "t2", "busy");
    assertThat(ids(least.order(instances, client))).containsExactly("t1", "t2", "t3", "busy");
  }

  @Test
  void newReportsChangeTheNextOrder() {
    List<Node> instances = List.of(instance("a"), instance("b"));
    stats.reportConnections("a", 9);
    assertThat(ids(least.order(instances, client))).containsExactly("b", "a");

    stats.reportConnections("b", 10);
    assertThat(ids(least.order(instances, client))).containsExactly("a", "b");

    stats.forget("b");
    assertThat(ids(least.order(instances, client))).containsExactly("b", "a");
  }
}
