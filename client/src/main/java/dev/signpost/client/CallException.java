package dev.signpost.client;

/**
 * A call that did not return: its last attempt threw (the cause; earlier attempts' failures are suppressed
 * exceptions), or there was no instance to try ({@link NoInstanceException}).
 */
public class CallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int attempts;

  public CallException(String message, Throwable cause, int attempts) {
    super(message, cause);
    this.attempts = attempts;
  }

  /** How many attempts were made: 0 when no instance was there to try. */
  public int attempts() {
    return attempts;
  }
}
