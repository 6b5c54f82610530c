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
 * the least-connections strategy reads as the instance's connections), the attempts' times (which the
 * latency strategy reads), both through the shared {@link InstanceStats}, and when it last had a trial call.
 * Entries appear on an instance's first call or trial and go when it leaves the list. Thread-safe.
 */
final class InstanceBook {

  private final InstanceStats stats;
  private final BreakerSettings settings;
  private final LongSupplier nanoTime;
  private final long trialIntervalNanos;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** @param trialInterval the least time between two trial calls to one instance that does not pass */
  InstanceBook(InstanceStats stats, BreakerSettings settings, Duration trialInterval, LongSupplier nanoTime) {
    this.stats = stats;
    this.settings = settings;
    this.trialIntervalNanos = trialInterval.toNanos();
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
    stats.reportConnections(id, entry(id).inFlight().incrementAndGet());
  }

  /**
   * Takes the instance's turn for a trial call if it is due: at most one per trial interval, the first at once.
   * An instance the server lists as not passing (its breaker there half-open) is otherwise called only when no
   * passing one can be, and only calls can close that breaker.
   *
   * @return whether the caller may send it the trial call now
   */
  boolean takeTrial(String id) {
    AtomicLong last = entry(id).lastTrial();
    long now = nanoTime.getAsLong();
    long before = last.get();
    return (before == NEVER || now - before >= trialIntervalNanos) && last.compareAndSet(before, now);
  }

  private Entry entry(String id) {
    return entries.computeIfAbsent(id,
        k -> new Entry(new CircuitBreaker(settings, nanoTime), new AtomicLong(), new AtomicLong(NEVER)));
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

  /** The trial time of an instance never tried (a time {@code nanoTime} may return is as good as any other). */
  private static final long NEVER = Long.MIN_VALUE;

  private record Entry(CircuitBreaker breaker, AtomicLong inFlight, AtomicLong lastTrial) {}
}
