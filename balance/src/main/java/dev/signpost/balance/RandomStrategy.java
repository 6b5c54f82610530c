package dev.signpost.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A fresh uniform shuffle per query: no shared state between queries, so nothing to contend on. The
 * generator is injected (production passes {@code ThreadLocalRandom::current}; tests a seeded one).
 */
public final class RandomStrategy implements LoadBalancingStrategy {

  private final Supplier<RandomGenerator> random;

  public RandomStrategy(Supplier<RandomGenerator> random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
    List<T> shuffled = new ArrayList<>(healthy);
    shuffle(shuffled, random.get());
    return shuffled;
  }

  /** Fisher-Yates: each permutation equally likely, given a uniform generator. */
  static <T> void shuffle(List<T> list, RandomGenerator rng) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      list.set(i, list.set(j, list.get(i)));
    }
  }
}
