package dev.signpost.dns.launcher;

/** The command line is wrong; the message says which flag and why. */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
