package dev.signpost.dns.transport;

import dev.signpost.core.Cidr;
import java.util.List;

/**
 * Response rate limiting for UDP (as Knot's and BIND's RRL): at most {@code perSecond} answers a second
 * to each client network, a /24 for IPv4 and a /56 for IPv6. UDP sources can be spoofed, so without it
 * Signpost reflects large answers (26 times the query for 40 AAAA records) at whoever an attacker names.
 * TCP is never limited: its handshake proves the source.
 *
 * @param perSecond answers per second per network, with bursts of as many; 0 turns the limit off
 * @param slip every {@code slip}-th limited answer is sent truncated (TC, no records), so a real client
 *     behind a flooded network retries over TCP; the rest are dropped; 0 drops them all
 * @param exempt networks never limited
 */
public record RateLimit(int perSecond, int slip, List<Cidr> exempt) {

  public static final int DEFAULT_SLIP = 2;
  public static final RateLimit OFF = new RateLimit(0, DEFAULT_SLIP, List.of());

  public RateLimit {
    if (perSecond < 0 || perSecond > 1_000_000_000) {
      throw new IllegalArgumentException("the rate limit must be between 0 and 1000000000 answers a second, got "
          + perSecond);
    }
    if (slip < 0 || slip > 100) {
      throw new IllegalArgumentException("the rate limit slip must be between 0 and 100, got " + slip);
    }
    exempt = List.copyOf(exempt);
  }

  public boolean enabled() {
    return perSecond > 0;
  }
}
