package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.inZone;
import static dev.signpost.balance.Fixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Fixtures.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every strategy promises, checked over a few sizes, clients and repeated queries. */
class StrategyContractTest {

  private static final List<Client> CLIENTS = List.of(
      client("10.0.0.1"), client("10.0.0.2", "a"), client("2001:db8::7", "B"), client("10.0.0.3", "nowhere"));

  static Stream<LoadBalancingStrategy> strategies() {
    SplittableRandom rng = new SplittableRandom(99);
    InstanceStats stats = new InstanceStats(new ManualNanos(0));
    // Some load and latency numbers, so the load-aware strategies have something to sort by.
    for (int k = 0; k < 8; k += 2) {
      stats.reportConnections("i" + k, k % 3);
      stats.recordProbe("i" + k, Duration.ofMillis(k % 4), k % 3 == 0);
    }
    StrategyCatalog catalog = new StrategyCatalog(stats, () -> rng);
    return catalog.names().stream().map(catalog::get);
  }

  /** A mix of zones (two, differing in case, and none), weights and states. */
  private static List<Node> mixed(int n) {
    List<Node> list = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      String id = "i" + k;
      Node i = switch (k % 4) {
        case 0 -> inZone(id, "a");
        case 1 -> inZone(id, "b");
        case 2 -> weighted(id, k + 1);
        default -> inZone(id, "A").failing(k % 8 == 3 ? 1 : 0);
      };
      list.add(i);
    }
    return list;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void returnsAPermutationOfItsInputAndLeavesTheInputAlone(LoadBalancingStrategy strategy) {
    for (int n : new int[] {0, 1, 2, 3, 5, 8}) {
      List<Node> input = mixed(n);
      List<Node> snapshot = List.copyOf(input);
      for (int q = 0; q < 12; q++) {
        Client client = CLIENTS.get(q % CLIENTS.size());

        List<Node> ordered = strategy.order(input, client);
        List<Node> orderedFromImmutable = strategy.order(snapshot, client);

        assertThat(ordered).as("%s, %d instances", strategy.name(), n)
            .hasSize(n).containsExactlyInAnyOrderElementsOf(snapshot);
        assertThat(orderedFromImmutable).hasSize(n).containsExactlyInAnyOrderElementsOf(snapshot);
        assertThat(input).isEqualTo(snapshot);
        assertThat(Tiers.arrange(ordered, client)).hasSize(n).containsExactlyInAnyOrderElementsOf(snapshot);
      }
    }
  }
}
