package dev.signpost.admin.http;

import java.util.Map;

/** A request the API refuses, with the HTTP status and the one-line message the client gets. */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, String> headers;

  public ApiException(int status, String message) {
    this(status, message, Map.of());
  }

  public ApiException(int status, String message, Map<String, String> headers) {
    super(message, null, false, false); // an expected outcome: no stack trace to fill in
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
