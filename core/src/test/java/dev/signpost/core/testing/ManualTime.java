package dev.signpost.core.testing;

import dev.signpost.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that moves only when a test calls {@link #advance}, and then moves both of its clocks
 * by the same amount, so what a test measures in nanoseconds and what it reads as a date never disagree.
 * Thread-safe: code under test may read it from its own threads.
 */
public final class ManualTime implements TimeSource {

  /** Where {@link #now} starts unless a test says otherwise. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Instant startInstant;
  private final long startNanos;
  private final AtomicLong elapsed = new AtomicLong();

  /** Starts at {@link #START}, with {@link #nanoTime} at 0. */
  public ManualTime() {
    this(START, 0);
  }

  /**
   * Starts at {@code now}, with {@link #nanoTime} at {@code nanoTime}: any value, negative too, as
   * {@link System#nanoTime} may be.
   */
  public ManualTime(Instant now, long nanoTime) {
    this.startInstant = now;
    this.startNanos = nanoTime;
  }

  @Override
  public long nanoTime() {
    return startNanos + elapsed.get();
  }

  @Override
  public Instant now() {
    return startInstant.plusNanos(elapsed.get());
  }

  /** Moves both clocks forward; time never goes back. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, not by " + by);
    }
    elapsed.addAndGet(by.toNanos());
  }
}
