package dev.signpost.dns.launcher;

import dev.signpost.admin.EventStreams;
import dev.signpost.admin.http.HttpConnectionStats;
import dev.signpost.core.events.EventHistory;
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

  private static void closed(MeterRegistry registry, HttpConnectionStats stats, String reason,
      ToDoubleFunction<HttpConnectionStats> count) {
    FunctionCounter.builder("signpost.http.closed", stats, count).tag("reason", reason)
        .description("HTTP API connections the server closed because a bound triggered").register(registry);
  }
}
