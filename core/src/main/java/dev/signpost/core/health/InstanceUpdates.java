package dev.signpost.core.health;

import dev.signpost.core.Instance;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The registry as the health engine writes to it. Each call is one registry change (indexed, announced)
 * decided on the instance's latest value under the registry's write lock, so a result that arrives after
 * the instance was replaced or removed cannot undo that.
 */
public interface InstanceUpdates {

  Optional<Instance> instance(String instanceId);

  /** The instance that has the check with this id. */
  Optional<Instance> instanceByCheck(String checkId);

  /**
   * Records a health result: the instance with {@code change} applied to its latest value, which may
   * change its health only; no change is written when {@code change} returns an equal value. Journaled,
   * but derived state: applied even when the store cannot record it, so results keep driving DNS on a
   * full disk. Completes, once visible, with the stored value, or empty when there is no such instance.
   */
  CompletionStage<Optional<Instance>> updateHealth(String instanceId, UnaryOperator<Instance> change);

  /**
   * Deregisters the instance if {@code condition} holds for its latest value; empty when it did not. A
   * removal must be durable: a store failure fails it.
   */
  CompletionStage<Optional<Instance>> deregisterIf(String instanceId, Predicate<Instance> condition);
}
