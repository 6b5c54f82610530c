package dev.signpost.balance.breaker;

import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One instance's circuit breaker, fed the outcomes of calls to it. Closed, it counts failures: {@link
 * BreakerSettings#consecutiveFailures} in a row, or at least {@link BreakerSettings#failureRatePercent} of at
 * least {@link BreakerSettings#minimumCalls} calls within the {@link BreakerSettings#window}, open it. Open,
 * the instance is out for the ejection time; then the breaker is half-open: the instance takes calls again,
 * {@link BreakerSettings#halfOpenSuccesses} successes in a row close the breaker and one failure opens it
 * again. Each ejection that follows another lasts twice as long, up to {@link BreakerSettings#maxEjectionTime};
 * each {@link BreakerSettings#ejectionTime} the breaker then stays closed takes one doubling back.
 *
 * <p>It needs no timer: the move from open to half-open is computed from the clock whenever the breaker is
 * asked ({@link #status}, {@link #record}), and every call returns the resulting {@link BreakerStatus}, so a
 * caller that acts on changes compares it with the status before. A caller that wants to act when the
 * ejection ends schedules that itself at {@link BreakerStatus#openUntilNanos}.
 *
 * <p>Thread-safe: every method takes the breaker's own lock briefly; nothing allocates but the status.
 * Outcomes reported while open change nothing (callers may still reach the instance by an old answer).
 * Before it opens, the breaker asks an {@link EjectionGate}, so a rule over many instances can keep this one
 * in.
 */
public final class CircuitBreaker {

  /** Doublings stop growing here; the cap on the ejection time stops them far earlier. */
  private static final int MAX_EJECTIONS = 62;

  private final LongSupplier nanoTime;
  private BreakerSettings settings;
  private RateWindow window;
  private BreakerState state = BreakerState.CLOSED;
  private long since;
  private long openUntil;
  private Trip trip;
  private long consecutiveFailures;
  private int trialSuccesses;
  private int ejections;

  /**
   * A closed breaker.
   *
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}); only differences are used
   */
  public CircuitBreaker(BreakerSettings settings, LongSupplier nanoTime) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    since = nanoTime.getAsLong();
    window = new RateWindow(settings.window(), since);
  }

  /** The breaker now. */
  public synchronized BreakerStatus status() {
    long now = nanoTime.getAsLong();
    advance(now);
    return snapshot(now);
  }

  /** Whether calls may go to the instance now: not while open. */
  public boolean allows() {
    return status().allows();
  }

  /** The settings in force. */
  public synchronized BreakerSettings settings() {
    return settings;
  }

  /** Records one call's outcome with no gate: a breaker on its own. */
  public BreakerStatus record(boolean success) {
    return record(success, EjectionGate.ALWAYS);
  }

  /** Records one call's outcome; asks the gate before opening. */
  public BreakerStatus record(boolean success, EjectionGate gate) {
    return success ? recordCounts(1, 0, gate) : recordCounts(0, 1, gate);
  }

  /**
   * Records counted outcomes whose order is unknown. All count for the rate rule; failures extend the run of
   * consecutive failures only when the report holds no success (with successes among them, the failures
   * may have come between them). Half-open, any failure opens the breaker, else the successes count toward
   * closing it.
   *
   * @throws IllegalArgumentException when a count is negative
   */
  public synchronized BreakerStatus recordCounts(long successes, long failures, EjectionGate gate) {
    if (successes < 0 || failures < 0) {
      throw new IllegalArgumentException("counts must not be negative, got " + successes + " successes and "
          + failures + " failures");
    }
    Objects.requireNonNull(gate, "gate");
    long now = nanoTime.getAsLong();
    advance(now);
    switch (state) {
      case CLOSED -> closed(now, successes, failures, gate);
      case HALF_OPEN -> halfOpen(now, successes, failures, gate);
      case OPEN -> {
        // Out already: late reports from callers holding an old answer change nothing.
      }
      default -> throw new IllegalStateException("unknown state " + state);
    }
    return snapshot(now);
  }

  /**
   * Ends an ejection early: an open breaker turns half-open now (its instance back on trial). For a caller
   * whose rule over many instances no longer allows this one out, e.g. when the others left.
   */
  public synchronized BreakerStatus release() {
    long now = nanoTime.getAsLong();
    advance(now);
    if (state == BreakerState.OPEN) {
      halfOpenAt(now);
    }
    return snapshot(now);
  }

  /**
   * New settings, keeping the state: an ejection under way keeps its end, a half-open breaker its successes;
   * the rate window starts empty if its length changed.
   */
  public synchronized void reconfigure(BreakerSettings next) {
    Objects.requireNonNull(next, "next");
    if (!next.window().equals(settings.window())) {
      window = new RateWindow(next.window(), nanoTime.getAsLong());
    }
    settings = next;
  }

  private void closed(long now, long successes, long failures, EjectionGate gate) {
    window.add(now, successes, failures);
    if (successes > 0) {
      consecutiveFailures = 0;
    } else {
      consecutiveFailures = RateWindow.saturatedAdd(consecutiveFailures, failures);
    }
    if (failures == 0) {
      return;
    }
    Optional<Trip> why = tripped(now);
    if (why.isPresent() && gate.mayEject()) {
      open(now, why.get());
    }
  }

  private Optional<Trip> tripped(long now) {
    if (settings.consecutiveFailures() > 0 && consecutiveFailures >= settings.consecutiveFailures()) {
      return Optional.of(new Trip.ConsecutiveFailures(consecutiveFailures));
    }
    if (settings.failureRatePercent() > 0) {
      long calls = window.calls(now);
      long failed = window.failures(now);
      if (calls >= settings.minimumCalls() && atLeastPercent(failed, calls, settings.failureRatePercent())) {
        return Optional.of(new Trip.FailureRate(failed, calls, settings.window()));
      }
    }
    return Optional.empty();
  }

  private void halfOpen(long now, long successes, long failures, EjectionGate gate) {
    if (failures > 0) {
      if (gate.mayEject()) {
        open(now, new Trip.HalfOpenFailure());
      } else {
        trialSuccesses = 0;
      }
      return;
    }
    // Capped before adding: a count near Long.MAX_VALUE must not wrap the sum.
    int needed = settings.halfOpenSuccesses();
    trialSuccesses = (int) Math.min(needed, trialSuccesses + Math.min(needed, successes));
    if (trialSuccesses >= settings.halfOpenSuccesses()) {
      state = BreakerState.CLOSED;
      since = now;
      trialSuccesses = 0;
      consecutiveFailures = 0;
      window.clear();
    }
  }

  private void open(long now, Trip why) {
    int remembered = state == BreakerState.CLOSED ? decayed(now) : ejections;
    ejections = Math.min(MAX_EJECTIONS, remembered + 1);
    state = BreakerState.OPEN;
    since = now;
    openUntil = now + ejectionNanos(ejections);
    trip = why;
    consecutiveFailures = 0;
    trialSuccesses = 0;
    window.clear();
  }

  private void advance(long now) {
    if (state == BreakerState.OPEN && now - openUntil >= 0) {
      halfOpenAt(openUntil);
    }
  }

  private void halfOpenAt(long at) {
    state = BreakerState.HALF_OPEN;
    since = at;
    trialSuccesses = 0;
  }

  /** Ejections still remembered: one forgotten per ejection time spent closed. */
  private int decayed(long now) {
    if (state != BreakerState.CLOSED || ejections == 0) {
      return ejections;
    }
    long forgotten = (now - since) / settings.ejectionTime().toNanos();
    return (int) Math.max(0, ejections - forgotten);
  }

  /** The ejection time doubled {@code count - 1} times, capped. */
  private long ejectionNanos(int count) {
    long cap = settings.maxEjectionTime().toNanos();
    long nanos = settings.ejectionTime().toNanos();
    for (int i = 1; i < count && nanos < cap; i++) {
      nanos = nanos > cap / 2 ? cap : nanos * 2;
    }
    return Math.min(nanos, cap);
  }

  private BreakerStatus snapshot(long now) {
    return new BreakerStatus(state, since, openUntil, Optional.ofNullable(trip), consecutiveFailures,
        trialSuccesses, settings.halfOpenSuccesses(), decayed(now));
  }

  /**
   * Whether {@code failed / calls >= percent / 100}, exactly: compared as {@code failed * 100 >= percent * calls}
   * in 128 bits, since counts a caller made up may be large enough for either product to overflow a long.
   */
  static boolean atLeastPercent(long failed, long calls, int percent) {
    long leftHigh = Math.multiplyHigh(failed, 100);
    long rightHigh = Math.multiplyHigh(percent, calls);
    if (leftHigh != rightHigh) {
      return leftHigh > rightHigh;
    }
    return Long.compareUnsigned(failed * 100, percent * calls) >= 0;
  }
}
