package dev.signpost.admin.consul;

import dev.signpost.admin.ServerOperations;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import java.util.concurrent.CompletionStage;

/** {@code GET /metrics} (Prometheus text format) and {@code PUT /v1/signpost/reload} (static zone files). */
final class OperationsResource {

  /** The content type Prometheus scrapers expect for the text exposition format 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final ServerOperations operations;

  OperationsResource(ServerOperations operations) {
    this.operations = operations;
  }

  ApiResponse metrics(ApiRequest request) {
    return ApiResponse.text(200, operations.scrapeMetrics()).withHeader("Content-Type", PROMETHEUS_TEXT);
  }

  /** 200 with the summary; a zone file with errors is a 400 naming file, line and problem (via ApiErrors). */
  CompletionStage<ApiResponse> reload(ApiRequest request) {
    return operations.reloadZones().thenApply(summary -> ApiResponse.text(200, summary));
  }
}
