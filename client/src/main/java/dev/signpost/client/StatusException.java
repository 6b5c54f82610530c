package dev.signpost.client;

/**
 * Thrown by a {@link Call} to report a status it got by other means than a {@link java.net.http.HttpResponse}
 * (another HTTP library, or a protocol mapped to HTTP's codes): the client judges the attempt by the status as
 * it would a response with it, so a 503 is tried again and a 404 is not.
 */
public final class StatusException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  public StatusException(int status) {
    this(status, "status " + status);
  }

  public StatusException(int status, String message) {
    super(message);
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, got " + status);
    }
    this.status = status;
  }

  /** The status the call got. */
  public int status() {
    return status;
  }
}
