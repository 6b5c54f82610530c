package dev.signpost.core;

/**
 * Errors after which the process can no longer be trusted to serve: it must end, so that a supervisor
 * starts it again with its journal, rather than stay alive answering nothing.
 *
 * <p>Libraries that catch everything (Netty's pipeline, a stage's {@code exceptionally}) would otherwise
 * turn an {@link OutOfMemoryError} into a log line and carry on half-dead. Code that catches a
 * {@code Throwable} calls {@link #escalate} first; the escalated error goes to the thread's
 * uncaught-exception handler, which the launcher makes end the process (tests leave the JVM's default,
 * which only prints it).
 */
public final class FatalErrors {

  private FatalErrors() {}

  /**
   * True for an {@link OutOfMemoryError}, another {@link VirtualMachineError} but a stack overflow (one
   * deep request, not the process, is at fault there), or an {@link Unusable}, here or among the causes.
   */
  public static boolean isFatal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof Unusable || (t instanceof VirtualMachineError && !(t instanceof StackOverflowError))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Hands a fatal {@code failure} to this thread's uncaught-exception handler; does nothing for others. */
  public static void escalate(Throwable failure) {
    if (isFatal(failure)) {
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
    }
  }

  /** The process lost a part it cannot serve without, such as a listener's event loop thread. */
  public static final class Unusable extends Error {
    private static final long serialVersionUID = 1L;

    public Unusable(String message) {
      super(message);
    }
  }
}
