package dev.signpost.core.storage;

import java.util.List;

/**
 * What a {@linkplain RegistryStore#shared shared} store reports to the registry that follows it. Calls come
 * from one thread of the store, one at a time, in index order.
 */
public interface ChangeFeed {

  /**
   * Changes committed by any node, in index order, each with the index it was committed at; the changes of
   * one transaction share an index.
   */
  void committed(List<Change> changes);

  /**
   * Everything the store holds now, replacing what the registry has: when the store cannot say what changed
   * (its history was compacted past the registry's index, or the registry started from a stale local copy).
   * The registry turns the difference into changes and events at {@code state.index()}.
   */
  void reload(StoredState state);
}
