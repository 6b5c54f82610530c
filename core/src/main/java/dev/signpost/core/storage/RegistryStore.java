package dev.signpost.core.storage;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the registry keeps its state durably. The registry calls {@link #load} once, then {@link #follow},
 * then {@link #append} for every change it decides (never concurrently: calls are made under the registry's
 * write lock), and {@link #compact} now and then.
 *
 * <p>Two kinds of store stand behind this contract. A <em>local</em> store ({@link InMemoryStore}, the
 * embedded {@link JournalStore}) has one writer, this registry: the registry numbers the changes, and a
 * change is applied once its append completes. A {@linkplain #shared shared} store (etcd, in cluster mode)
 * has many: it numbers the changes itself as it commits them, and reports every committed change, this
 * node's and the others', through the {@link ChangeFeed}; the registry applies only what the feed
 * delivers. Either way the registry's commit step is the same: decide, append, apply in index order,
 * announce.
 */
public interface RegistryStore extends AutoCloseable {

  /** {@link #append}'s basis when the change's key had no value when the change was decided. */
  long ABSENT = 0;

  /**
   * {@link #append}'s basis when the change was decided on this registry's own earlier change to the same
   * key, appended and not yet visible: a shared store applies it only after that one, on what it left.
   */
  long AFTER_PENDING = -1;

  /** {@link #append}'s basis when the registry does not know which change last wrote the key: no guard. */
  long ANY = -2;

  /**
   * Reads the stored state. Called once, before any other method.
   *
   * @throws StoreException when the stored state cannot be read
   */
  StoredState load();

  /**
   * Makes a change durable. Must not block the caller on I/O; the returned stage completes once the
   * change (and every change appended before it) survives a crash of the process, or completes
   * exceptionally with a {@link StoreException}.
   *
   * @throws StoreException at once when the store is closed or has failed
   */
  CompletionStage<Void> append(Change change);

  /**
   * {@link #append}, saying what the change was decided on: {@code basis} is the index of the change that
   * last wrote the key as the registry saw it ({@link #ABSENT} when it had no value, {@link #AFTER_PENDING}
   * when it was this registry's own pending change). A local store has no other writer and ignores it; a
   * shared store commits the change only if the key is still as the registry saw it, and otherwise fails
   * it with a {@link StoreException.Kind#CONFLICT} once the feed has delivered what changed it, so that
   * the registry can decide again. For a shared store the stage completes once the change is committed
   * <em>and</em> delivered through the feed.
   */
  default CompletionStage<Void> append(Change change, long basis) {
    return append(change);
  }

  /**
   * Whether other registries write to this store too: then it numbers changes itself, and the registry
   * applies a change (its own included) only when {@link ChangeFeed} delivers it.
   */
  default boolean shared() {
    return false;
  }

  /**
   * Starts reporting committed changes to {@code feed}, from the index {@link #load} returned; called
   * once, after {@link #load}. A local store has nothing to report: its appends are the changes.
   */
  default void follow(ChangeFeed feed) {
    // Only this registry writes to a local store.
  }

  /** Whether enough has been appended since the last compaction that {@link #compact} is worth its cost. */
  boolean wantsCompaction();

  /**
   * Replaces everything appended so far by {@code state}, which holds the effect of every change up to
   * {@code state.index()} and is ordered after them. May do its work asynchronously.
   */
  void compact(StoredState state);

  /**
   * Why the store refuses writes now (a full disk, an I/O error), for operators; empty while it accepts
   * them. Safe to call from any thread.
   */
  default Optional<String> failure() {
    return Optional.empty();
  }

  /** Waits for pending appends to become durable, then releases the store's files. */
  @Override
  void close();
}
