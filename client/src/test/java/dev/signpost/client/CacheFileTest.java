package dev.signpost.client;

import static dev.signpost.client.FakeSignpost.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache file: written after the server's answers, read at start while the server cannot be reached. */
class CacheFileTest {

  @TempDir
  Path dir;

  private static SignpostClient.Builder unreachable() {
    return SignpostClient.builder("web").server("http://127.0.0.1:" + FreePorts.closed()).reportOutcomes(false)
        .sleeper(new RecordingSleeper()).watchBackoff(Duration.ofMillis(5), Duration.ofMillis(10))
        .startupWait(Duration.ZERO);
  }

  @Test
  void aRestartedClientStartsWithTheListTheServerLastGave() throws Exception {
    Path file = dir.resolve("cache/web.json");
    List<ServiceInstance> seen;
    try (FakeSignpost signpost = new FakeSignpost()) {
      signpost.set(7, entry("a", "10.0.0.1", 8001, "z1", Map.of("version", "2")), entry("b", 8002));
      try (SignpostClient first = SignpostClient.builder("web").server(signpost.url()).reportOutcomes(false)
          .cacheFile(file).build()) {
        await().atMost(5, TimeUnit.SECONDS).until(() -> Files.exists(file) && first.instances().size() == 2);
        seen = first.instances();
      }
    }

    try (SignpostClient restarted = unreachable().cacheFile(file).build()) {
      assertThat(restarted.source()).isEqualTo(Source.CACHE);
      assertThat(restarted.instances()).isEqualTo(seen);
      assertThat(restarted.pick().id()).isIn("a", "b");
    }
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).as("no temporary file is left behind").containsExactly(file);
    }
  }

  @Test
  void theServersAnswerReplacesTheCachedList() throws Exception {
    Path file = dir.resolve("web.json");
    new CacheFile(file, new ObjectMapper(), "web").write(List.of(
        new ServiceInstance("old", "web", "10.0.0.9", 80, List.of(), Map.of(), "", 1, true)));
    try (FakeSignpost signpost = new FakeSignpost()) {
      signpost.set(3, entry("new", 8001));
      try (SignpostClient client = SignpostClient.builder("web").server(signpost.url()).reportOutcomes(false)
          .cacheFile(file).build()) {
        await().atMost(5, TimeUnit.SECONDS).until(() -> client.source() == Source.SERVER);

        assertThat(client.instances()).extracting(ServiceInstance::id).containsExactly("new");
        await().atMost(5, TimeUnit.SECONDS).until(() -> Files.readString(file).contains("\"new\""));
      }
    }
  }

  @Test
  void aCorruptCacheFileIsIgnoredWithAWarning() throws Exception {
    Path file = dir.resolve("web.json");
    Files.writeString(file, "{\"Service\": \"web\", \"Instances\": [{\"ID\": ");

    try (LogCapture log = new LogCapture(CacheFile.class);
        SignpostClient client = unreachable().cacheFile(file).build()) {
      assertThat(client.source()).isEqualTo(Source.NONE);
      assertThat(client.instances()).isEmpty();
      assertThat(log.messages(Level.WARNING)).singleElement().asString()
          .contains(file.toString()).contains("is corrupt").contains("ignoring it");
    }
  }

  @Test
  void anotherServicesCacheFileIsIgnoredWithAWarning() throws Exception {
    Path file = dir.resolve("web.json");
    new CacheFile(file, new ObjectMapper(), "api").write(List.of(
        new ServiceInstance("api-1", "api", "10.0.0.9", 80, List.of(), Map.of(), "", 1, true)));

    try (LogCapture log = new LogCapture(CacheFile.class);
        SignpostClient client = unreachable().cacheFile(file).build()) {
      assertThat(client.instances()).isEmpty();
      assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("holds no list of service web");
    }
  }

  @Test
  void aMissingCacheFileIsNoProblem() throws Exception {
    try (LogCapture log = new LogCapture(CacheFile.class);
        SignpostClient client = unreachable().cacheFile(dir.resolve("none.json")).build()) {
      assertThat(client.source()).isEqualTo(Source.NONE);
      assertThat(log.messages(Level.WARNING)).isEmpty();
    }
  }
}
