package dev.signpost.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The changes handed to the store and not visible yet, in index order, and what the latest of them leaves
 * under each key: writes are decided on this overlay over what is visible. Guarded by the registry's write
 * lock.
 */
final class PendingWrites {

  /**
   * Key kinds: an instance by id, a service's DNS policy by key, an ACL token by accessor id, an ACL policy by
   * id, an external node by key.
   */
  static final String INSTANCE = "instance:";
  static final String POLICY = "policy:";
  static final String TOKEN = "aclToken:";
  static final String ACL_POLICY = "aclPolicy:";
  static final String NODE = "node:";
  /** A key of the key/value store; and a change to many keys, by its index (its effects kept per key). */
  static final String KEY = "kv:";
  static final String KEYS = "kvMany:";

  private final ArrayDeque<PendingWrite> queue = new ArrayDeque<>();
  /** Key → the latest pending change to it. */
  private final Map<String, PendingWrite> latest = new HashMap<>();
  /** Key/value key → the latest pending change that touches it. */
  private final Map<String, PendingWrite> latestKeys = new HashMap<>();

  void add(PendingWrite write) {
    queue.add(write);
    write.keys().forEach(k -> latest.put(k, write));
    write.keyEffects.keySet().forEach(k -> latestKeys.put(k, write));
  }

  /** The oldest change, removed, once the store has answered it; null while it waits or when there is none. */
  PendingWrite pollResolved() {
    PendingWrite head = queue.peek();
    if (head == null || head.outcome == PendingWrite.Outcome.WAITING) {
      return null;
    }
    queue.poll();
    // The oldest change is the latest for its key only when no newer one touches the key.
    head.keys().forEach(k -> latest.remove(k, head));
    head.keyEffects.keySet().forEach(k -> latestKeys.remove(k, head));
    return head;
  }

  /** The newest change, or null when there is none. */
  PendingWrite last() {
    return queue.peekLast();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Whether a change failed (or was refused) and waits for its turn: its effect is not what is journaled. */
  boolean anyFailed() {
    return queue.stream().anyMatch(PendingWrite::failed);
  }

  /** Who asked for the pending change at {@code index}; null when none is (another node's change). */
  ChangeOrigin originOf(long index) {
    for (PendingWrite w : queue) {
      if (w.index() == index) {
        return w.origin;
      }
    }
    return null;
  }

  /** Whether a pending change touches {@code key} ({@code kind + id}). */
  boolean touches(String key) {
    return latest.containsKey(key);
  }

  /** Whether a pending change touches {@code kind + id}. */
  boolean touches(String kind, String id) {
    return latest.containsKey(kind + id);
  }

  /** What the latest pending change leaves under {@code kind + id}; null for a removal. Only when {@link #touches}. */
  <T> T value(String kind, String id, Class<T> type) {
    return type.cast(latest.get(kind + id).stored(kind + id));
  }

  /** {@code visible} (id → value, a copy the caller owns) with every pending change of {@code kind} applied. */
  <T> Map<String, T> overlay(String kind, Map<String, T> visible, Class<T> type) {
    latest.forEach((key, write) -> {
      if (key.startsWith(kind)) {
        String id = key.substring(kind.length());
        Object value = write.stored(key);
        if (value == null) {
          visible.remove(id);
        } else {
          visible.put(id, type.cast(value));
        }
      }
    });
    return visible;
  }

  /** Whether a pending change touches the key/value store's {@code key}. */
  boolean touchesKey(String key) {
    return latestKeys.containsKey(key);
  }

  /** What the latest pending change leaves under {@code key}; null for a deletion. Only when {@link #touchesKey}. */
  KvEntry keyValue(String key) {
    return latestKeys.get(key).keyEffects.get(key);
  }

  /** {@code visible} (key → entry, a copy the caller owns) with the pending changes under {@code prefix} applied. */
  Map<String, KvEntry> overlayKeys(String prefix, Map<String, KvEntry> visible) {
    latestKeys.forEach((key, write) -> {
      if (key.startsWith(prefix)) {
        KvEntry value = write.keyEffects.get(key);
        if (value == null) {
          visible.remove(key);
        } else {
          visible.put(key, value);
        }
      }
    });
    return visible;
  }

  /** The instance a pending change gives the check, or null when none does. */
  String checkOwner(String checkId) {
    for (Map.Entry<String, PendingWrite> e : latest.entrySet()) {
      if (e.getValue().stored(e.getKey()) instanceof Instance value && value.check(checkId).isPresent()) {
        return value.id();
      }
    }
    return null;
  }
}
