package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockingQueryApiTest {

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void blockingHealthQueryReturnsWhenARegistrationHappens() throws Exception {
    api.register("{\"ID\": \"w1\", \"Name\": \"web\"}");
    long index = ApiFixture.consulIndex(api.get("/v1/health/service/web"));

    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/health/service/web?index=" + index + "&wait=30s");
    api.register("{\"ID\": \"w2\", \"Name\": \"web\"}");
    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);

    assertThat(ApiFixture.consulIndex(response)).isGreaterThan(index);
    assertThat(api.json(response)).hasSize(2);
  }

  @Test
  void blockingCatalogQueryReturnsWhenADeregistrationHappens() throws Exception {
    api.register("{\"ID\": \"w1\", \"Name\": \"web\"}");
    long index = ApiFixture.consulIndex(api.get("/v1/catalog/services"));

    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/catalog/services?index=" + index);
    assertThat(api.put("/v1/agent/service/deregister/w1", "").statusCode()).isEqualTo(200);
    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);

    assertThat(ApiFixture.consulIndex(response)).isGreaterThan(index);
    assertThat(response.body()).isEqualTo("{}");
  }

  @Test
  void blockingQueryAnswersWithUnchangedDataWhenTheWaitEnds() throws Exception {
    api.register("{\"Name\": \"web\"}");
    long index = api.discovery.index();
    long started = System.nanoTime();

    HttpResponse<String> response =
        api.getAsync("/v1/catalog/service/web?index=" + index + "&wait=300ms").get(10, TimeUnit.SECONDS);

    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(ApiFixture.consulIndex(response)).isEqualTo(index);
    assertThat(api.json(response)).hasSize(1);
  }

  @Test
  void anIndexBehindTheRegistryAnswersAtOnce() throws Exception {
    api.register("{\"ID\": \"a\", \"Name\": \"web\"}");
    api.register("{\"ID\": \"b\", \"Name\": \"web\"}");

    HttpResponse<String> response =
        api.getAsync("/v1/health/service/web?index=1&wait=10m").get(10, TimeUnit.SECONDS);

    assertThat(ApiFixture.consulIndex(response)).isEqualTo(api.discovery.index());
    assertThat(api.json(response)).hasSize(2);
  }

  @Test
  void indexHeaderIsNeverZero() {
    HttpResponse<String> response = api.get("/v1/catalog/services");

    assertThat(api.discovery.index()).isZero();
    assertThat(ApiFixture.consulIndex(response)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"index=abc", "index=-1", "index=1&wait=5", "index=1&wait=soon", "index=1&wait=-1s"})
  void invalidIndexOrWaitIs400(String query) {
    HttpResponse<String> response = api.get("/v1/catalog/services?" + query);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).containsAnyOf("index", "wait");
  }

  @Test
  void closingTheServerEndsAPendingPoll() {
    api.register("{\"Name\": \"web\"}");
    long index = api.discovery.index();
    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/catalog/services?index=" + index + "&wait=5m");
    api.get("/v1/status/leader"); // the poll's request is on its way; make sure the server saw traffic

    api.server.close();

    assertThat(poll).failsWithin(Duration.ofSeconds(10));
  }
}
