package dev.signpost.admin.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Lets many long polls wait for the registry index while holding at most a few of the registry's own
 * waiters. The registry keeps a waiter until its next write even when the poll behind it has timed out,
 * so subscribing once per poll would pile up waiters on a quiet registry; here a timed-out poll just
 * leaves this set. Each waiter completes only once the index is above its own threshold, whatever
 * the registry's wake-up says.
 *
 * <p>Thread-safe. Waiters complete on the thread that advanced the registry (or that cancelled them).
 */
public final class IndexWatch {

  private final LongSupplier index;
  private final LongFunction<? extends CompletionStage<Long>> awaitAbove;
  private final Object lock = new Object();
  private final Set<Waiter> waiting = new HashSet<>();
  /** Thresholds of registry waiters that have not completed yet. */
  private final TreeSet<Long> subscribed = new TreeSet<>();

  /**
   * @param index the current registry index
   * @param awaitAbove the registry's wait: completes once the index is above the argument (or earlier)
   */
  public IndexWatch(LongSupplier index, LongFunction<? extends CompletionStage<Long>> awaitAbove) {
    this.index = index;
    this.awaitAbove = awaitAbove;
  }

  /** A waiter that completes with the index once it is above {@code threshold}. */
  public Waiter await(long threshold) {
    Waiter waiter = new Waiter(threshold);
    long now = index.getAsLong();
    if (now > threshold) {
      waiter.future.complete(now);
      return waiter;
    }
    boolean subscribe;
    synchronized (lock) {
      waiting.add(waiter);
      subscribe = subscribed.isEmpty() || threshold < subscribed.first();
      if (subscribe) {
        subscribed.add(threshold);
      }
    }
    if (subscribe) {
      subscribe(threshold);
    }
    return waiter;
  }

  /** Stops waiting (a timeout): forgets the waiter and completes it with the current index. */
  public void cancel(Waiter waiter) {
    synchronized (lock) {
      waiting.remove(waiter);
    }
    waiter.future.complete(index.getAsLong());
  }

  /** How many waiters are pending; for tests. */
  int pending() {
    synchronized (lock) {
      return waiting.size();
    }
  }

  private void subscribe(long threshold) {
    // Called without the lock: the registry may complete the stage at once, on this thread.
    awaitAbove.apply(threshold).whenComplete((at, error) -> advanced(threshold, at == null ? index.getAsLong() : at));
  }

  private void advanced(long threshold, long now) {
    List<Waiter> ready = new ArrayList<>();
    long next = 0;
    boolean resubscribe = false;
    synchronized (lock) {
      subscribed.remove(threshold);
      long lowest = Long.MAX_VALUE;
      for (var it = waiting.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.threshold < now) {
          ready.add(w);
          it.remove();
        } else {
          lowest = Math.min(lowest, w.threshold);
        }
      }
      if (lowest != Long.MAX_VALUE && (subscribed.isEmpty() || lowest < subscribed.first())) {
        subscribed.add(lowest);
        next = lowest;
        resubscribe = true;
      }
    }
    ready.forEach(w -> w.future.complete(now));
    if (resubscribe) {
      subscribe(next);
    }
  }

  /** One long poll's wait. */
  public static final class Waiter {
    private final long threshold;
    private final CompletableFuture<Long> future = new CompletableFuture<>();

    private Waiter(long threshold) {
      this.threshold = threshold;
    }

    /** Completes with the index when it passes the threshold, or when the wait is cancelled. */
    public CompletableFuture<Long> future() {
      return future;
    }
  }
}
