package dev.signpost.core.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * A store cannot do what was asked (its files cannot be read or written, say); the message says why. A
 * write refused because the store is failing says whether the disk is full and when to try again, so a
 * client can be told (507 or 503 with {@code Retry-After}).
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a write was refused. */
  public enum Kind {
    /** The volume has no space left: writes come back once space is freed. */
    NO_SPACE,
    /** The store is failing for another reason (an I/O error) and retries by itself. */
    UNAVAILABLE,
    /**
     * A shared store did not commit the change: the key changed since the registry decided it (another node
     * wrote it). Nothing was changed; the registry decides again on what it sees now.
     */
    CONFLICT,
    /**
     * A shared store did not confirm the change in time (its answer was lost, or it is slow): the change may
     * still be made. A client that retries an idempotent write (a registration) is safe.
     */
    UNCONFIRMED,
    /** Anything else: the store is closed, its files cannot be read, a change cannot be encoded. */
    OTHER
  }

  private final Kind kind;
  private final transient Duration retryAfter;

  public StoreException(String message) {
    this(message, null);
  }

  public StoreException(String message, Throwable cause) {
    this(message, cause, Kind.OTHER, null);
  }

  public StoreException(String message, Throwable cause, Kind kind, Duration retryAfter) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** When a retry may succeed: the store's next attempt to recover; empty when it will not by itself. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** This failure told again with a new retry time (the store re-announces its failure to every write). */
  StoreException retryingIn(Duration next) {
    return new StoreException(getMessage(), getCause(), kind, next);
  }
}
