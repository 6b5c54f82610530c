package dev.signpost.dns.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may make the listener hold: TCP connections and the time their messages may take, and
 * how many UDP answers per second its network gets. The constructor rejects bad values at once.
 *
 * @param tcpMaxClients open TCP connections at most; new ones beyond it are closed at once
 * @param tcpIdleTimeout how long a TCP connection may go without a message, before the first and between
 *     messages (RFC 7766 6.2.3)
 * @param tcpIoTimeout how long a message may take to arrive once its first byte came, and how long replies
 *     may wait for a client that does not read them
 * @param rateLimit the UDP response rate limit ({@link RateLimit#OFF} by default)
 */
public record DnsLimits(int tcpMaxClients, Duration tcpIdleTimeout, Duration tcpIoTimeout, RateLimit rateLimit) {

  public static final int DEFAULT_TCP_MAX_CLIENTS = 1000;
  public static final Duration DEFAULT_TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TCP_IO_TIMEOUT = Duration.ofSeconds(2);

  public DnsLimits {
    if (tcpMaxClients < 1) {
      throw new IllegalArgumentException("the TCP client limit must be at least 1, got " + tcpMaxClients);
    }
    positive("TCP idle timeout", tcpIdleTimeout);
    positive("TCP I/O timeout", tcpIoTimeout);
    Objects.requireNonNull(rateLimit, "rateLimit");
  }

  /** 1,000 TCP clients, 10 s idle, 2 s I/O, no rate limit. */
  public static DnsLimits defaults() {
    return new DnsLimits(DEFAULT_TCP_MAX_CLIENTS, DEFAULT_TCP_IDLE_TIMEOUT, DEFAULT_TCP_IO_TIMEOUT, RateLimit.OFF);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("the " + name + " must be positive, got " + d);
    }
  }
}
