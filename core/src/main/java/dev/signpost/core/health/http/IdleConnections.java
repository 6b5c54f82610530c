package dev.signpost.core.health.http;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The idle keep-alive connections, by target and by age. A target's most recently used connection is
 * reused first, so the ones it no longer needs age out; at most {@code perTarget} are kept per target.
 * Event loop only.
 */
final class IdleConnections {

  private final int perTarget;
  private final Map<String, ArrayDeque<Connection>> byTarget = new HashMap<>();
  private final LinkedHashSet<Connection> byAge = new LinkedHashSet<>();

  IdleConnections(int perTarget) {
    this.perTarget = perTarget;
  }

  /** The target's most recently idled connection, taken out of the pool; null when it has none. */
  Connection take(String target) {
    ArrayDeque<Connection> line = byTarget.get(target);
    Connection c = line == null ? null : line.pollLast();
    if (c != null) {
      byAge.remove(c);
    }
    return c;
  }

  /** Keeps a connection whose answer ended cleanly; false when its target already has enough idle. */
  boolean offer(Connection c, long now) {
    ArrayDeque<Connection> line = byTarget.computeIfAbsent(c.target, t -> new ArrayDeque<>());
    if (line.size() >= perTarget) {
      return false;
    }
    c.idleSince = now;
    line.addLast(c);
    byAge.add(c);
    return true;
  }

  /** Takes out a connection that is closing; also forgets its target once nothing of it is idle. */
  void remove(Connection c) {
    ArrayDeque<Connection> line = byTarget.get(c.target);
    if (line != null) {
      if (byAge.remove(c)) {
        line.removeFirstOccurrence(c);
      }
      if (line.isEmpty()) {
        byTarget.remove(c.target);
      }
    }
  }

  /** The connection idle the longest, still in the pool; null when none is. */
  Connection oldest() {
    Iterator<Connection> it = byAge.iterator();
    return it.hasNext() ? it.next() : null;
  }

  int size() {
    return byAge.size();
  }
}
