package dev.signpost.dns.launcher;

import dev.signpost.admin.EventStreams;
import dev.signpost.admin.http.HttpConnectionStats;
import dev.signpost.core.events.EventHistory;
import dev.signpost.admin.http.HttpRequestObserver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The HTTP API in {@code /metrics}: its bounds and failed TLS handshakes, which admin-api counts without
 * Micrometer and this reads at each scrape, and its requests by route, method and status, which admin-api
 * tells of through an {@link HttpRequestObserver}.
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

  /** The event streams' bounds and the history's dropped file writes. */
  static void bindEvents(EventStreams streams, MeterRegistry registry) {
    Gauge.builder("signpost.events.streams", streams, EventStreams::openStreams)
        .description("event streams (GET /v1/signpost/events as text/event-stream) open now").register(registry);
    FunctionCounter.builder("signpost.events.streams.refused", streams, EventStreams::refusedStreams)
        .description("event streams refused because --event-streams-max were open").register(registry);
    FunctionCounter.builder("signpost.events.streams.slow.closed", streams, EventStreams::slowReadersClosed)
        .description("event streams closed because their reader fell --event-stream-max-unsent behind")
        .register(registry);
    FunctionCounter.builder("signpost.events.history.dropped", streams.history(), EventHistory::droppedWrites)
        .description("event history entries not written to events.log (queue full or disk error)")
        .register(registry);
  }

  /**
   * {@code signpost_http_requests_seconds{route,method,status}}: the route's pattern, never the path, so the
   * series are bounded by routes times methods times statuses. Count, sum and max, no histogram: that would be
   * dozens of series for each of those.
   */
  static HttpRequestObserver requests(MeterRegistry registry) {
    return (route, method, status, nanos) -> Timer.builder("signpost.http.requests")
        .description("HTTP API requests answered, by route pattern, method and status: from the whole request "
            + "having arrived to its reply (a blocking query's wait included)")
        .tags("route", route, "method", method, "status", Integer.toString(status))
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  private static void closed(MeterRegistry registry, HttpConnectionStats stats, String reason,
      ToDoubleFunction<HttpConnectionStats> count) {
    FunctionCounter.builder("signpost.http.closed", stats, count).tag("reason", reason)
        .description("HTTP API connections the server closed because a bound triggered").register(registry);
  }
}
