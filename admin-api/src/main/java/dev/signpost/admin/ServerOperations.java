package dev.signpost.admin;

import dev.signpost.admin.http.HttpRequestObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the HTTP API can ask of the rest of the server without knowing it: the launcher implements this
 * over the DNS side's meters and zone files, so admin-api never reaches into dns-server.
 */
public interface ServerOperations {

  /** Every meter in Prometheus's text exposition format ({@code GET /metrics}). */
  String scrapeMetrics();

  /**
   * Reloads the static zone files ({@code PUT /v1/signpost/reload}, SIGHUP). Completes with a one-line
   * summary; fails with an {@link IllegalArgumentException} naming the file, the line and the problem,
   * in which case the zones that were serving keep serving.
   */
  CompletionStage<String> reloadZones();

  /** Why DNS answers a question as it does ({@code GET /v1/signpost/explain}); empty without a DNS side. */
  default Optional<AnswerExplainer> explainer() {
    return Optional.empty();
  }

  /** The domain and default TTL of the DNS side ({@code GET /v1/signpost/services}); empty without one. */
  default Optional<DnsSettings> dnsSettings() {
    return Optional.empty();
  }

  /** The event history and its streams' bounds ({@code GET /v1/signpost/events}); empty: the endpoint says so. */
  default Optional<EventStreams> events() {
    return Optional.empty();
  }

  /** Who is told of every request the API answers, by route, method and status (the launcher's meters). */
  default HttpRequestObserver httpRequests() {
    return HttpRequestObserver.NONE;
  }

  /** No meters and no zone files: what an embedded API without a DNS side has. */
  ServerOperations NONE = new ServerOperations() {
    @Override
    public String scrapeMetrics() {
      return "";
    }

    @Override
    public CompletionStage<String> reloadZones() {
      return CompletableFuture.completedFuture("no zone files to reload");
    }
  };
}
