package dev.signpost.core.storage;

/**
 * Told of each group commit a store makes: how many changes it made durable together, and how long writing and
 * syncing them took (an etcd transaction, for the cluster's store). core has no meters; the launcher turns this
 * into a timer and a distribution of batch sizes.
 *
 * <p>Called on the store's writing thread (the journal's) or its client's, right after the commit: it must
 * return at once and never throw.
 */
@FunctionalInterface
public interface CommitObserver {

  /** Nobody listening. */
  CommitObserver NONE = (changes, nanos) -> { };

  /**
   * @param changes the changes made durable by this commit, at least 1
   * @param nanos how long the commit took, from the first byte written to the sync's return
   */
  void committed(int changes, long nanos);
}
