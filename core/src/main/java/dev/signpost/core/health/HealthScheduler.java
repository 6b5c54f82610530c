package dev.signpost.core.health;

import java.time.Duration;

/**
 * The health engine's thread and clock. Tasks run one at a time, in order, so the engine's own state
 * needs no locks; tests supply a scheduler whose time they advance by hand.
 */
public interface HealthScheduler extends AutoCloseable {

  /** Runs {@code task} on the engine's thread, after the tasks already queued. */
  void execute(Runnable task);

  /** Runs {@code task} on the engine's thread once {@code delay} has passed. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A monotonic time in nanoseconds, for measuring intervals only. */
  long nanoTime();

  /** Stops running tasks; queued and scheduled ones are dropped. */
  @Override
  void close();

  /** A scheduled task that can be called off. */
  interface Cancellable {
    Cancellable NONE = () -> { };

    void cancel();
  }

  /** One daemon thread named {@code signpost-health}, started when the first task arrives. */
  static HealthScheduler singleThread() {
    return new ExecutorHealthScheduler();
  }
}
