package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.ids;
import static dev.signpost.balance.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Fixtures.Node;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyStrategyTest {

  private final ManualNanos time = new ManualNanos(1_000);
  private final InstanceStats stats = new InstanceStats(time);
  private final LatencyStrategy latency = new LatencyStrategy(stats);
  private final Client client = client("192.0.2.1");

  private void probe(String id, long millis, boolean failed) {
    stats.recordProbe(id, Duration.ofMillis(millis), failed);
  }

  @Test
  void fastestComeFirstThenTheUnmeasuredThenRecentFailures() {
    probe("slow", 30, false);
    probe("fast", 10, false);
    probe("mid", 20, false);
    probe("flaky", 5, false);
    probe("flaky", 5, true);
    probe("down", 0, true);
    List<Node> instances = List.of(instance("flaky"), instance("new-b"), instance("down"),
        instance("slow"), instance("new-a"), instance("mid"), instance("fast"));

    assertThat(ids(latency.order(instances, client)))
        .containsExactly("fast", "mid", "slow", "new-a", "new-b", "flaky", "down");
  }

  @Test
  void aFailureStopsCountingOnceItIsNoLongerRecent() {
    probe("flaky", 5, true);
    probe("flaky", 5, false);
    probe("steady", 10, false);
    List<Node> instances = List.of(instance("steady"), instance("flaky"));
    assertThat(ids(latency.order(instances, client))).containsExactly("steady", "flaky");

    time.advance(InstanceStats.RECENT_FAILURE.plusNanos(1));

    assertThat(ids(latency.order(instances, client))).containsExactly("flaky", "steady");
  }

  @Test
  void equalLatenciesGoByIdSoTheOrderIsStable() {
    probe("b", 10, false);
    probe("a", 10, false);

    assertThat(ids(latency.order(List.of(instance("b"), instance("a")), client))).containsExactly("a", "b");
  }
}
