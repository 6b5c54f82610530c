package dev.signpost.core.health;

import dev.signpost.core.TimeSource;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link HealthScheduler} on one daemon thread; a task that throws is logged and does not stop the others. */
final class ExecutorHealthScheduler implements HealthScheduler {

  private static final System.Logger LOG = System.getLogger(HealthEngine.class.getName());

  private final TimeSource time;
  private final ScheduledThreadPoolExecutor executor;

  ExecutorHealthScheduler(TimeSource time) {
    this.time = Objects.requireNonNull(time, "time");
    executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "signpost-health");
      t.setDaemon(true);
      return t;
    });
    // Cancelled timers (a deregistered instance's next check) leave the queue at once.
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public void execute(Runnable task) {
    if (!executor.isShutdown()) {
      executor.execute(() -> guarded(task));
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    if (executor.isShutdown()) {
      return Cancellable.NONE;
    }
    var future = executor.schedule(() -> guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public TimeSource time() {
    return time;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "health engine task failed", e);
    }
  }
}
