package dev.signpost.core;

import dev.signpost.core.storage.Change;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A registry change handed to the store and not visible yet. The registry keeps these in index order and
 * makes each visible once it and every change before it are resolved: durable ones are applied, failed
 * ones are dropped, and a failed health result is applied anyway (derived state never waits for the disk).
 * Fields other than the final ones are guarded by the registry's write lock.
 */
final class PendingWrite {

  enum Outcome { WAITING, DURABLE, FAILED }

  final Change change;
  /**
   * For a health result: the change to re-apply to the visible instance when the store failed it (or
   * refused it at once), since the value computed when it was queued may rest on writes that failed.
   */
  final UnaryOperator<Instance> health;
  /** Completes once the change is visible (or, for a failed non-health change, with the store's error). */
  final CompletableFuture<Void> visible = new CompletableFuture<>();
  Outcome outcome = Outcome.WAITING;
  Throwable failure;
  /** The instance made visible by a put; for a health result applied after a failure, its re-derived value. */
  Instance applied;

  PendingWrite(Change change, UnaryOperator<Instance> health) {
    this.change = change;
    this.health = health;
  }

  long index() {
    return change.index();
  }

  /** The instance this change puts, or null for a removal or a policy change. */
  Instance value() {
    return change instanceof Change.Put put ? put.instance() : null;
  }

  /** The id of the instance this change touches, or null for a policy change. */
  String instanceId() {
    if (change instanceof Change.Put put) {
      return put.instance().id();
    }
    return change instanceof Change.Remove remove ? remove.instanceId() : null;
  }

  /** For an ACL change, what it changes ({@code token:<accessor id>} or {@code policy:<id>}); null otherwise. */
  String aclKey() {
    if (change instanceof Change.PutAclToken put) {
      return "token:" + put.token().accessorId();
    }
    if (change instanceof Change.RemoveAclToken remove) {
      return "token:" + remove.accessorId();
    }
    if (change instanceof Change.PutAclPolicy put) {
      return "policy:" + put.policy().id();
    }
    return change instanceof Change.RemoveAclPolicy remove ? "policy:" + remove.policyId() : null;
  }

  /** Whether the change never reached (or never will reach) the journal. */
  boolean failed() {
    return outcome == Outcome.FAILED;
  }

  void resolve(Throwable error) {
    outcome = error == null ? Outcome.DURABLE : Outcome.FAILED;
    failure = error;
  }
}
