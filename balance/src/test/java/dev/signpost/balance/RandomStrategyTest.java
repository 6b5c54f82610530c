package dev.signpost.balance;

import static dev.signpost.balance.Fixtures.client;
import static dev.signpost.balance.Fixtures.ids;
import static dev.signpost.balance.Fixtures.instances;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.balance.Fixtures.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomStrategyTest {

  @Test
  void everyPermutationOfThreeAppearsAboutEquallyOften() {
    SplittableRandom rng = new SplittableRandom(42);
    RandomStrategy random = new RandomStrategy(() -> rng);
    List<Node> three = instances(3);
    int draws = 6_000;

    Map<List<String>, Integer> seen = new HashMap<>();
    for (int q = 0; q < draws; q++) {
      seen.merge(ids(random.order(three, client("192.0.2.1"))), 1, Integer::sum);
    }

    // 6 permutations, 1,000 expected each; the standard deviation is about 29, allow ±100.
    assertThat(seen).hasSize(6);
    assertThat(seen.values()).allSatisfy(n -> assertThat(n).isBetween(900, 1_100));
  }

  @Test
  void theSameSeedGivesTheSameOrders() {
    SplittableRandom a = new SplittableRandom(7);
    SplittableRandom b = new SplittableRandom(7);
    RandomStrategy first = new RandomStrategy(() -> a);
    RandomStrategy second = new RandomStrategy(() -> b);
    List<Node> five = instances(5);

    for (int q = 0; q < 20; q++) {
      assertThat(ids(first.order(five, client("192.0.2.1"))))
          .isEqualTo(ids(second.order(five, client("192.0.2.1"))));
    }
  }
}
