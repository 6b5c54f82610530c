package dev.signpost.balance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Fewest reported active connections first. Counts change only as often as instances report them, so
 * instances with equal counts (most often: all of them, before any report) are rotated per service;
 * otherwise every client would pile onto the same "least loaded" one between reports.
 */
public final class LeastConnectionsStrategy implements LoadBalancingStrategy {

  private static final Comparator<Loaded<?>> ACTIVE = Comparator.comparingLong(Loaded::active);

  private final InstanceStats stats;
  private final Turns turns = new Turns();

  public LeastConnectionsStrategy(InstanceStats stats) {
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  @Override
  public String name() {
    return "least-connections";
  }

  @Override
  public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
    int n = healthy.size();
    if (n < 2) {
      return List.copyOf(healthy);
    }
    // Read each count once: counts may change during the sort, and a comparator must stay consistent.
    @SuppressWarnings("unchecked")
    Loaded<T>[] loads = new Loaded[n];
    for (int k = 0; k < n; k++) {
      T i = healthy.get(k);
      loads[k] = new Loaded<>(i, stats.connections(i.id()).orElse(0));
    }
    Arrays.sort(loads, ACTIVE);
    long turn = turns.next(healthy.get(0).serviceKey());
    List<T> ordered = new ArrayList<>(n);
    List<T> tied = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      tied.add(loads[k].instance());
      if (k == n - 1 || loads[k + 1].active() != loads[k].active()) {
        Turns.addRotated(tied, turn, ordered);
        tied.clear();
      }
    }
    return ordered;
  }

  private record Loaded<T>(T instance, long active) {}
}
