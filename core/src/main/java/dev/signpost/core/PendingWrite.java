package dev.signpost.core;

import dev.signpost.core.storage.Change;
import java.util.List;
import java.util.Map;
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
  /** What the change is to: {@code <kind><id>} with a kind of {@link PendingWrites} ({@link #keyOf}). */
  private final String key;
  /**
   * For a health result: the change to re-apply to the visible instance when the store failed it (or
   * refused it at once), since the value computed when it was queued may rest on writes that failed.
   */
  final UnaryOperator<Instance> health;
  /** Completes once the change is visible (or, for a failed non-health change, with the store's error). */
  final CompletableFuture<Void> visible = new CompletableFuture<>();
  Outcome outcome = Outcome.WAITING;
  /** Who asked for the change, for the event that announces it; set when it is submitted, never journaled. */
  ChangeOrigin origin = ChangeOrigin.AGENT;
  Throwable failure;
  /**
   * What the change left visible under its key: the value put (for a shared store, as the store numbered
   * it); for a health result applied after a failure, its re-derived value; null for a removal.
   */
  Object applied;
  /** What the change was decided on, for a shared store's guard: see {@code RegistryStore#append(Change, long)}. */
  final long basis;
  /**
   * For a key/value change: what it leaves under each key it touches, as it was decided (null for a key it
   * deletes; a recursive delete lists the keys it found). Empty for any other change.
   */
  final Map<String, KvEntry> keyEffects;

  /** @param key the change's {@link #keyOf key}, which the caller needed first to find its basis */
  PendingWrite(Change change, String key, UnaryOperator<Instance> health, long basis) {
    this(change, key, health, basis, Map.of());
  }

  PendingWrite(Change change, String key, UnaryOperator<Instance> health, long basis,
      Map<String, KvEntry> keyEffects) {
    this.change = change;
    this.key = key;
    this.health = health;
    this.basis = basis;
    this.keyEffects = keyEffects;
  }

  /** What the change left visible, or {@code decided} (the value it was decided with) when that is unknown. */
  <T> T appliedOr(T decided) {
    @SuppressWarnings("unchecked")
    T value = decided != null && decided.getClass().isInstance(applied) ? (T) applied : decided;
    return value;
  }

  long index() {
    return change.index();
  }

  /** The instance this change puts, or null for any other change. */
  Instance value() {
    return change instanceof Change.Put put ? put.instance() : null;
  }

  /** The id of the instance this change touches, or null for another kind of change. */
  String instanceId() {
    if (change instanceof Change.Put put) {
      return put.instance().id();
    }
    return change instanceof Change.Remove remove ? remove.instanceId() : null;
  }

  String key() {
    return key;
  }

  /** Every key the change touches: its {@link #key}, or for a catalog transaction each of its writes' keys. */
  List<String> keys() {
    return change instanceof Change.CatalogTransaction txn ? txn.writes().stream().map(PendingWrite::keyOf).toList()
        : List.of(key);
  }

  /** What a change is to: {@code <kind><id>} with a kind of {@link PendingWrites}. */
  static String keyOf(Change change) {
    if (change instanceof Change.Put put) {
      return PendingWrites.INSTANCE + put.instance().id();
    }
    if (change instanceof Change.Remove remove) {
      return PendingWrites.INSTANCE + remove.instanceId();
    }
    if (change instanceof Change.PutPolicy put) {
      return PendingWrites.POLICY + put.service();
    }
    if (change instanceof Change.RemovePolicy remove) {
      return PendingWrites.POLICY + remove.service();
    }
    if (change instanceof Change.PutAclToken put) {
      return PendingWrites.TOKEN + put.token().accessorId();
    }
    if (change instanceof Change.RemoveAclToken remove) {
      return PendingWrites.TOKEN + remove.accessorId();
    }
    if (change instanceof Change.PutAclPolicy put) {
      return PendingWrites.ACL_POLICY + put.policy().id();
    }
    if (change instanceof Change.PutNode put) {
      return PendingWrites.NODE + put.node().key();
    }
    if (change instanceof Change.RemoveNode remove) {
      return PendingWrites.NODE + remove.node();
    }
    if (change instanceof Change.RemoveAclPolicy remove) {
      return PendingWrites.ACL_POLICY + remove.policyId();
    }
    if (change instanceof Change.CatalogTransaction txn) {
      return keyOf(txn.writes().get(0)); // the node, when it writes one: what its caller asks for
    }
    if (change instanceof Change.PutKey put) {
      return PendingWrites.KEY + put.entry().key();
    }
    if (change instanceof Change.RemoveKey remove) {
      return PendingWrites.KEY + remove.key();
    }
    // Writes to many keys: their effects are kept per key (keyEffects); this key is only theirs.
    return PendingWrites.KEYS + change.index();
  }

  /** What this change leaves under its {@link #key}: the value it puts; null for a removal. */
  Object stored() {
    return stored(key);
  }

  /** What this change leaves under {@code key}, one of its {@link #keys}: the value it puts; null for a removal. */
  Object stored(String key) {
    if (change instanceof Change.CatalogTransaction txn) {
      for (Change w : txn.writes()) {
        if (keyOf(w).equals(key)) {
          return stored(w);
        }
      }
      return null;
    }
    return stored(change);
  }

  private static Object stored(Change change) {
    if (change instanceof Change.PutNode put) {
      return put.node();
    }
    if (change instanceof Change.Put put) {
      return put.instance();
    }
    if (change instanceof Change.PutPolicy put) {
      return put.policy();
    }
    if (change instanceof Change.PutAclToken put) {
      return put.token();
    }
    return change instanceof Change.PutAclPolicy put ? put.policy() : null;
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
