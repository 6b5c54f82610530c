package dev.signpost.balance;

import java.util.List;

/**
 * Orders a service's servable instances for one query. A strategy reorders, it never drops an instance:
 * limiting the answer is a separate, later step. Generic over what it orders, so the server orders its
 * registry's instances and the Java client its own, with the same code.
 */
public interface LoadBalancingStrategy {

  /** The name the strategy is chosen by ({@code round-robin}). */
  String name();

  /**
   * @param healthy the instances to order, all of one service, in the registry's stable order;
   *     never modified
   * @return the same instances in the order this client should see them
   */
  <T extends Endpoint> List<T> order(List<T> healthy, Client client);
}
