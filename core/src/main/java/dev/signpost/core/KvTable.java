package dev.signpost.core;

import dev.signpost.core.storage.Change;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The visible keys of the key/value store, changed only by the registry's {@link #apply} (under its write
 * lock) and read without a lock, with what Consul's blocking queries on keys need: the index of the last
 * change to a key or under a prefix, and waiters woken only by changes there.
 *
 * <p>A deleted key leaves a tombstone with its deletion's index, so a prefix's index moves forward when a
 * key under it goes (as Consul's tombstones make it). Tombstones live in memory only and are bounded: past
 * {@link #MAX_TOMBSTONES} they are folded into one floor that every prefix's index is at least, which wakes a
 * waiter once more than needed but never misses a deletion.
 */
final class KvTable {

  /** Tombstones kept before they are folded into the floor. */
  static final int MAX_TOMBSTONES = 10_000;

  private final ConcurrentSkipListMap<String, KvEntry> entries = new ConcurrentSkipListMap<>();
  /** Deleted key → the index that deleted it. */
  private final ConcurrentSkipListMap<String, Long> tombstones = new ConcurrentSkipListMap<>();
  /** The index of the newest tombstone forgotten: every prefix's index is at least this. */
  private volatile long floor;
  /** The index of the last change to any key (Consul's index of its KV table). */
  private volatile long index;
  /** Waiters by the key or prefix they watch; guarded by itself. */
  private final NavigableMap<String, Set<Waiter>> waiters = new TreeMap<>();
  /** Waiters whose key changed, to complete once the registry released its lock; guarded by {@link #waiters}. */
  private final List<Waiter> woken = new ArrayList<>();

  /** One blocking query on a key ({@code exact}) or a prefix. */
  private record Waiter(String key, boolean exact, CompletableFuture<Long> future) {}

  KvTable(Collection<KvEntry> stored) {
    for (KvEntry e : stored) {
      entries.put(e.key(), e);
      index = Math.max(index, e.modifyIndex());
    }
  }

  Optional<KvEntry> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  KvEntry getOrNull(String key) {
    return entries.get(key);
  }

  /** The entries whose key starts with {@code prefix}, in key order. */
  List<KvEntry> under(String prefix) {
    List<KvEntry> found = new ArrayList<>();
    for (KvEntry e : entries.tailMap(prefix, true).values()) {
      if (!e.key().startsWith(prefix)) {
        break;
      }
      found.add(e);
    }
    return found;
  }

  Collection<KvEntry> all() {
    return entries.values();
  }

  int size() {
    return entries.size();
  }

  /**
   * The index a read of {@code key} reports, as Consul's: the key's modify index, or the KV table's index
   * when there is no such key.
   */
  long keyIndex(String key) {
    KvEntry e = entries.get(key);
    return e != null ? e.modifyIndex() : index;
  }

  /**
   * The index a read of the keys under {@code prefix} reports, as Consul's: the newest modify index or
   * tombstone under it; the KV table's index when there is neither.
   */
  long prefixIndex(String prefix) {
    long max = floor;
    for (KvEntry e : entries.tailMap(prefix, true).values()) {
      if (!e.key().startsWith(prefix)) {
        break;
      }
      max = Math.max(max, e.modifyIndex());
    }
    for (Map.Entry<String, Long> t : tombstones.tailMap(prefix, true).entrySet()) {
      if (!t.getKey().startsWith(prefix)) {
        break;
      }
      max = Math.max(max, t.getValue());
    }
    return max > 0 ? max : index;
  }

  /** Applies a key/value change; false when {@code change} is not one. Call under the registry's write lock. */
  boolean apply(Change change) {
    if (change instanceof Change.PutKey put) {
      KvEntry e = put.entry();
      entries.put(e.key(), e);
      tombstones.remove(e.key());
      changed(put.index(), e.key(), false);
    } else if (change instanceof Change.RemoveKey remove) {
      if (entries.remove(remove.key()) != null) {
        bury(remove.key(), remove.index());
      }
      changed(remove.index(), remove.key(), false);
    } else if (change instanceof Change.RemoveKeyTree remove) {
      for (KvEntry e : under(remove.prefix())) {
        entries.remove(e.key());
        bury(e.key(), remove.index());
      }
      changed(remove.index(), remove.prefix(), true);
    } else if (change instanceof Change.KeyTransaction txn) {
      txn.writes().forEach(this::apply);
    } else {
      return false;
    }
    return true;
  }

  private void bury(String key, long at) {
    tombstones.put(key, at);
    if (tombstones.size() > MAX_TOMBSTONES) {
      long newest = floor;
      for (long t : tombstones.values()) {
        newest = Math.max(newest, t);
      }
      floor = newest;
      tombstones.clear();
    }
  }

  /** Moves the table's index and takes out the waiters the change to {@code key} (or the tree under it) wakes. */
  private void changed(long at, String key, boolean tree) {
    index = Math.max(index, at);
    synchronized (waiters) {
      if (waiters.isEmpty()) {
        return;
      }
      // Prefix waiters above the key: "", "c", "co", ... "config/web" for "config/web".
      for (int end = 0; end < key.length(); end++) {
        take(key.substring(0, end), false);
      }
      if (tree) {
        // Every waiter at or below the deleted prefix.
        Iterator<Map.Entry<String, Set<Waiter>>> below = waiters.tailMap(key, true).entrySet().iterator();
        while (below.hasNext()) {
          Map.Entry<String, Set<Waiter>> e = below.next();
          if (!e.getKey().startsWith(key)) {
            break;
          }
          woken.addAll(e.getValue());
          below.remove();
        }
      } else {
        take(key, true);
      }
    }
  }

  /** Moves the waiters on {@code key} to {@link #woken}: all of them, or only the prefix ones. */
  private void take(String key, boolean all) {
    Set<Waiter> on = waiters.get(key);
    if (on == null) {
      return;
    }
    for (Iterator<Waiter> it = on.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (all || !w.exact()) {
        woken.add(w);
        it.remove();
      }
    }
    if (on.isEmpty()) {
      waiters.remove(key);
    }
  }

  /**
   * Completes once the index of {@code key} (exact) or of the prefix is above {@code after}. A caller that
   * gives up completes the future itself; it is then forgotten at once.
   */
  CompletableFuture<Long> awaitAbove(String key, boolean exact, long after) {
    CompletableFuture<Long> future = new CompletableFuture<>();
    Waiter waiter = new Waiter(key, exact, future);
    synchronized (waiters) {
      long now = exact ? keyIndex(key) : prefixIndex(key);
      if (now > after) {
        return CompletableFuture.completedFuture(now);
      }
      waiters.computeIfAbsent(key, k -> new HashSet<>()).add(waiter);
    }
    future.whenComplete((at, error) -> forget(waiter));
    return future;
  }

  private void forget(Waiter waiter) {
    synchronized (waiters) {
      Set<Waiter> on = waiters.get(waiter.key());
      if (on != null && on.remove(waiter) && on.isEmpty()) {
        waiters.remove(waiter.key());
      }
    }
  }

  /** Completes the waiters changes woke; call without the registry's lock, so their callbacks never run under it. */
  void wake() {
    List<Waiter> ready;
    synchronized (waiters) {
      if (woken.isEmpty()) {
        return;
      }
      ready = new ArrayList<>(woken);
      woken.clear();
    }
    long at = index;
    ready.forEach(w -> w.future().complete(at));
  }

  /** How many waiters are pending; for tests. */
  int pendingWaiters() {
    synchronized (waiters) {
      return waiters.values().stream().mapToInt(Set::size).sum();
    }
  }
}
