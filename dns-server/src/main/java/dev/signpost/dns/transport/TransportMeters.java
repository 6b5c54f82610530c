package dev.signpost.dns.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The listener's bounds, counted when they trigger: TCP connections closed by reason, UDP answers held
 * back by the rate limit, and the TCP connections open now.
 */
public final class TransportMeters {

  /** Why the server closed a TCP connection. */
  enum Closed {
    /** Over {@code --tcp-max-clients}: closed as it was accepted. */
    MAX_CLIENTS("max_clients"),
    /** No message for {@code --tcp-idle-timeout}. */
    IDLE("idle_timeout"),
    /** A message still incomplete {@code --tcp-io-timeout} after its first byte. */
    SLOW_MESSAGE("io_timeout"),
    /** Replies unread by the client for {@code --tcp-io-timeout}. */
    UNREAD_REPLIES("write_timeout");

    final String tag;

    Closed(String tag) {
      this.tag = tag;
    }
  }

  private final MeterRegistry registry;
  private final Map<Closed, Counter> closed = new EnumMap<>(Closed.class);
  private final Counter dropped;
  private final Counter slipped;

  public TransportMeters(MeterRegistry registry) {
    this.registry = registry;
    for (Closed reason : Closed.values()) {
      closed.put(reason, Counter.builder("signpost.dns.tcp.closed").tag("reason", reason.tag)
          .description("TCP connections the server closed because a bound triggered").register(registry));
    }
    dropped = limited("dropped");
    slipped = limited("slipped");
  }

  private Counter limited(String action) {
    return Counter.builder("signpost.dns.rate.limited").tag("action", action)
        .description("UDP answers over --rate-limit: dropped, or sent truncated (slipped)").register(registry);
  }

  /**
   * {@code signpost_dns_transport{io,requested,reason} 1}: which transport answers, and why, so hosts can be
   * told apart in a scrape.
   */
  void transport(TransportChoice choice) {
    Gauge.builder("signpost.dns.transport", () -> 1).tag("io", choice.transport().flagName())
        .tag("requested", choice.requested()).tag("reason", choice.reason())
        .description("the transport the DNS listener runs on (--io), and why").register(registry);
  }

  void openConnections(IntSupplier open) {
    Gauge.builder("signpost.dns.tcp.connections", open::getAsInt).description("TCP connections open now")
        .register(registry);
  }

  void closed(Closed reason) {
    closed.get(reason).increment();
  }

  void dropped() {
    dropped.increment();
  }

  void slipped() {
    slipped.increment();
  }

  /**
   * A signed query refused for its signature: {@code signpost_dns_tsig_refused{error}}; a transfer's also in
   * {@code signpost_dns_transfers_refused{reason="bad_tsig"}}, beside the transfers refused for other reasons.
   */
  void tsigRefused(String error, boolean transfer) {
    Counter.builder("signpost.dns.tsig.refused").tag("error", error)
        .description("signed queries refused: unknown key (BADKEY), bad MAC (BADSIG), time off (BADTIME),"
            + " malformed (FORMERR)")
        .register(registry).increment();
    if (transfer) {
      Counter.builder("signpost.dns.transfers.refused").tag("reason", "bad_tsig")
          .description("zone transfers refused, by reason").register(registry).increment();
    }
  }
}
