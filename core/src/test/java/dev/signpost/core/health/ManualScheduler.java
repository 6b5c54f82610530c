package dev.signpost.core.health;

import dev.signpost.core.testing.ManualTime;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link HealthScheduler} on a {@link ManualTime} that moves only when a test calls {@link #advance}; tasks
 * run on the caller. Move the time through the scheduler, not the {@link ManualTime} alone, so that what falls
 * due on the way runs. Public, and shipped in core's test-jar, so the HTTP API's tests drive the health engine the same way.
 */
public final class ManualScheduler implements HealthScheduler {

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private final ManualTime time;
  private final long start;
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

  public ManualScheduler() {
    this(new ManualTime());
  }

  public ManualScheduler(ManualTime time) {
    this.time = time;
    this.start = time.nanoTime();
  }

  @Override
  public ManualTime time() {
    return time;
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
    Task task = new Task(time.nanoTime() + Math.max(0, delay.toNanos()), seq++, run);
    queue.add(task);
    return () -> task.cancelled = true;
  }

  /** Moves the clock forward, running every task that falls due on the way, in time order. */
  public void advance(Duration by) {
    long target;
    synchronized (this) {
      target = time.nanoTime() + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        if (queue.isEmpty() || queue.peek().due > target) {
          moveTo(target);
          return;
        }
        next = queue.poll();
        moveTo(next.due);
      }
      if (!next.cancelled) {
        next.run.run();
      }
    }
  }

  /** Moves the time to {@code nanos} unless it is already there or past (a task due before a direct move). */
  private void moveTo(long nanos) {
    time.advance(Duration.ofNanos(Math.max(0, nanos - time.nanoTime())));
  }

  /** Runs what is due now (queued events and results), without moving the clock. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  synchronized long pending() {
    return queue.stream().filter(t -> !t.cancelled).count();
  }

  /** The time since the scheduler was made. */
  Duration elapsed() {
    return Duration.ofNanos(time.nanoTime() - start);
  }

  @Override
  public synchronized void close() {
    closed = true;
    queue.clear();
  }
}
