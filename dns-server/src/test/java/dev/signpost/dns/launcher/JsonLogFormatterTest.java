package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonLogFormatterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonLogFormatter formatter = new JsonLogFormatter();

  private static LogRecord record(Level level, String message) {
    LogRecord r = new LogRecord(level, message);
    r.setLoggerName("dev.signpost.test");
    r.setInstant(Instant.parse("2025-01-31T12:00:03.512345Z"));
    return r;
  }

  @Test
  void aRecordIsOneObjectWithTheUtcTimeLevelLoggerMessageAndThread() throws Exception {
    String line = formatter.format(record(Level.INFO, "registered web-1"));

    assertThat(line).endsWith("}\n").doesNotContain("\r").containsOnlyOnce("\n");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("time").asText()).isEqualTo("2025-01-31T12:00:03.512Z");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger").asText()).isEqualTo("dev.signpost.test");
    assertThat(json.get("message").asText()).isEqualTo("registered web-1");
    assertThat(json.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(json.has("error")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"quote \" and backslash \\", "new\nline and\r\ncarriage return",
      "tab\there, bell \u0007, nul \u0000",
      "café, 名前, emoji 😀", "lone surrogate \ud800 here", "</script> & 'single'"})
  void anyMessageStaysOneLineOfValidJsonAndReadsBackTheSame(String message) throws Exception {
    String line = formatter.format(record(Level.WARNING, message));

    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
    // Escaped outside ASCII: the line is the same bytes in any charset stderr has.
    assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n');
    byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
    assertThat(JSON.readTree(bytes).get("message").asText()).isEqualTo(message);
  }

  @Test
  void aThrowableIsItsStackTraceAsOneString() throws Exception {
    LogRecord r = record(Level.SEVERE, "cannot write");
    r.setThrown(new IllegalStateException("disk \"full\"", new java.io.IOException("No space left on device")));

    String line = formatter.format(r);

    assertThat(line).containsOnlyOnce("\n");
    String error = JSON.readTree(line).get("error").asText();
    assertThat(error).startsWith("java.lang.IllegalStateException: disk \"full\"\n\tat ")
        .contains("Caused by: java.io.IOException: No space left on device").doesNotEndWith("\n");
  }

  @Test
  void parametersAreFilledInAsTheJdksFormattersDo() throws Exception {
    LogRecord r = record(Level.INFO, "{0} instances at index {1}");
    r.setParameters(new Object[] {3, "17"});

    assertThat(JSON.readTree(formatter.format(r)).get("message").asText()).isEqualTo("3 instances at index 17");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"SEVERE, ERROR", "WARNING, WARN", "INFO, INFO", "CONFIG, DEBUG", "FINE, DEBUG", "FINER, TRACE",
      "FINEST, TRACE", "ALL, TRACE"})
  void julLevelsAreWrittenAsTheFiveLogLevels(String jul, String written) throws Exception {
    assertThat(JSON.readTree(formatter.format(record(Level.parse(jul), "x"))).get("level").asText())
        .isEqualTo(written);
  }
}
