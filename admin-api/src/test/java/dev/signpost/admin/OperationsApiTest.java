package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} and {@code PUT /v1/signpost/reload}, served by whatever operations the launcher gives. */
class OperationsApiTest {

  private final AtomicReference<CompletionStage<String>> nextReload = new AtomicReference<>();
  private final ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), new ServerOperations() {
    @Override
    public String scrapeMetrics() {
      return "# TYPE signpost_dns_queries_total counter\nsignpost_dns_queries_total{type=\"A\"} 3.0\n";
    }

    @Override
    public CompletionStage<String> reloadZones() {
      return nextReload.get();
    }
  });

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void metricsAreServedInPrometheusTextFormat() {
    HttpResponse<String> response = api.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body()).contains("signpost_dns_queries_total{type=\"A\"} 3.0");
  }

  @Test
  void aReloadAnswersWithItsSummary() {
    nextReload.set(CompletableFuture.completedFuture("reloaded 2 zone files: example.org. (5 records)"));
    HttpResponse<String> response = api.put("/v1/signpost/reload", "");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("reloaded 2 zone files: example.org. (5 records)");
  }

  @Test
  void aZoneFileWithErrorsIsA400NamingFileAndLine() {
    nextReload.set(CompletableFuture.failedFuture(
        new IllegalArgumentException("zones/example.org.zone:7: unknown type 'AAA'; the previous version keeps serving")));
    HttpResponse<String> response = api.put("/v1/signpost/reload", "");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("zones/example.org.zone:7: unknown type 'AAA'; the previous version keeps serving");
  }
}
