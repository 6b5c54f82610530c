package dev.signpost.client;

import dev.signpost.balance.Client;
import dev.signpost.balance.LoadBalancingStrategy;
import dev.signpost.balance.Tiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Chooses the instance for one attempt as the server orders a DNS answer: the service's strategy orders the
 * instances whose breaker lets calls through, the tiers put passing instances in the client's zone first, and
 * the first one wins. A retry prefers instances the call has not tried yet. An instance that does not pass
 * (on the server, a half-open breaker) also gets a trial call now and then, however many others pass, so
 * that the successes that close its breaker can happen: a low weight rather than none.
 */
final class Picker {

  private final LoadBalancingStrategy strategy;
  private final Client client;
  private final InstanceBook book;

  Picker(LoadBalancingStrategy strategy, Client client, InstanceBook book) {
    this.strategy = strategy;
    this.client = client;
    this.book = book;
  }

  /**
   * The instance to try next.
   *
   * @param tried ids this call tried already: avoided while another instance remains
   * @throws NoInstanceException when the list is empty or every breaker is open
   */
  ServiceInstance pick(String service, List<ServiceInstance> instances, Set<String> tried, int attempts) {
    if (instances.isEmpty()) {
      throw new NoInstanceException("service " + service + " has no passing instance", attempts);
    }
    List<ServiceInstance> allowed = new ArrayList<>(instances.size());
    List<ServiceInstance> fresh = new ArrayList<>(instances.size());
    for (ServiceInstance i : instances) {
      if (book.allows(i.id())) {
        allowed.add(i);
        if (!tried.contains(i.id())) {
          fresh.add(i);
        }
      }
    }
    if (allowed.isEmpty()) {
      throw new NoInstanceException("the circuit breakers of all " + instances.size() + " instances of service "
          + service + " are open", attempts);
    }
    List<ServiceInstance> candidates = fresh.isEmpty() ? allowed : fresh;
    for (ServiceInstance i : candidates) {
      if (!i.passing() && book.takeTrial(i.id())) {
        return i;
      }
    }
    return Tiers.arrange(strategy.order(candidates, client), client).get(0);
  }
}
