package dev.signpost.zones;

import java.net.InetAddress;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * How the registry's zone is published.
 *
 * @param domain the zone's origin ({@code service.local.}), absolute
 * @param ttl the TTL of answers, and of the SOA and its negative-caching minimum, in seconds
 * @param nameServer the address this server answers on; the apex NS names it
 */
public record ZoneConfig(Name domain, long ttl, InetAddress nameServer) {

  public ZoneConfig {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(nameServer, "nameServer");
    if (!domain.isAbsolute()) {
      throw new IllegalArgumentException("domain must be absolute, got " + domain);
    }
    if (ttl < 0 || ttl > 0x7FFFFFFFL) {
      throw new IllegalArgumentException("ttl must be between 0 and 2147483647 seconds, got " + ttl);
    }
  }

  /** Parses a domain as a user types it ({@code service.local}, with or without the final dot). */
  public static Name parseDomain(String domain) {
    if (domain == null || domain.isBlank()) {
      throw new IllegalArgumentException("domain is empty");
    }
    try {
      Name name = Name.fromString(domain, Name.root);
      if (name.equals(Name.root)) {
        throw new IllegalArgumentException("domain must not be the root");
      }
      return name;
    } catch (TextParseException e) {
      throw new IllegalArgumentException("domain '" + domain + "' is not a valid DNS name: " + e.getMessage());
    }
  }
}
