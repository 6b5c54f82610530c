package dev.signpost.balance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Weighted random order: an instance is first with probability proportional to its current SRV weight,
 * and so on down the list (Efraimidis–Spirakis sampling without replacement, key {@code -ln(u)/w}). A
 * client that only uses the first address still sees the weights. Weight 0 (a warning instance with
 * {@code Weights.Warning = 0}, or a critical one served while failing open) goes after every positive
 * weight, shuffled among its peers.
 */
public final class WeightedStrategy implements LoadBalancingStrategy {

  private static final Comparator<Keyed<?>> KEY = Comparator.comparingDouble(Keyed::key);

  private final Supplier<RandomGenerator> random;

  public WeightedStrategy(Supplier<RandomGenerator> random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String name() {
    return "weighted";
  }

  @Override
  public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
    int n = healthy.size();
    RandomGenerator rng = random.get();
    @SuppressWarnings("unchecked")
    Keyed<T>[] positive = new Keyed[n];
    int p = 0;
    List<T> zero = new ArrayList<>();
    for (T i : healthy) {
      int w = i.currentWeight();
      if (w > 0) {
        // 1 - nextDouble() lies in (0, 1], so the logarithm is finite.
        positive[p++] = new Keyed<>(i, -Math.log(1.0 - rng.nextDouble()) / w);
      } else {
        zero.add(i);
      }
    }
    Arrays.sort(positive, 0, p, KEY);
    List<T> ordered = new ArrayList<>(n);
    for (int k = 0; k < p; k++) {
      ordered.add(positive[k].instance());
    }
    RandomStrategy.shuffle(zero, rng);
    ordered.addAll(zero);
    return ordered;
  }

  private record Keyed<T>(T instance, double key) {}
}
