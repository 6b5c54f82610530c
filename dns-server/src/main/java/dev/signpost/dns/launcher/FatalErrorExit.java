package dev.signpost.dns.launcher;

import dev.signpost.core.FatalErrors;
import java.io.PrintStream;
import java.util.function.IntConsumer;
import java.util.logging.Level;

/**
 * The process's last word on an error it cannot serve after ({@link FatalErrors}): one line on stderr and
 * exit code {@value #EXIT_FATAL}, at once (halt: no shutdown hook or lock can hold a wedged process up;
 * every acknowledged write is already on disk). A supervisor then starts it again with its journal.
 * Other uncaught failures are printed, as the JVM would, and the process goes on.
 *
 * <p>{@code -XX:+ExitOnOutOfMemoryError}, which README's run command carries, also covers an
 * {@link OutOfMemoryError} on threads whose failures no handler sees (an executor keeps them in a future).
 */
final class FatalErrorExit implements Thread.UncaughtExceptionHandler {

  static final int EXIT_FATAL = 3;

  private final PrintStream err;
  private final ProcessLog log;
  private final IntConsumer halt;

  FatalErrorExit(PrintStream err, IntConsumer halt) {
    this(err, new ProcessLog(LogOptions.Format.TEXT), halt);
  }

  /** @param log the format of the lines written, {@code --log-format}'s */
  FatalErrorExit(PrintStream err, ProcessLog log, IntConsumer halt) {
    this.err = err;
    this.log = log;
    this.halt = halt;
    // Loaded now: loading a class when the heap is full fails, and would fail this handler.
    FatalErrors.isFatal(new FatalErrors.Unusable("preload"));
  }

  @Override
  public void uncaughtException(Thread thread, Throwable failure) {
    boolean fatal = true;
    try {
      fatal = FatalErrors.isFatal(failure);
      if (fatal) {
        err.print(log.line(Level.SEVERE, "signpost: fatal: " + failure + " (in " + thread.getName()
            + "); exiting so that it can be restarted", null));
        err.flush();
      } else if (log.format() == LogOptions.Format.JSON) {
        err.print(log.line(Level.SEVERE, "uncaught failure in thread \"" + thread.getName() + "\"", failure));
        err.flush();
      } else {
        err.print("Exception in thread \"" + thread.getName() + "\" ");
        failure.printStackTrace(err);
      }
    } catch (Throwable alsoFailed) {
      // Out of memory even for the message: the exit code still says it.
    } finally {
      if (fatal) {
        halt.accept(EXIT_FATAL);
      }
    }
  }
}
