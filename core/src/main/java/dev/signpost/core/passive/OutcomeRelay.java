package dev.signpost.core.passive;

/**
 * Carries reported outcomes to the node that keeps the instance's breaker. In a cluster a client may report
 * to any node, but one breaker per instance must count them all, or each node would count a part and open
 * late, and each would write its own state: the breaker lives on the node that runs the instance's checks
 * ({@link dev.signpost.core.cluster.CheckPlacement}), and the other nodes hand it their reports as counts. The
 * receiving side is {@link PassiveHealth#relayed}.
 */
@FunctionalInterface
public interface OutcomeRelay {

  /** For a node that keeps every breaker: nothing to carry. */
  OutcomeRelay NONE = (instanceId, successes, failures) -> { };

  /**
   * Tells the node that keeps {@code instanceId}'s breaker of outcomes reported here. Called on the API
   * thread that took the report, so it must return at once and report its own failures: a lost relay costs
   * some outcomes, which later reports repeat.
   */
  void relay(String instanceId, long successes, long failures);
}
