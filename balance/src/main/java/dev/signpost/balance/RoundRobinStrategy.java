package dev.signpost.balance;

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
  public <T extends Endpoint> List<T> order(List<T> healthy, Client client) {
    int n = healthy.size();
    if (n < 2) {
      return healthy;
    }
    List<T> ordered = new ArrayList<>(n);
    Turns.addRotated(healthy, turns.next(healthy.get(0).serviceKey(), client), ordered);
    return ordered;
  }
}
