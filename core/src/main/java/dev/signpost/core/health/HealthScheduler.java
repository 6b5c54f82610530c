package dev.signpost.core.health;

import dev.signpost.core.TimeSource;
import java.time.Duration;

/**
 * The health engine's thread and clock. Tasks run one at a time, in order, so the engine's own state
 * needs no locks; tests supply a scheduler whose time they advance by hand. The clock comes with the
 * scheduler rather than beside it because the two must agree: a test's manual scheduler runs its timers on
 * the very fake the engine reads.
 */
public interface HealthScheduler extends AutoCloseable {

  /** Runs {@code task} on the engine's thread, after the tasks already queued. */
  void execute(Runnable task);

  /** Runs {@code task} on the engine's thread once {@code delay} has passed. */
  Cancellable schedule(Duration delay, Runnable task);

  /** The time the engine reads: TTL deadlines, probe times, how long a check has been critical. */
  TimeSource time();

  /** Stops running tasks; queued and scheduled ones are dropped. */
  @Override
  void close();

  /** A scheduled task that can be called off. */
  interface Cancellable {
    Cancellable NONE = () -> { };

    void cancel();
  }

  /**
   * One daemon thread named {@code signpost-health}, started when the first task arrives, whose engine reads
   * {@code time}. Its timers wait on the JVM's clock whatever {@code time} is, so with a fake time checks
   * still run in real time; tests of health timing use a manual scheduler on their fake instead.
   */
  static HealthScheduler singleThread(TimeSource time) {
    return new ExecutorHealthScheduler(time);
  }
}
