package dev.signpost.core.storage;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the registry keeps its state durably. The registry calls {@link #load} once, then
 * {@link #append} for every change in index order (never concurrently: calls are made under the
 * registry's write lock), and {@link #compact} now and then.
 *
 * <p>Implementations: {@link InMemoryStore} (nothing survives the process) and the embedded journal
 * store; a distributed store can stand behind the same interface.
 */
public interface RegistryStore extends AutoCloseable {

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
