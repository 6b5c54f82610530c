package dev.signpost.dns.launcher;

import dev.signpost.admin.http.HttpConnectionStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The HTTP API's bounds and failed TLS handshakes in {@code /metrics}: admin-api counts them without
 * Micrometer, and this reads its counters at each scrape.
 */
final class HttpMeters {

  private HttpMeters() {}

  static void bind(HttpConnectionStats stats, MeterRegistry registry) {
    Gauge.builder("signpost.http.connections", stats, HttpConnectionStats::openConnections)
        .description("HTTP API connections open now").register(registry);
    closed(registry, stats, "max_connections", HttpConnectionStats::refusedConnections);
    closed(registry, stats, "idle_timeout", HttpConnectionStats::idleConnectionsClosed);
    closed(registry, stats, "request_timeout", HttpConnectionStats::slowRequestsClosed);
    closed(registry, stats, "body_too_large", HttpConnectionStats::oversizedBodies);
    closed(registry, stats, "write_timeout", HttpConnectionStats::unreadAnswersClosed);
    FunctionCounter.builder("signpost.http.tls.handshake.failures", stats, HttpConnectionStats::tlsHandshakeFailures)
        .description("TLS handshakes with the HTTP API that failed or were abandoned").register(registry);
  }

  private static void closed(MeterRegistry registry, HttpConnectionStats stats, String reason,
      ToDoubleFunction<HttpConnectionStats> count) {
    FunctionCounter.builder("signpost.http.closed", stats, count).tag("reason", reason)
        .description("HTTP API connections the server closed because a bound triggered").register(registry);
  }
}
