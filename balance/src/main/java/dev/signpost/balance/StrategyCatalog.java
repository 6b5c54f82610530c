package dev.signpost.balance;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The strategies a service may be configured with, by name: one shared instance of each built-in, plus
 * any an embedder adds. Configuration looks names up here, so an unknown name fails at once with the
 * list of known ones.
 */
public final class StrategyCatalog {

  /** A hash map: every query looks its strategy up here; {@link #names} sorts when asked. */
  private final ConcurrentHashMap<String, LoadBalancingStrategy> byName = new ConcurrentHashMap<>();

  public StrategyCatalog(InstanceStats stats, Supplier<RandomGenerator> random) {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(random, "random");
    for (LoadBalancingStrategy s : List.of(
        new RoundRobinStrategy(),
        new RandomStrategy(random),
        new WeightedStrategy(random),
        new LeastConnectionsStrategy(stats),
        new IpHashStrategy(),
        new ZoneAwareStrategy(),
        new LatencyStrategy(stats))) {
      add(s);
    }
  }

  /** The known names, sorted. */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
  }

  public boolean has(String name) {
    return name != null && byName.containsKey(name);
  }

  /** The strategy called {@code name}; the message lists the known names when there is none. */
  public LoadBalancingStrategy get(String name) {
    LoadBalancingStrategy s = name == null ? null : byName.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown strategy '" + name + "'; use one of: " + String.join(", ", names()));
    }
    return s;
  }

  /**
   * The strategy called {@code name}, or else the one called {@code fallback} (which must exist): for a
   * stored policy naming a strategy an embedder no longer registers. One map read in the common case.
   */
  public LoadBalancingStrategy getOrDefault(String name, String fallback) {
    LoadBalancingStrategy s = name == null ? null : byName.get(name);
    return s != null ? s : get(fallback);
  }

  /** Registers a strategy under its own name, replacing any strategy of that name. */
  public void add(LoadBalancingStrategy custom) {
    Objects.requireNonNull(custom, "strategy");
    String name = custom.name();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a strategy needs a name; " + custom.getClass().getName() + " has none");
    }
    byName.put(name, custom);
  }
}
