package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.core.passive.CallOutcome;
import java.time.Duration;
import java.util.Optional;

/**
 * One reported call to a {@link CallOutcome}. Without {@code Success}, the call's {@code Code} decides: 0 (no
 * answer: the connection failed or timed out), 408, 429 and every 5xx are the instance's failures; any other
 * status, a 4xx included, is a success, since a client error is the caller's fault, not the instance's.
 */
final class OutcomeMapper {

  /** The longest latency a report may carry: a day. */
  static final double MAX_LATENCY_MS = 86_400_000;

  private OutcomeMapper() {}

  /** @param at the entry's place in the array, for messages ({@code [3].Code ...}) */
  static CallOutcome toOutcome(OutcomeJson o, int at) {
    String where = "[" + at + "]";
    if (o == null) {
      throw ApiException.badRequest(where + ": expected an object with Success or Code, got null");
    }
    boolean success;
    if (o.success() != null) {
      success = o.success();
    } else if (o.code() != null) {
      success = !failureCode(o.code(), where);
    } else {
      throw ApiException.badRequest(where + ": Success or Code is missing");
    }
    if (o.code() != null) {
      failureCode(o.code(), where); // validated even when Success decides
    }
    Optional<Duration> latency = Optional.empty();
    if (o.latencyMs() != null) {
      double ms = o.latencyMs();
      if (!(ms >= 0 && ms <= MAX_LATENCY_MS)) {
        throw ApiException.badRequest(where + ".LatencyMs must be between 0 and " + (long) MAX_LATENCY_MS
            + " (a day), got " + o.latencyMs());
      }
      latency = Optional.of(Duration.ofNanos(Math.round(ms * 1_000_000)));
    }
    return new CallOutcome(success, latency);
  }

  /** Whether a call that ended with {@code code} failed because of the instance. */
  static boolean failureCode(int code, String where) {
    if (code != 0 && (code < 100 || code > 599)) {
      throw ApiException.badRequest(where + ".Code must be 0 (no answer) or an HTTP status from 100 to 599, got "
          + code);
    }
    return code == 0 || code == 408 || code == 429 || code >= 500;
  }
}
