package dev.signpost.core.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A store that keeps nothing: for tests and for embedding where durability is not wanted. */
public final class InMemoryStore implements RegistryStore {

  private volatile boolean closed;

  @Override
  public StoredState load() {
    return StoredState.EMPTY;
  }

  @Override
  public CompletionStage<Void> append(Change change) {
    if (closed) {
      throw new StoreException("store is closed");
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean wantsCompaction() {
    return false;
  }

  @Override
  public void compact(StoredState state) {
    // Nothing is kept, so there is nothing to compact.
  }

  @Override
  public void close() {
    closed = true;
  }
}
