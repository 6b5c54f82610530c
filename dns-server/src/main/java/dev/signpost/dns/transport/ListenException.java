package dev.signpost.dns.transport;

/** A listener could not be opened; the message is one line naming the address and the reason. */
public final class ListenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ListenException(String message, Throwable cause) {
    super(message, cause);
  }
}
