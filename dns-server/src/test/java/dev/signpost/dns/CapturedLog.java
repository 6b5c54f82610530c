package dev.signpost.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What one class logs through {@code System.Logger}, which the JDK routes to java.util.logging: each record
 * as its level, its message and its exception's message. Kept off the console while open, so an expected
 * failure's stack trace does not look like a broken test.
 */
public final class CapturedLog implements AutoCloseable {

  /** Held here: java.util.logging keeps loggers only weakly, and a collected one would lose the handler. */
  private final Logger logger;
  private final boolean parents;
  private final List<String> lines = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      String thrown = record.getThrown() == null ? "" : " / " + record.getThrown().getMessage();
      synchronized (lines) {
        lines.add(record.getLevel() + " " + record.getMessage() + thrown);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  public CapturedLog(Class<?> source) {
    logger = Logger.getLogger(source.getName());
    parents = logger.getUseParentHandlers();
    logger.setUseParentHandlers(false);
    logger.addHandler(handler);
  }

  /** Each record so far: {@code "SEVERE query ... failed / boom"}. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(parents);
  }
}
