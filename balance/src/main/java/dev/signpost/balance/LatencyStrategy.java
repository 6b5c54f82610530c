package dev.signpost.balance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fastest first, by the moving average of probe times. Instances never measured come after the measured
 * ones (nothing says they are fast), and instances whose probe failed recently come last of all, whatever
 * their average (among themselves: measured by latency, then unmeasured). Ties and the unmeasured go by
 * id so the order is stable.
 */
public final class LatencyStrategy implements LoadBalancingStrategy {

  private static final Comparator<Timed<?>> ORDER = Comparator.<Timed<?>>comparingInt(Timed::group)
      .thenComparingLong(Timed::nanos)
      .thenComparing(t -> t.instance().id());

  private final InstanceStats stats;

  public LatencyStrategy(InstanceStats stats) {
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  @Override
  public String name() {
    return "latency";
  }

  @Override
  public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
    int n = healthy.size();
    // Read the stats once per instance: they may change during the sort.
    @SuppressWarnings("unchecked")
    Timed<T>[] timed = new Timed[n];
    for (int k = 0; k < n; k++) {
      T i = healthy.get(k);
      Optional<Duration> latency = stats.latency(i.id());
      int group = stats.failedRecently(i.id()) ? 2 : latency.isPresent() ? 0 : 1;
      timed[k] = new Timed<>(i, group, latency.map(Duration::toNanos).orElse(Long.MAX_VALUE));
    }
    Arrays.sort(timed, ORDER);
    List<T> ordered = new ArrayList<>(n);
    for (Timed<T> t : timed) {
      ordered.add(t.instance());
    }
    return ordered;
  }

  private record Timed<T extends Endpoint>(T instance, int group, long nanos) {}
}
