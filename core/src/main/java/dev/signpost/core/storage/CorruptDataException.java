package dev.signpost.core.storage;

/**
 * Stored bytes that do not decode to a valid change or snapshot. Checked, so every reader decides what
 * corruption means where it is: a journal tail is cut, a snapshot stops the start.
 */
final class CorruptDataException extends Exception {

  private static final long serialVersionUID = 1L;

  CorruptDataException(String message) {
    super(message);
  }

  CorruptDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
