package dev.signpost.admin.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits each connection's pipeline enforces, as {@code AdminConfig} validated them: the largest
 * request body, how long a connection may sit without a request, how long a request may take to arrive,
 * and how many connections may be open at once.
 */
public record HttpBounds(int maxBodyBytes, Duration idleTimeout, Duration requestTimeout, int maxConnections) {

  public HttpBounds {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
  }
}
