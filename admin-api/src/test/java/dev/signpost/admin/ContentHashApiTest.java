package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code X-Consul-ContentHash} and {@code ?hash=} on the agent's service endpoints, as Consul's agent has them. */
class ContentHashApiTest {

  private static final String HASH = "X-Consul-ContentHash";

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void theHashFollowsTheContentsAndNothingElse() {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Address\": \"10.0.0.1\"}");
    String first = hash(api.get("/v1/agent/services"));

    // A policy moves the index, not the services.
    assertThat(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"random\"}").statusCode()).isEqualTo(200);
    assertThat(hash(api.get("/v1/agent/services"))).isEqualTo(first);
    api.register("{\"ID\": \"web-2\", \"Name\": \"web\", \"Address\": \"10.0.0.2\"}");
    assertThat(hash(api.get("/v1/agent/services"))).isNotEqualTo(first).matches("[0-9a-f]{16}");
    assertThat(hash(api.get("/v1/agent/service/web-1"))).matches("[0-9a-f]{16}");
  }

  @Test
  void aMatchingHashWaitsThroughChangesElsewhereUntilTheContentsChange() throws Exception {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Address\": \"10.0.0.1\"}");
    String hash = hash(api.get("/v1/agent/service/web-1"));

    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/agent/service/web-1?hash=" + hash + "&wait=30s");
    api.register("{\"ID\": \"web-2\", \"Name\": \"web\", \"Address\": \"10.0.0.2\"}");
    waitForRounds();
    assertThat(poll).isNotDone();
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Address\": \"10.0.0.9\"}");

    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);
    assertThat(api.json(response).get("Address").asText()).isEqualTo("10.0.0.9");
    assertThat(hash(response)).isNotEqualTo(hash);
  }

  @Test
  void aHashThatDiffersAnswersAtOnceAndTheWaitEndsWithTheSameContents() throws Exception {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\"}");
    String hash = hash(api.get("/v1/agent/services"));

    HttpResponse<String> stale = api.getAsync("/v1/agent/services?hash=0123456789abcdef&wait=5m")
        .get(10, TimeUnit.SECONDS);
    long started = System.nanoTime();
    HttpResponse<String> unchanged = api.getAsync("/v1/agent/services?hash=" + hash + "&wait=300ms&index=1")
        .get(10, TimeUnit.SECONDS);

    assertThat(hash(stale)).isEqualTo(hash);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(hash(unchanged)).isEqualTo(hash);
    assertThat(api.get("/v1/agent/services?hash=" + hash + "&wait=forever").statusCode()).isEqualTo(400);
  }

  @Test
  void aFilteredWatchWaitsThroughChangesItsFilterLeavesOut() throws Exception {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Address\": \"10.0.0.1\"}");
    String path = "/v1/agent/services?filter=Service%20%3D%3D%20web";
    String hash = hash(api.get(path));

    CompletableFuture<HttpResponse<String>> poll = api.getAsync(path + "&hash=" + hash + "&wait=30s");
    api.register("{\"ID\": \"db-1\", \"Name\": \"db\", \"Address\": \"10.0.0.2\"}");
    waitForRounds();
    assertThat(poll).isNotDone();
    api.register("{\"ID\": \"web-2\", \"Name\": \"web\", \"Address\": \"10.0.0.3\"}");

    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);
    assertThat(api.json(response).fieldNames()).toIterable().containsExactly("web-1", "web-2");
    assertThat(hash(response)).isNotEqualTo(hash);
  }

  /** Lets a woken poll read again and wait once more: a round trip through the same event loop. */
  private void waitForRounds() {
    for (int i = 0; i < 3; i++) {
      api.get("/v1/status/leader");
    }
  }

  private static String hash(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue(HASH).orElseThrow();
  }
}
