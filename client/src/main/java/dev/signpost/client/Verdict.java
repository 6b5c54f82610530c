package dev.signpost.client;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * How one attempt went for its instance, by {@link Call}'s contract: whether it counts as a success (for the
 * breaker, the latency order and the report), whether another attempt may follow, and the status when there
 * was one.
 *
 * @param success whether the instance did its job
 * @param transientFailure a failure worth another attempt on another instance
 * @param status the HTTP status, or 0 when the attempt got none
 */
record Verdict(boolean success, boolean transientFailure, int status) {

  static final Verdict OK = new Verdict(true, false, 0);
  static final Verdict TRANSIENT = new Verdict(false, true, 0);
  static final Verdict FAILED = new Verdict(false, false, 0);

  /** An attempt that returned {@code result}. */
  static Verdict ofResult(Object result) {
    return result instanceof HttpResponse<?> response ? ofStatus(response.statusCode()) : OK;
  }

  /** An attempt that got {@code status}. */
  static Verdict ofStatus(int status) {
    return switch (status) {
      case 408, 429, 502, 503, 504 -> new Verdict(false, true, status);
      default -> new Verdict(status < 500, false, status);
    };
  }

  /** An attempt that threw {@code error}, looked at through the wrappers executors and futures add. */
  static Verdict ofError(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusException s) {
        return ofStatus(s.status());
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException
          || t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
          || t instanceof TimeoutException) {
        return TRANSIENT;
      }
    }
    return FAILED;
  }
}
