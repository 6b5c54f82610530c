package dev.signpost.dns.forward;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may recurse: the address ranges whose clients get names outside our zones forwarded (everybody
 * else gets REFUSED). An open resolver is an amplifier for attacks on others, so the default is only
 * loopback and the private ranges.
 */
public final class RecursionPolicy {

  private static final List<String> DEFAULTS = List.of(
      "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

  private final List<Cidr> allowed;

  private RecursionPolicy(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /**
   * @param cidrs ranges such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address allows that one
   *     host; an empty list allows nobody
   * @throws IllegalArgumentException naming the first entry that is not a valid range
   */
  public static RecursionPolicy parse(List<String> cidrs) {
    List<Cidr> parsed = new ArrayList<>(cidrs.size());
    for (String text : cidrs) {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("invalid CIDR '" + text + "': it is empty");
      }
      try {
        parsed.add(Cidr.parse(text.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid CIDR '" + text + "': " + e.getMessage(), e);
      }
    }
    return new RecursionPolicy(parsed);
  }

  /** Loopback (127.0.0.0/8, ::1) and the private ranges (10/8, 172.16/12, 192.168/16, fc00::/7). */
  public static RecursionPolicy defaults() {
    return parse(DEFAULTS);
  }

  /** Whether this client may recurse; an IPv4-mapped IPv6 address is matched as the IPv4 address. */
  public boolean allows(InetAddress client) {
    InetAddress address = IpLiteral.unmapped(client);
    for (Cidr cidr : allowed) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "RecursionPolicy" + allowed;
  }
}
