package dev.signpost.zones;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * How the registry's zone is published.
 *
 * @param domain the zone's origin ({@code service.local.}), absolute
 * @param ttl the TTL of answers, and of the SOA and its negative-caching minimum, in seconds
 * @param nameServer the address this server answers on; the apex NS names it
 * @param datacenter our datacenter ({@code --datacenter}), lower case: the one {@code <svc>.service.<dc>.<parent>}
 *     answers for when the domain starts with {@code service} ({@link NamingScheme#parent})
 */
public record ZoneConfig(Name domain, long ttl, InetAddress nameServer, String datacenter) {

  /** The launcher's default datacenter, Consul's. */
  public static final String DEFAULT_DATACENTER = "dc1";

  public ZoneConfig {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(nameServer, "nameServer");
    Objects.requireNonNull(datacenter, "datacenter");
    if (datacenter.isEmpty()) {
      throw new IllegalArgumentException("datacenter is empty");
    }
    datacenter = datacenter.toLowerCase(Locale.ROOT);
    if (!domain.isAbsolute()) {
      throw new IllegalArgumentException("domain must be absolute, got " + domain);
    }
    if (ttl < 0 || ttl > 0x7FFFFFFFL) {
      throw new IllegalArgumentException("ttl must be between 0 and 2147483647 seconds, got " + ttl);
    }
  }

  /** A zone in the {@link #DEFAULT_DATACENTER}. */
  public ZoneConfig(Name domain, long ttl, InetAddress nameServer) {
    this(domain, ttl, nameServer, DEFAULT_DATACENTER);
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
