package dev.signpost.dns.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code --log-format json}: each record as one JSON object on one line, {@code time} (ISO-8601, UTC,
 * milliseconds), {@code level} ({@code ERROR} ... {@code TRACE}), {@code logger}, {@code message}, {@code thread},
 * and {@code error} (the stack trace as one string) when the record carries a throwable. Jackson writes the
 * strings, so quotes and control characters are escaped; every character outside ASCII is escaped too
 * ({@code \u00e9}), so the line stays valid JSON whatever charset stderr has, and an unpaired surrogate in a
 * message cannot make it invalid UTF-8.
 *
 * <p>{@code thread} is the thread formatting the record: {@code java.util.logging} publishes on the thread that
 * logs. Thread-safe.
 */
final class JsonLogFormatter extends Formatter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  @Override
  public String format(LogRecord record) {
    return line(record.getInstant(), LogOptions.Severity.nameOf(record.getLevel()), record.getLoggerName(),
        Thread.currentThread().getName(), formatMessage(record), record.getThrown());
  }

  /** One record as a line, with its {@code \n}: also for what the launcher writes before or beside the log. */
  static String line(Instant time, String level, String logger, String thread, String message, Throwable error) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("time", TIME.format(time));
      json.writeStringField("level", level);
      json.writeStringField("logger", logger == null ? "" : logger);
      json.writeStringField("message", message == null ? "" : message);
      json.writeStringField("thread", thread);
      if (error != null) {
        json.writeStringField("error", stackTrace(error));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.append('\n').toString();
  }

  private static String stackTrace(Throwable error) {
    StringWriter trace = new StringWriter();
    try (PrintWriter writer = new PrintWriter(trace)) {
      error.printStackTrace(writer);
    }
    return trace.toString().stripTrailing();
  }
}
