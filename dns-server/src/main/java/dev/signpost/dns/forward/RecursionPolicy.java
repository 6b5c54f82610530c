package dev.signpost.dns.forward;

import dev.signpost.core.Cidr;
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
        parsed.add(range(text.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid CIDR '" + text + "': " + e.getMessage(), e);
      }
    }
    return new RecursionPolicy(parsed);
  }

  /** A range as written: bits set under its prefix are a typo here (10.0.0.1/8), not something to clear. */
  private static Cidr range(String text) {
    Cidr cidr = Cidr.parse(text);
    if (cidr.hostBitsSet()) {
      throw new IllegalArgumentException("the address has bits set beyond the /" + text.substring(text.indexOf('/') + 1)
          + " prefix");
    }
    return cidr;
  }

  /** Loopback (127.0.0.0/8, ::1) and the private ranges (10/8, 172.16/12, 192.168/16, fc00::/7). */
  public static RecursionPolicy defaults() {
    return parse(DEFAULTS);
  }

  /** Whether this client may recurse; an IPv4-mapped IPv6 address is matched as the IPv4 address. */
  public boolean allows(InetAddress client) {
    for (Cidr cidr : allowed) {
      if (cidr.contains(client)) {
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
