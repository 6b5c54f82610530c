package dev.signpost.client;

import dev.signpost.balance.InstanceStats;
import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.balance.breaker.BreakerState;
import dev.signpost.balance.breaker.CircuitBreaker;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What the client learns of each instance from its own calls: a circuit breaker, the calls in flight (which
 * the least-connections strategy reads as the instance's connections) and the attempts' times (which the
 * latency strategy reads), both through the shared {@link InstanceStats}. Entries appear on an instance's
 * first call and go when it leaves the list. Thread-safe.
 */
final class InstanceBook {

  private final InstanceStats stats;
  private final BreakerSettings settings;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  InstanceBook(InstanceStats stats, BreakerSettings settings, LongSupplier nanoTime) {
    this.stats = stats;
    this.settings = settings;
    this.nanoTime = nanoTime;
  }

  /** Whether the instance may be called: not while its breaker is open. */
  boolean allows(String id) {
    Entry e = entries.get(id);
    return e == null || e.breaker().allows();
  }

  /** The instance's breaker state; closed for an instance never called. */
  BreakerState state(String id) {
    Entry e = entries.get(id);
    return e == null ? BreakerState.CLOSED : e.breaker().status().state();
  }

  /** An attempt on the instance starts. */
  void started(String id) {
    Entry e = entries.computeIfAbsent(id, k -> new Entry(new CircuitBreaker(settings, nanoTime), new AtomicLong()));
    stats.reportConnections(id, e.inFlight().incrementAndGet());
  }

  /**
   * An attempt on the instance ended.
   *
   * @return whether this outcome opened the instance's breaker
   */
  boolean finished(String id, boolean success, Duration elapsed) {
    Entry e = entries.get(id);
    if (e == null) {
      return false; // the instance left the list during the call
    }
    stats.reportConnections(id, Math.max(0, e.inFlight().decrementAndGet()));
    stats.recordProbe(id, elapsed, !success);
    boolean wasOpen = !e.breaker().allows();
    return e.breaker().record(success).state() == BreakerState.OPEN && !wasOpen;
  }

  /** An attempt on the instance ended without an outcome to judge it by (the caller gave up). */
  void abandoned(String id) {
    Entry e = entries.get(id);
    if (e != null) {
      stats.reportConnections(id, Math.max(0, e.inFlight().decrementAndGet()));
    }
  }

  /** Forgets every instance not in {@code ids}: they left the list. */
  void retain(Set<String> ids) {
    for (String id : entries.keySet()) {
      if (!ids.contains(id)) {
        entries.remove(id);
        stats.forget(id);
      }
    }
  }

  private record Entry(CircuitBreaker breaker, AtomicLong inFlight) {}
}
