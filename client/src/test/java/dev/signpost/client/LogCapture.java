package dev.signpost.client;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records a client class logs (System.Logger goes to java.util.logging), for the test's duration. */
final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  private final List<LogRecord> records = new ArrayList<>();

  LogCapture(Class<?> source) {
    logger = Logger.getLogger(source.getName());
    logger.addHandler(this);
    setLevel(Level.ALL);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  /** Each record at {@code level} or above, its message formatted. */
  synchronized List<String> messages(Level level) {
    List<String> out = new ArrayList<>();
    for (LogRecord r : records) {
      if (r.getLevel().intValue() >= level.intValue()) {
        out.add(new java.util.logging.SimpleFormatter().formatMessage(r));
      }
    }
    return out;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
