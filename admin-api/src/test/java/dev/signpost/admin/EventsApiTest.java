package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;
import dev.signpost.core.events.EventHistory;
import dev.signpost.core.testing.ManualTime;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /v1/signpost/events}: the JSON form's filters and headers, ACL filtering, and the event stream's
 * framing, replay, resumption from {@code Last-Event-ID}, live entries and stream limit.
 */
class EventsApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEB = "{\"ID\":\"web-3\",\"Name\":\"web\",\"Address\":\"10.0.0.3\",\"Port\":8080}";
  private static final String API = "{\"ID\":\"api-1\",\"Name\":\"api\",\"Address\":\"10.0.0.4\",\"Port\":80}";

  private final ManualTime time = new ManualTime();
  private final EventHistory history = EventHistory.inMemory(100, HealthFilter.DEFAULT, time);

  private ServerOperations operations(int maxStreams) {
    EventStreams streams = new EventStreams(history, maxStreams, 1 << 20, Duration.ofSeconds(15));
    return new ServerOperations() {
      @Override
      public String scrapeMetrics() {
        return "";
      }

      @Override
      public CompletionStage<String> reloadZones() {
        return CompletableFuture.completedFuture("");
      }

      @Override
      public Optional<EventStreams> events() {
        return Optional.of(streams);
      }
    };
  }

  private ServiceDiscovery discovery() {
    ServiceDiscovery discovery = ApiFixture.silentProbes(time).build();
    discovery.addListener(history);
    return discovery;
  }

  @Test
  void theHistoryIsAJsonArrayFilteredByServiceInstanceSinceAndLimit() throws Exception {
    try (ApiFixture api = new ApiFixture(discovery(), operations(4), AclConfig.DISABLED)) {
      api.register(WEB);
      api.register(API);
      api.putOk("/v1/agent/service/deregister/web-3", "");

      HttpResponse<String> response = api.get("/v1/signpost/events?service=WEB&since=0");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Signpost-Oldest-Index")).contains("1");
      assertThat(response.headers().firstValue("X-Consul-Index")).contains("3");
      JsonNode body = JSON.readTree(response.body());
      assertThat(body).hasSize(2);
      JsonNode registered = body.get(0);
      assertThat(ApiFixture.fieldNames(registered)).containsExactly("Index", "Time", "Type", "Service", "Instance",
          "Node", "By", "Status", "PreviousStatus", "InDns", "WasInDns", "Summary", "Check");
      assertThat(registered.get("Type").asText()).isEqualTo("registered");
      assertThat(registered.get("By").asText()).isEqualTo("anonymous from 127.0.0.1");
      assertThat(registered.get("Time").asText()).isEqualTo(ManualTime.START.toString());
      assertThat(registered.get("InDns").asBoolean()).isTrue();
      assertThat(registered.get("Check").isNull()).isTrue();
      assertThat(body.get(1).get("Type").asText()).isEqualTo("deregistered");
      assertThat(body.get(1).get("WasInDns").asBoolean()).isTrue();

      assertThat(JSON.readTree(api.get("/v1/signpost/events?since=1").body())).extracting(n -> n.get("Index").asLong())
          .containsExactly(2L, 3L);
      assertThat(JSON.readTree(api.get("/v1/signpost/events?limit=1").body())).hasSize(1);
      assertThat(JSON.readTree(api.get("/v1/signpost/events?instance=api-1").body()).get(0).get("Index").asLong())
          .isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "?since=-1     | since must be a whole number from 0 to",
      "?since=abc    | since must be a whole number from 0 to",
      "?limit=0      | limit must be a whole number from 1 to 10000",
      "?limit=10001  | limit must be a whole number from 1 to 10000"})
  void invalidParametersAre400sNamingTheField(String query, String message) {
    try (ApiFixture api = new ApiFixture(discovery(), operations(4), AclConfig.DISABLED)) {
      HttpResponse<String> response = api.get("/v1/signpost/events" + query);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).startsWith(message);
    }
  }

  @Test
  void withoutAHistoryTheEndpointIs404() {
    try (ApiFixture api = new ApiFixture(discovery(), ServerOperations.NONE, AclConfig.DISABLED)) {
      assertThat(api.get("/v1/signpost/events").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void entriesAreThoseTheTokenMayReadAndTheByNamesItsAccessor() throws Exception {
    ServiceDiscovery discovery = discovery();
    try (ApiFixture api = new ApiFixture(discovery, operations(4), AclConfig.denyByDefault())) {
      Token writer = token(discovery, "service_prefix \"\" { policy = \"write\" }");
      Token webReader = token(discovery, "service \"web\" { policy = \"read\" }");
      assertThat(api.put("/v1/agent/service/register?token=" + writer.secret, WEB).statusCode()).isEqualTo(200);
      assertThat(api.put("/v1/agent/service/register?token=" + writer.secret, API).statusCode()).isEqualTo(200);

      JsonNode seen = JSON.readTree(api.get("/v1/signpost/events?token=" + webReader.secret).body());
      assertThat(seen).extracting(n -> n.get("Instance").asText()).containsExactly("web-3");
      assertThat(seen.get(0).get("By").asText()).isEqualTo("token " + writer.accessor + " from 127.0.0.1");
      assertThat(JSON.readTree(api.get("/v1/signpost/events").body())).isEmpty();
    }
  }

  @Test
  void aStreamReplaysAfterLastEventIdThenSendsLiveEntriesAsServerSentEvents() throws Exception {
    try (ApiFixture api = new ApiFixture(discovery(), operations(4), AclConfig.DISABLED)) {
      api.register(WEB);
      api.register(API);
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(api.uri("/v1/signpost/events?since=0"))
          .header("Accept", "text/event-stream").header("Last-Event-ID", "1").build(),
          HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
      Iterator<String> lines = response.body().iterator();

      List<String> replayed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> event(lines));
      assertThat(replayed.get(0)).isEqualTo("id: 2");
      assertThat(replayed.get(1)).isEqualTo("event: registered");
      JsonNode data = JSON.readTree(replayed.get(2).substring("data: ".length()));
      assertThat(data.get("Instance").asText()).isEqualTo("api-1");

      api.putOk("/v1/agent/service/deregister/web-3", "");
      List<String> live = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> event(lines));
      assertThat(live).startsWith("id: 3", "event: deregistered");
      response.body().close();
    }
  }

  @Test
  void streamsBeyondTheLimitAre503() throws Exception {
    try (ApiFixture api = new ApiFixture(discovery(), operations(1), AclConfig.DISABLED)) {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest stream = HttpRequest.newBuilder(api.uri("/v1/signpost/events"))
          .header("Accept", "text/event-stream").build();
      HttpResponse<Stream<String>> first = client.send(stream, HttpResponse.BodyHandlers.ofLines());
      assertThat(first.statusCode()).isEqualTo(200);

      HttpResponse<String> second = client.send(stream, HttpResponse.BodyHandlers.ofString());
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.body()).contains("--event-streams-max");
      first.body().close();
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

  private record Token(String accessor, String secret) {}

  private static Token token(ServiceDiscovery discovery, String rules) {
    String policyId = UUID.randomUUID().toString();
    discovery.acl().putPolicy(new AclPolicy(policyId, "p-" + policyId.substring(0, 8), "", rules, 0, 0))
        .toCompletableFuture().join();
    String secret = UUID.randomUUID().toString();
    String accessor = UUID.randomUUID().toString();
    discovery.acl().putToken(new AclToken(accessor, AclToken.hash(secret), "", List.of(policyId), false,
        Instant.now(), 0, 0)).toCompletableFuture().join();
    return new Token(accessor, secret);
  }
}
