package dev.signpost.core.health;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link HealthScheduler} whose clock moves only when a test calls {@link #advance}; tasks run on the caller.
 * Public, and shipped in core's test-jar, so the HTTP API's tests drive the health engine the same way.
 */
public final class ManualScheduler implements HealthScheduler {

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  private boolean closed;

  private static final class Task {
    final long due;
    final long seq;
    final Runnable run;
    boolean cancelled;

    Task(long due, long seq, Runnable run) {
      this.due = due;
      this.seq = seq;
      this.run = run;
    }
  }

  @Override
  public synchronized void execute(Runnable task) {
    schedule(Duration.ZERO, task);
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable run) {
    if (closed) {
      return Cancellable.NONE;
    }
    Task task = new Task(now + Math.max(0, delay.toNanos()), seq++, run);
    queue.add(task);
    return () -> task.cancelled = true;
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** Moves the clock forward, running every task that falls due on the way, in time order. */
  public void advance(Duration by) {
    long target;
    synchronized (this) {
      target = now + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        if (queue.isEmpty() || queue.peek().due > target) {
          now = target;
          return;
        }
        next = queue.poll();
        now = Math.max(now, next.due);
      }
      if (!next.cancelled) {
        next.run.run();
      }
    }
  }

  /** Runs what is due now (queued events and results), without moving the clock. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  synchronized long pending() {
    return queue.stream().filter(t -> !t.cancelled).count();
  }

  Duration elapsed() {
    return Duration.ofNanos(nanoTime());
  }

  @Override
  public synchronized void close() {
    closed = true;
    queue.clear();
  }
}
