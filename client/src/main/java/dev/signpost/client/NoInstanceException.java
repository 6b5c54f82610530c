package dev.signpost.client;

/**
 * No instance to call: the service has none that passes, or the breakers of all it has are open, or nothing
 * was learned yet (no answer from the server, the cache file or DNS).
 */
public final class NoInstanceException extends CallException {

  private static final long serialVersionUID = 1L;

  public NoInstanceException(String message, int attempts) {
    super(message, null, attempts);
  }
}
