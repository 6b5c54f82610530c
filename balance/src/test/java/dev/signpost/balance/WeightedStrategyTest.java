package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.ids;
import static dev.signpost.balance.Fixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.signpost.balance.Fixtures.Node;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedStrategyTest {

  private final Client client = client("192.0.2.1");

  @Test
  void firstPlaceFollowsTheWeights() {
    SplittableRandom rng = new SplittableRandom(42);
    WeightedStrategy weighted = new WeightedStrategy(() -> rng);
    List<Node> instances = List.of(weighted("w1", 1), weighted("w2", 2), weighted("w7", 7));
    int draws = 20_000;

    Map<String, Integer> first = new HashMap<>();
    for (int q = 0; q < draws; q++) {
      first.merge(weighted.order(instances, client).get(0).id(), 1, Integer::sum);
    }

    assertThat(first.get("w1") / (double) draws).isCloseTo(0.10, within(0.02));
    assertThat(first.get("w2") / (double) draws).isCloseTo(0.20, within(0.02));
    assertThat(first.get("w7") / (double) draws).isCloseTo(0.70, within(0.02));
  }

  @Test
  void secondPlaceIsSampledFromTheRemainingWeights() {
    SplittableRandom rng = new SplittableRandom(3);
    WeightedStrategy weighted = new WeightedStrategy(() -> rng);
    List<Node> instances = List.of(weighted("w1", 1), weighted("w2", 2), weighted("w7", 7));
    int draws = 20_000;

    int w1SecondAfterW7 = 0;
    int w7First = 0;
    for (int q = 0; q < draws; q++) {
      List<String> order = ids(weighted.order(instances, client));
      if (order.get(0).equals("w7")) {
        w7First++;
        w1SecondAfterW7 += order.get(1).equals("w1") ? 1 : 0;
      }
    }

    // Without replacement: once w7 is taken, w1 comes next with probability 1 / (1 + 2).
    assertThat(w1SecondAfterW7 / (double) w7First).isCloseTo(1 / 3.0, within(0.02));
  }

  @Test
  void weightZeroInstancesAlwaysComeLastInRandomOrder() {
    SplittableRandom rng = new SplittableRandom(11);
    WeightedStrategy weighted = new WeightedStrategy(() -> rng);
    // Warning with Weights.Warning = 0, and critical (served only when failing open): both weigh 0.
    Node warningZero = weighted("z-warn", 5).failing(0);
    Node critical = weighted("z-crit", 9).failing(0);
    List<Node> instances = List.of(warningZero, weighted("a", 1), critical, weighted("b", 1000));

    Set<List<String>> tails = new HashSet<>();
    for (int q = 0; q < 500; q++) {
      List<String> order = ids(weighted.order(instances, client));
      assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("a", "b");
      tails.add(order.subList(2, 4));
    }

    assertThat(tails).containsExactlyInAnyOrder(List.of("z-warn", "z-crit"), List.of("z-crit", "z-warn"));
  }
}
