package dev.signpost.core.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Says in a few words why a probe failed; the JDK's exceptions often carry no message of their own. */
final class ProbeFailures {

  private ProbeFailures() {}

  static String describe(Throwable failure, Duration timeout) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof HttpConnectTimeoutException) {
      return "connect timed out after " + seconds(timeout);
    }
    if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
      return "timed out after " + seconds(timeout);
    }
    if (t instanceof ConnectException) {
      return orDefault(t, "connection refused");
    }
    if (t instanceof NoRouteToHostException) {
      return orDefault(t, "no route to host");
    }
    if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
      return "no such host" + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
    if (t instanceof SSLException) {
      return "TLS handshake failed: " + orDefault(t, t.getClass().getSimpleName());
    }
    if (t instanceof IOException && t.getMessage() != null) {
      return t.getMessage();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static String orDefault(Throwable t, String fallback) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? fallback : m.toLowerCase(java.util.Locale.ROOT);
  }

  /** A duration as a person writes it: {@code 6s}, {@code 300ms}. */
  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
