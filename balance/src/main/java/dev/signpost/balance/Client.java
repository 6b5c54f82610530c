package dev.signpost.balance;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is asking, as far as a strategy may care: the address to hash on and the zone to prefer.
 *
 * @param address the EDNS Client Subnet address when the query carried one (it names the real client
 *     behind a resolver), else the query's source address
 * @param zone the client's zone when one is configured for its address; zones compare ignoring case
 * @param preview whether the order is only shown ({@code /v1/signpost/explain}), not given to a query: a
 *     strategy that rotates shows the next query's turn without taking it
 */
public record Client(InetAddress address, Optional<String> zone, boolean preview) {

  public Client {
    Objects.requireNonNull(address, "address");
    // An empty zone would match instances with no zone; treat it as "no zone" instead.
    zone = Objects.requireNonNullElse(zone, Optional.<String>empty()).filter(z -> !z.isEmpty());
  }

  /** A client a query is answered for. */
  public Client(InetAddress address, Optional<String> zone) {
    this(address, zone, false);
  }

  /** A client whose zone is unknown. */
  public Client(InetAddress address) {
    this(address, Optional.empty());
  }

  /** This client, for an order that is only shown. */
  public Client previewing() {
    return new Client(address, zone, true);
  }
}
