package dev.signpost.core.lb;

import dev.signpost.core.Addresses;
import dev.signpost.core.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which zone a client is in, from the operator's {@code --client-zone CIDR=ZONE} settings: DNS queries
 * say nothing about zones, so the zone-aware strategy and the priority tiers learn it from the client's
 * address. The longest matching prefix wins; IPv4 and IPv6 prefixes are kept apart, and an IPv4-mapped
 * IPv6 address is looked up as the IPv4 address it carries. Immutable, so safe to share.
 */
public final class ClientZones {

  /** No zones configured: every client is zone-less. */
  public static final ClientZones NONE = new ClientZones(List.of());

  /** Longest prefix first, so the first match is the best. */
  private final List<Prefix> prefixes;

  private ClientZones(List<Prefix> prefixes) {
    this.prefixes = prefixes;
  }

  /**
   * Parses {@code CIDR=ZONE} specs ({@code 10.9.0.0/16=a}, {@code 2001:db8::/32=b}). Host bits under the
   * prefix are ignored; an address without {@code /n} is one host. Fails naming the spec and the problem.
   */
  public static ClientZones parse(List<String> specs) {
    List<Prefix> parsed = new ArrayList<>();
    for (String spec : specs) {
      Prefix p = Prefix.parse(spec);
      for (Prefix q : parsed) {
        if (q.cidr().equals(p.cidr())) {
          throw new IllegalArgumentException(
              "client zone '" + spec + "' repeats the prefix of '" + q.spec() + "'; give each prefix once");
        }
      }
      parsed.add(p);
    }
    parsed.sort(Comparator.comparingInt((Prefix p) -> p.cidr().prefixLength()).reversed());
    return parsed.isEmpty() ? NONE : new ClientZones(List.copyOf(parsed));
  }

  /** The zone of the longest configured prefix that contains {@code address}. */
  public Optional<String> zoneOf(InetAddress address) {
    for (Prefix p : prefixes) {
      if (p.cidr().contains(address)) {
        return Optional.of(p.zone());
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ClientZones" + prefixes.stream().map(Prefix::spec).toList();
  }

  /** One parsed spec: the range (host bits cleared) and its zone. */
  private record Prefix(Cidr cidr, String zone, String spec) {

    static Prefix parse(String spec) {
      Objects.requireNonNull(spec, "client zone spec");
      int eq = spec.indexOf('=');
      if (eq < 0) {
        throw problem(spec, "has no '='; use CIDR=ZONE, as in 10.9.0.0/16=a");
      }
      String zone = spec.substring(eq + 1).trim();
      if (zone.isEmpty()) {
        throw problem(spec, "has an empty zone");
      }
      String cidr = spec.substring(0, eq).trim();
      int slash = cidr.indexOf('/');
      String host = slash < 0 ? cidr : cidr.substring(0, slash);
      InetAddress ip = Addresses.ip(host)
          .orElseThrow(() -> problem(spec, "has '" + host + "', which is not an IPv4 or IPv6 address"));
      byte[] bytes = ip.getAddress();
      int bits = bytes.length * 8;
      // Java reads ::ffff:a.b.c.d as an IPv4 address; its prefix was written against 128 bits.
      int offset = ip instanceof Inet4Address && host.indexOf(':') >= 0 ? 96 : 0;
      int length = slash < 0 ? bits + offset : prefixLength(spec, cidr.substring(slash + 1));
      if (length < offset || length > bits + offset) {
        throw problem(spec, "has prefix /" + length + "; use " + offset + " to " + (bits + offset)
            + (offset > 0 ? " for an IPv4-mapped address" : bits == 32 ? " for IPv4" : " for IPv6"));
      }
      return new Prefix(Cidr.of(ip, length - offset), zone, spec);
    }

    private static int prefixLength(String spec, String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw problem(spec, "has prefix '/" + text + "', which is not a number");
      }
    }

    private static IllegalArgumentException problem(String spec, String what) {
      return new IllegalArgumentException("client zone '" + spec + "' " + what);
    }
  }
}
