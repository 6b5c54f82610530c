package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format json} on the packaged jar: every line it writes on stderr, Netty's debug records and a
 * failing check's warning included, is one JSON object a log collector can parse, and the start-up line too.
 */
class LogFormatIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LEVELS = Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

  @TempDir
  Path dir;

  @Test
  void withJsonLogsEveryStderrLineIsOneJsonObjectWhileAServiceRegistersAndItsCheckFails() throws Exception {
    ServerSocket checked = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<String> lines;
    try (checked; SignpostProcess p = SignpostProcess.start(dir.resolve("data"), "--log-format", "json", "--log-level",
        "debug")) {
      JsonNode start = JSON.readTree(p.startLine);
      assertThat(start.get("level").asText()).isEqualTo("INFO");
      assertThat(start.get("message").asText()).contains("answering DNS").contains("store: embedded journal in");

      TestClients.register(p.api, """
          {"ID": "web-1", "Name": "web", "Address": "10.0.0.1", "Port": 80,
           "Check": {"CheckID": "web-1-tcp", "TCP": "127.0.0.1:%d", "Interval": "200ms", "Timeout": "1s"}}"""
          .formatted(checked.getLocalPort()));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> p.stderrSoFar().contains("check web-1-tcp of web-1 is now passing"));
      checked.close();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> p.stderrSoFar().contains("check web-1-tcp of web-1 is now critical"));
      p.process.destroy(); // SIGTERM: a clean stop, which logs too
      assertThat(p.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.process.exitValue()).isZero();
      lines = p.stderr().lines().toList();
    }

    assertThat(lines).isNotEmpty();
    boolean sawNetty = false;
    boolean sawWarning = false;
    for (String line : lines) {
      JsonNode record = JSON.readTree(line);
      assertThat(record.isObject()).as(line).isTrue();
      assertThat(Instant.parse(record.get("time").asText())).as(line).isNotNull();
      assertThat(record.get("time").asText()).as(line).endsWith("Z");
      assertThat(LEVELS).as(line).contains(record.get("level").asText());
      assertThat(record.get("logger").asText()).as(line).isNotEmpty();
      assertThat(record.get("thread").asText()).as(line).isNotEmpty();
      assertThat(record.has("message")).as(line).isTrue();
      sawNetty |= record.get("logger").asText().startsWith("io.netty.") && record.get("level").asText().equals("DEBUG");
      sawWarning |= record.get("level").asText().equals("WARN")
          && record.get("message").asText().startsWith("check web-1-tcp of web-1 is now critical");
    }
    assertThat(sawNetty).as("Netty's debug records, at --log-level debug").isTrue();
    assertThat(sawWarning).as("the failing check's warning").isTrue();
  }

  @Test
  void withJsonLogsAFailedStartIsOneJsonObjectAndExitsWithTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SignpostProcess p = SignpostProcess.launch(java.util.Map.of(), List.of("-Xmx256m"), "--log-format=json",
            "--dns-port", "0", "--http-port", Integer.toString(taken.getLocalPort()), "--data-dir",
            dir.resolve("data").toString())) {
      assertThat(p.awaitExit()).isEqualTo(2);
      List<String> lines = p.stderr().lines().toList();
      assertThat(lines).isNotEmpty();
      for (String line : lines) {
        assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
      }
      assertThat(JSON.readTree(lines.get(lines.size() - 1)).get("message").asText())
          .startsWith("signpost: cannot listen for HTTP on 127.0.0.1:" + taken.getLocalPort());
      assertThat(JSON.readTree(lines.get(lines.size() - 1)).get("level").asText()).isEqualTo("ERROR");
    }
  }

  @Test
  void anUnknownLogLevelIsAUsageErrorNamingTheFlag() throws Exception {
    SignpostProcess.assertFailsWith(SignpostProcess.launch(java.util.Map.of(), List.of(), "--log-level", "loud"),
        "--log-level must be error, warn, info, debug or trace, got 'loud'");
  }
}
