package dev.signpost.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Actions waiting for the follower to have delivered a revision: a write's client is answered only once
 * its own node shows the write. Used by the follower's thread only.
 */
final class RevisionWaiters {

  private final NavigableMap<Long, List<Runnable>> waiting = new TreeMap<>();

  void add(long revision, Runnable action) {
    waiting.computeIfAbsent(revision, r -> new ArrayList<>(1)).add(action);
  }

  /** Runs, in revision order, every action waiting for a revision at or below {@code delivered}. */
  void release(long delivered) {
    Map<Long, List<Runnable>> ready = waiting.headMap(delivered, true);
    List<Runnable> actions = new ArrayList<>();
    ready.values().forEach(actions::addAll);
    ready.clear();
    actions.forEach(Runnable::run);
  }

  /** Runs every action still waiting: the store is closing, and each action fails its write. */
  void releaseAll() {
    release(Long.MAX_VALUE);
  }

  int size() {
    return waiting.values().stream().mapToInt(List::size).sum();
  }
}
