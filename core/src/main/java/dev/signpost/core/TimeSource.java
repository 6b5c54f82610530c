package dev.signpost.core;

import java.time.Instant;

/**
 * Where Signpost reads the time: one type for every module, so a test moves one fake and everything that
 * measures, expires or stamps moves with it. It has both kinds of time because they answer different
 * questions: {@link #nanoTime} measures intervals (deadlines, expiry, probe times) and never steps when the
 * wall clock is set; {@link #now} is the date a person or a file name shows. A fake keeps the two moving
 * together, which {@link java.time.Clock} (wall time only) or Caffeine's {@code Ticker} (nanoseconds only)
 * cannot do alone.
 *
 * <p>Implementations are thread-safe. Tests use {@code dev.signpost.core.testing.ManualTime} (core's
 * test-jar).
 */
public interface TimeSource {

  /** A monotonic time in nanoseconds, for intervals only: compare differences, never the raw values. */
  long nanoTime();

  /** The wall-clock time. */
  Instant now();

  /** The JVM's clocks: {@link System#nanoTime} and {@link Instant#now}. */
  static TimeSource system() {
    return SystemTime.INSTANCE;
  }
}
