package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FatalErrorExitTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<Integer> exits = new ArrayList<>();
  private final FatalErrorExit handler =
      new FatalErrorExit(new PrintStream(err, true, StandardCharsets.UTF_8), exits::add);

  @Test
  void outOfMemoryEndsTheProcessWithOneLineAndCode3() {
    handler.uncaughtException(new Thread("signpost-dns-1-2"), new OutOfMemoryError("Java heap space"));

    assertThat(exits).containsExactly(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
        "signpost: fatal: java.lang.OutOfMemoryError: Java heap space (in signpost-dns-1-2); exiting so that it can be"
            + " restarted" + System.lineSeparator());
  }

  @Test
  void anOrdinaryUncaughtFailureIsPrintedAndTheProcessGoesOn() {
    handler.uncaughtException(new Thread("worker"), new IllegalStateException("oops"));

    assertThat(exits).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("Exception in thread \"worker\" java.lang.IllegalStateException: oops");
  }

  @Test
  void withJsonLogsBothAreOneJsonObjectNamingTheThread() throws Exception {
    FatalErrorExit json = new FatalErrorExit(new PrintStream(err, true, StandardCharsets.UTF_8),
        new ProcessLog(LogOptions.Format.JSON), exits::add);

    json.uncaughtException(new Thread("worker"), new IllegalStateException("oops"));
    json.uncaughtException(new Thread("signpost-dns-1-2"), new OutOfMemoryError("Java heap space"));

    assertThat(exits).containsExactly(3);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(mapper.readTree(lines.get(0)).get("error").asText()).startsWith("java.lang.IllegalStateException: oops");
    assertThat(mapper.readTree(lines.get(0)).get("level").asText()).isEqualTo("ERROR");
    assertThat(mapper.readTree(lines.get(1)).get("message").asText())
        .startsWith("signpost: fatal: java.lang.OutOfMemoryError: Java heap space (in signpost-dns-1-2)");
  }
}
