package dev.signpost.core.health;

import dev.signpost.core.Instance;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The registry as the health engine writes to it. Each call is one registry change (journaled, indexed,
 * announced) decided on the instance's current value under the registry's write lock, so a result that
 * arrives after the instance was replaced or removed cannot undo that.
 */
public interface InstanceUpdates {

  Optional<Instance> instance(String instanceId);

  /** The instance that has the check with this id. */
  Optional<Instance> instanceByCheck(String checkId);

  /**
   * Replaces the instance with {@code change} applied to its current value; no change is written when
   * {@code change} returns an equal value. Completes (once durable) with the stored value, or empty when
   * there is no such instance.
   */
  CompletionStage<Optional<Instance>> update(String instanceId, UnaryOperator<Instance> change);

  /** Deregisters the instance if {@code condition} holds for its current value; empty when it did not. */
  CompletionStage<Optional<Instance>> deregisterIf(String instanceId, Predicate<Instance> condition);
}
