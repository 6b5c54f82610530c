package dev.signpost.admin.http;

import dev.signpost.admin.json.GoDuration;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Consul's blocking queries: {@code ?index=N&wait=30s} holds the reply until the registry index passes N
 * or the wait ends, whichever is first, and then answers with the data as it is. Waiting takes no
 * thread: a waiter on the registry index plus a timer on the connection's event loop.
 */
public final class BlockingQuery {

  static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
  static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private final LongSupplier index;
  private final LongFunction<CompletableFuture<Long>> awaitAbove;

  /**
   * @param index the current registry index
   * @param awaitAbove completes once the index is above its argument; completing it early abandons it
   */
  public BlockingQuery(LongSupplier index, LongFunction<CompletableFuture<Long>> awaitAbove) {
    this.index = index;
    this.awaitAbove = awaitAbove;
  }

  /** A request's {@code index} and {@code wait}, validated. {@code index} 0 (or absent) never blocks. */
  public record Params(long index, Duration maxWait) {

    public static Params of(ApiRequest request) {
      long index = request.queryParam("index").map(Params::parseIndex).orElse(0L);
      return new Params(index, maxWait(request));
    }

    /** The request's {@code ?wait=}, validated and capped; the default when absent. */
    public static Duration maxWait(ApiRequest request) {
      return request.queryParam("wait").map(Params::parseWait).orElse(DEFAULT_WAIT);
    }

    public boolean blocks() {
      return index > 0;
    }

    private static long parseIndex(String text) {
      try {
        long index = Long.parseLong(text);
        if (index >= 0) {
          return index;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw ApiException.badRequest("index must be a non-negative integer, got \"" + text + "\"");
    }

    private static Duration parseWait(String text) {
      Duration wait;
      try {
        wait = GoDuration.parse(text);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("wait: " + e.getMessage());
      }
      if (wait.isNegative()) {
        throw ApiException.badRequest("wait must not be negative, got \"" + text + "\"");
      }
      // As Consul: no wait means the default, and nobody waits longer than the cap.
      if (wait.isZero()) {
        return DEFAULT_WAIT;
      }
      return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
  }

  /** Completes once the index is above {@code afterIndex}; completing it early abandons it. */
  CompletableFuture<Long> awaitAbove(long afterIndex) {
    return awaitAbove.apply(afterIndex);
  }

  /**
   * Completes, on {@code scheduler}, once the index is above {@code params.index()} or the wait is over.
   * Never completes exceptionally because of the wait itself.
   */
  public CompletionStage<Void> await(Params params, ScheduledExecutorService scheduler) {
    // Replies never say index 0 (Consul's rule: 0 means "don't block"), so a fresh registry at 0 reports
    // 1. A client echoing that 1, or an index from before a wiped data dir, must still wake on the next
    // change: wait for the index to pass whichever is lower, the client's or the real one.
    CompletableFuture<Long> changed = awaitAbove.apply(Math.min(params.index(), index.getAsLong()));
    if (changed.isDone()) {
      return CompletableFuture.completedFuture(null);
    }
    // Completing the waiter at the deadline answers the poll and lets the registry forget the waiter.
    ScheduledFuture<?> timeout = scheduler.schedule(() -> changed.complete(index.getAsLong()),
        params.maxWait().toNanos(), TimeUnit.NANOSECONDS);
    return changed.handleAsync((at, error) -> {
      timeout.cancel(false);
      return null;
    }, scheduler);
  }
}
