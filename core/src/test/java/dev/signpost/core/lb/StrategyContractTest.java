package dev.signpost.core.lb;

import static dev.signpost.core.lb.Fixtures.client;
import static dev.signpost.core.lb.Fixtures.inZone;
import static dev.signpost.core.lb.Fixtures.weighted;
import static dev.signpost.core.lb.Fixtures.withMetaZone;
import static dev.signpost.core.lb.Fixtures.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.testing.ManualTime;
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
    InstanceStats stats = new InstanceStats(new ManualTime());
    // Some load and latency numbers, so the load-aware strategies have something to sort by.
    for (int k = 0; k < 8; k += 2) {
      stats.reportConnections("i" + k, k % 3);
      stats.recordProbe("i" + k, Duration.ofMillis(k % 4), k % 3 == 0);
    }
    StrategyCatalog catalog = new StrategyCatalog(stats, () -> rng);
    return catalog.names().stream().map(catalog::get);
  }

  /** A mix of zones (locality, meta, none), weights and states. */
  private static List<Instance> mixed(int n) {
    List<Instance> list = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      String id = "i" + k;
      Instance i = switch (k % 4) {
        case 0 -> inZone(id, "a");
        case 1 -> withMetaZone(id, "b");
        case 2 -> weighted(id, k + 1);
        default -> withStatus(inZone(id, "A"), k % 8 == 3 ? HealthStatus.WARNING : HealthStatus.CRITICAL);
      };
      list.add(i);
    }
    return list;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void returnsAPermutationOfItsInputAndLeavesTheInputAlone(LoadBalancingStrategy strategy) {
    for (int n : new int[] {0, 1, 2, 3, 5, 8}) {
      List<Instance> input = mixed(n);
      List<Instance> snapshot = List.copyOf(input);
      for (int q = 0; q < 12; q++) {
        Client client = CLIENTS.get(q % CLIENTS.size());

        List<Instance> ordered = strategy.order(input, client);
        List<Instance> orderedFromImmutable = strategy.order(snapshot, client);

        assertThat(ordered).as("%s, %d instances", strategy.name(), n)
            .hasSize(n).containsExactlyInAnyOrderElementsOf(snapshot);
        assertThat(orderedFromImmutable).hasSize(n).containsExactlyInAnyOrderElementsOf(snapshot);
        assertThat(input).isEqualTo(snapshot);
        assertThat(Tiers.arrange(ordered, client)).hasSize(n).containsExactlyInAnyOrderElementsOf(snapshot);
      }
    }
  }
}
