package dev.signpost.cluster;

import io.grpc.Status;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends an etcd request again when the connection it went on was lost, until a deadline. jetcd retries a
 * request refused as UNAVAILABLE, but not one whose member died under it, nor one sent while that member's
 * connection was still closing: both fail at once as "UNKNOWN: channel closed", seen as a registration
 * refused 503 a moment after an etcd leader was killed, while two members were there to take it. Sending it
 * again reaches a live member. Only a request safe to repeat comes here: a transaction guarded by the
 * revisions it was decided on fails its guard if the first attempt was made after all, and an unguarded one
 * writes the same values again.
 */
final class LostConnectionRetry {

  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long MAX_PAUSE_MILLIS = 1000;

  private LostConnectionRetry() {}

  /**
   * @param call sends the request once
   * @param budget how long all attempts may take together; the last failure stands after that
   * @param nanos the clock the budget is measured on
   */
  static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call, Duration budget, LongSupplier nanos) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(call, nanos.getAsLong() + budget.toNanos(), nanos, FIRST_PAUSE_MILLIS, result);
    return result;
  }

  private static <T> void attempt(Supplier<CompletableFuture<T>> call, long deadline, LongSupplier nanos,
      long pauseMillis, CompletableFuture<T> result) {
    call.get().whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
      } else if (lostConnection(error)
          && deadline - nanos.getAsLong() > TimeUnit.MILLISECONDS.toNanos(pauseMillis)) {
        CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS).execute(() ->
            attempt(call, deadline, nanos, Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS), result));
      } else {
        result.completeExceptionally(error);
      }
    });
  }

  /** Whether a request failed because its connection went away, rather than being answered or timing out. */
  static boolean lostConnection(Throwable error) {
    Throwable cause = Reachability.cause(error);
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ClosedChannelException) {
        return true;
      }
    }
    Status status = Status.fromThrowable(cause);
    String description = status.getDescription() == null ? "" : status.getDescription();
    return status.getCode() == Status.Code.UNKNOWN && description.contains("channel closed");
  }
}
