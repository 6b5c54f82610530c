package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server on ephemeral loopback ports: a registration, a TTL check that fails and a deregistration are in
 * {@code GET /v1/signpost/events} as JSON and as an event stream, explain says since when the check is critical,
 * and the history is still there after a restart on the same data directory.
 */
class EventsEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dataDir;

  private static void changes(InetSocketAddress api) throws Exception {
    register(api, """
        {"ID": "web-3", "Name": "web", "Address": "10.0.0.3", "Port": 8080,
         "Check": {"CheckID": "service:web-3", "TTL": "60s"}}""");
    assertThat(http(api, "PUT", "/v1/agent/check/pass/service:web-3", "").statusCode()).isEqualTo(200);
    assertThat(http(api, "PUT", "/v1/agent/check/fail/service:web-3?note=HTTP%20503", "").statusCode())
        .isEqualTo(200);
  }

  @Test
  void whenWeb3LeftDnsAndWhyIsInTheHistoryAsJsonAndAsAStream() throws Exception {
    try (SignpostServer server = TestClients.startServer(dataDir)) {
      InetSocketAddress api = server.httpAddress();
      changes(api);

      JsonNode explained = JSON.readTree(http(api, "GET", "/v1/signpost/explain?name=web.service.local", "").body());
      JsonNode web3 = explained.get("Instances").get(0);
      assertThat(web3.get("Reason").asText()).matches("check 'service:web-3' critical since \\d{4}-\\d\\d-\\d\\dT"
          + "\\d\\d:\\d\\d:\\d\\dZ: HTTP 503");
      assertThat(web3.get("Checks").get(0).get("Since").asText()).endsWith("Z");
      assertThat(http(api, "PUT", "/v1/agent/service/deregister/web-3", "").statusCode()).isEqualTo(200);

      JsonNode events = JSON.readTree(http(api, "GET", "/v1/signpost/events?service=web&since=0", "").body());
      assertThat(events).extracting(e -> e.get("Type").asText())
          .containsExactly("registered", "health", "health", "deregistered");
      JsonNode left = events.get(2);
      assertThat(left.get("WasInDns").asBoolean()).isTrue();
      assertThat(left.get("InDns").asBoolean()).isFalse();
      assertThat(left.get("By").asText()).isEqualTo("check service:web-3");
      assertThat(events.get(0).get("By").asText()).isEqualTo("anonymous from 127.0.0.1");
      assertThat(left.get("Summary").asText()).isEqualTo("web-3 left DNS: check 'service:web-3' critical: HTTP 503");
      assertThat(left.get("Check").get("Output").asText()).isEqualTo("HTTP 503");

      HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://" + TestClients.hostPort(api) + "/v1/signpost/events?since=" + left.get("Index")))
          .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
      Iterator<String> lines = stream.body().iterator();
      List<String> deregistered = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> event(lines));
      assertThat(deregistered).startsWith("id: " + events.get(3).get("Index").asLong(), "event: deregistered");
      register(api, """
          {"ID": "web-5", "Name": "web", "Address": "10.0.0.5", "Port": 8080}""");
      List<String> live = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> event(lines));
      assertThat(live.get(1)).isEqualTo("event: registered");
      assertThat(JSON.readTree(live.get(2).substring("data: ".length())).get("Instance").asText()).isEqualTo("web-5");
      stream.body().close();
    }
  }

  @Test
  void theHistorySurvivesARestartOnTheSameDataDir() throws Exception {
    try (SignpostServer server = TestClients.startServer(dataDir)) {
      changes(server.httpAddress());
    }
    try (SignpostServer again = TestClients.startServer(dataDir)) {
      JsonNode events = JSON.readTree(http(again.httpAddress(), "GET", "/v1/signpost/events?instance=web-3", "")
          .body());
      assertThat(events).extracting(e -> e.get("Type").asText()).containsExactly("registered", "health", "health");
      assertThat(events.get(2).get("Summary").asText()).startsWith("web-3 left DNS");
    }
  }

  /** The next event's lines (comments skipped), up to the blank line that ends it. */
  private static List<String> event(Iterator<String> lines) {
    List<String> event = new ArrayList<>();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty() && !event.isEmpty()) {
        return event;
      }
      if (!line.isEmpty() && !line.startsWith(":")) {
        event.add(line);
      }
    }
    return event;
  }
}
