package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcessLogTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
  private final Logger root = Logger.getLogger("");
  private Handler[] saved;
  private Level savedLevel;

  @BeforeEach
  void keepTheTestJvmsLogging() {
    saved = root.getHandlers();
    savedLevel = root.getLevel();
  }

  @AfterEach
  void restoreIt() {
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    for (Handler h : saved) {
      root.addHandler(h);
    }
    root.setLevel(savedLevel);
  }

  private List<String> lines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonSendsSignpostsAndNettysRecordsAtTheLevelAsOneObjectEach() throws Exception {
    ProcessLog.install(new LogOptions(LogOptions.Format.JSON, LogOptions.Severity.DEBUG), stream);

    System.getLogger("dev.signpost.core.Registry").log(System.Logger.Level.DEBUG, "registered web-1");
    System.getLogger("io.netty.channel.DefaultChannelId").log(System.Logger.Level.DEBUG, "netty says\nso");
    System.getLogger("dev.signpost.core.Registry").log(System.Logger.Level.TRACE, "too fine");
    System.getLogger("io.netty.util.ResourceLeakDetector").log(System.Logger.Level.ERROR, "leak", new Error("x"));

    ObjectMapper json = new ObjectMapper();
    assertThat(lines()).hasSize(3);
    assertThat(json.readTree(lines().get(0)).get("message").asText()).isEqualTo("registered web-1");
    assertThat(json.readTree(lines().get(1)).get("logger").asText()).isEqualTo("io.netty.channel.DefaultChannelId");
    assertThat(json.readTree(lines().get(2)).get("level").asText()).isEqualTo("ERROR");
    assertThat(json.readTree(lines().get(2)).get("error").asText()).startsWith("java.lang.Error: x");
  }

  @Test
  void warnKeepsInfoOutForEveryLogger() {
    ProcessLog.install(new LogOptions(LogOptions.Format.TEXT, LogOptions.Severity.WARN), stream);

    System.getLogger("dev.signpost.core.Registry").log(System.Logger.Level.INFO, "registered web-1");
    System.getLogger("io.netty.bootstrap.ServerBootstrap").log(System.Logger.Level.INFO, "bound");
    System.getLogger("dev.signpost.core.Registry").log(System.Logger.Level.WARNING, "store failing");

    assertThat(lines()).singleElement().asString().contains("WARNING dev.signpost.core.Registry: store failing");
  }

  @Test
  void theLaunchersOwnLinesArePlainInTextAndObjectsInJson() throws Exception {
    assertThat(new ProcessLog(LogOptions.Format.TEXT).line(Level.SEVERE, "signpost: cannot listen", null))
        .isEqualTo("signpost: cannot listen" + System.lineSeparator());
    String json = new ProcessLog(LogOptions.Format.JSON).line(Level.INFO, "signpost 1: answering DNS", null);
    assertThat(new ObjectMapper().readTree(json).get("logger").asText()).isEqualTo(Main.class.getName());
    assertThat(new ObjectMapper().readTree(json).get("level").asText()).isEqualTo("INFO");
  }
}
