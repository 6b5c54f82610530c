package dev.signpost.dns.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The process's log, as {@code --log-format} and {@code --log-level} say: every {@code java.util.logging} record
 * (Signpost's {@code System.Logger}s, Netty's and etcd's client through slf4j) goes to one stream, and the lines
 * the launcher writes itself (the start-up line, a failed start, a fatal error) take the same format, so that with
 * {@code json} every line is one JSON object. Installed once, by {@link Main}, before anything logs.
 */
final class ProcessLog {

  /** The logger named in the launcher's own lines. */
  static final String LAUNCHER = Main.class.getName();
  /**
   * {@code --log-format text}: {@link SimpleFormatter}'s arguments (1 the time, 3 the logger, 4 the level, 5 the
   * message, 6 the stack trace) on one line, then the stack trace, if any.
   */
  static final String TEXT_FORMAT = "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

  private final LogOptions.Format format;

  ProcessLog(LogOptions.Format format) {
    this.format = format;
  }

  /**
   * Sends every logger's records at {@code options.level()} or above to {@code err}, one line each, in place of the
   * JDK's console handler. Loggers given a level of their own (a library's noisy one) keep it.
   */
  static ProcessLog install(LogOptions options, PrintStream err) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Handler handler = new LineHandler(err, options.format() == LogOptions.Format.JSON ? new JsonLogFormatter()
        : new TextFormatter());
    handler.setLevel(options.level().jul());
    root.addHandler(handler);
    root.setLevel(options.level().jul());
    return new ProcessLog(options.format());
  }

  LogOptions.Format format() {
    return format;
  }

  /**
   * One line the launcher writes itself, with its {@code \n}: {@code message} as it is in text (then the stack
   * trace, if {@code error}), or a JSON object ({@link JsonLogFormatter#line}) of level {@code level}.
   */
  String line(Level level, String message, Throwable error) {
    if (format == LogOptions.Format.JSON) {
      return JsonLogFormatter.line(Instant.now(), LogOptions.Severity.nameOf(level), LAUNCHER,
          Thread.currentThread().getName(), message, error);
    }
    if (error == null) {
      return message + System.lineSeparator();
    }
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace, true));
    return message + System.lineSeparator() + trace;
  }

  /** {@link #TEXT_FORMAT}, whatever the JDK's {@code SimpleFormatter.format} property says. */
  private static final class TextFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
      String thrown = "";
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        PrintWriter writer = new PrintWriter(trace);
        writer.println();
        record.getThrown().printStackTrace(writer);
        writer.close();
        thrown = trace.toString();
      }
      return String.format(TEXT_FORMAT, ZonedDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault()), "",
          record.getLoggerName(), record.getLevel().getLocalizedName(), formatMessage(record), thrown);
    }
  }

  /** Writes each record whole and flushes it, so that lines from two threads never interleave. */
  private static final class LineHandler extends Handler {
    private final PrintStream out;

    LineHandler(PrintStream out, Formatter formatter) {
      this.out = out;
      setFormatter(formatter);
    }

    @Override
    public void publish(LogRecord record) {
      if (!isLoggable(record)) {
        return;
      }
      String line;
      try {
        line = getFormatter().format(record);
      } catch (RuntimeException e) {
        reportError(null, e, ErrorManager.FORMAT_FAILURE);
        return;
      }
      synchronized (this) {
        out.print(line);
        out.flush();
      }
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}
