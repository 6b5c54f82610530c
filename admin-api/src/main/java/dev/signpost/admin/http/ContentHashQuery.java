package dev.signpost.admin.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Consul's hash-based blocking, for the agent's local endpoints ({@code /v1/agent/services},
 * {@code /v1/agent/service/{id}}): the reply carries {@value #HEADER}, a hash of its contents, and a request
 * with {@code ?hash=} that hash waits until the contents hash to something else or the wait ends. The
 * contents change only with the registry, so each registry change wakes it once: it reads again, answers if
 * the hash differs, and otherwise waits for the next change above the index it read. No thread is held, and
 * one timer per request ends the wait. One per request.
 */
public final class ContentHashQuery {

  /** The reply header that carries the hash; clients echo it as {@code ?hash=}. */
  public static final String HEADER = "X-Consul-ContentHash";

  /** One reading of the endpoint: the registry index read before it, and the reply. */
  record Read(long index, ApiResponse response) {}

  private final BlockingQuery blocking;
  private final String hash;
  /** The registry waiter of the current round, which the deadline completes. */
  private final AtomicReference<CompletableFuture<Long>> waiting = new AtomicReference<>();
  private volatile boolean expired;

  ContentHashQuery(BlockingQuery blocking, String hash) {
    this.blocking = blocking;
    this.hash = hash;
  }

  /** Reads until the hash differs from the request's or {@code maxWait} is over; the last reading is the answer. */
  CompletionStage<ApiResponse> run(Duration maxWait, ScheduledExecutorService scheduler,
      Supplier<CompletionStage<Read>> read) {
    ScheduledFuture<?> timer = scheduler.schedule(this::expire, maxWait.toNanos(), TimeUnit.NANOSECONDS);
    CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
    answer.whenComplete((r, e) -> {
      timer.cancel(false);
      expire(); // an answer given early (or a failure) lets the registry forget the round's waiter
    });
    round(scheduler, read, answer);
    return answer;
  }

  private void round(ScheduledExecutorService scheduler, Supplier<CompletionStage<Read>> read,
      CompletableFuture<ApiResponse> answer) {
    read.get().whenComplete((reading, error) -> {
      if (error != null) {
        answer.completeExceptionally(error);
        return;
      }
      if (expired || !hash.equals(reading.response().headers().get(HEADER))) {
        answer.complete(reading.response());
        return;
      }
      CompletableFuture<Long> next = blocking.awaitAbove(reading.index());
      waiting.set(next);
      if (expired) {
        next.complete(reading.index()); // the deadline passed while this round was being set up
      }
      next.whenCompleteAsync((at, e) -> round(scheduler, read, answer), scheduler);
    });
  }

  private void expire() {
    expired = true;
    CompletableFuture<Long> current = waiting.get();
    if (current != null) {
      current.complete(0L);
    }
  }
}
