package dev.signpost.core.storage;

/** A store cannot do what was asked (its files cannot be read or written, say); the message says why. */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
