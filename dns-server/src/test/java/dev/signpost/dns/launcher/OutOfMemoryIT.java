package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process out of memory ends, so a supervisor restarts it, instead of staying alive answering nothing.
 * Run without {@code -XX:+ExitOnOutOfMemoryError}, so that what is tested is Signpost's own handling, which
 * covers a start without README's flags.
 */
class OutOfMemoryIT {

  @Test
  void registeringPastTheHeapEndsTheProcessWithCode3(@TempDir Path dataDir) throws Exception {
    try (SignpostProcess signpost = SignpostProcess.start(List.of("-Xmx40m"), dataDir)) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      StringBuilder meta = new StringBuilder();
      for (int i = 0; i < 64; i++) {
        meta.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("v".repeat(500)).append('"');
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      // Each registration keeps about 33 KB of metadata: a 40 MB heap holds about a thousand.
      for (int n = 0; n < 20_000 && signpost.process.isAlive() && System.nanoTime() < deadline; n++) {
        String body = "{\"ID\":\"i" + n + "\",\"Name\":\"big\",\"Address\":\"10.0.0.1\",\"Port\":80,"
            + "\"Meta\":{" + meta + "}}";
        try {
          http.send(HttpRequest.newBuilder(URI.create("http://" + TestClients.hostPort(signpost.api)
              + "/v1/agent/service/register")).timeout(Duration.ofSeconds(5))
              .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
          Thread.sleep(200); // out of memory, or gone: keep asking until it is gone
        }
      }
      assertThat(signpost.process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
          .as("the process ended by itself").isTrue();
      assertThat(signpost.process.exitValue()).isEqualTo(FatalErrorExit.EXIT_FATAL);
    }
  }
}
