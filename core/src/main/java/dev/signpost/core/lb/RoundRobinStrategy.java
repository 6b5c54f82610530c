package dev.signpost.core.lb;

import dev.signpost.core.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Each query for a service starts one instance later than the last query for that service. */
public final class RoundRobinStrategy implements LoadBalancingStrategy {

  private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "round-robin";
  }

  @Override
  public List<Instance> order(List<Instance> healthy, Client client) {
    int n = healthy.size();
    if (n < 2) {
      return healthy;
    }
    String service = healthy.get(0).service().key();
    long turn = counters.computeIfAbsent(service, k -> new AtomicLong()).getAndIncrement();
    int start = (int) Math.floorMod(turn, (long) n);
    List<Instance> ordered = new ArrayList<>(n);
    ordered.addAll(healthy.subList(start, n));
    ordered.addAll(healthy.subList(0, start));
    return ordered;
  }
}
