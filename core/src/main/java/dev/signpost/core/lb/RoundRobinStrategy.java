package dev.signpost.core.lb;

import dev.signpost.core.Instance;
import java.util.ArrayList;
import java.util.List;

/** Each query for a service starts one instance later than the last query for that service. */
public final class RoundRobinStrategy implements LoadBalancingStrategy {

  private final Turns turns;

  public RoundRobinStrategy() {
    this(new Turns());
  }

  RoundRobinStrategy(Turns turns) {
    this.turns = turns;
  }

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
    List<Instance> ordered = new ArrayList<>(n);
    Turns.addRotated(healthy, turns.next(healthy.get(0).service().key(), client), ordered);
    return ordered;
  }
}
