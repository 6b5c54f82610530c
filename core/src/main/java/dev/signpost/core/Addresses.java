package dev.signpost.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Classifies an instance address: an IPv4 literal, an IPv6 literal, or a host name. Never resolves a
 * name (no DNS lookups from the registry).
 */
public final class Addresses {

  private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

  private Addresses() {}

  /**
   * {@code host:port} as people and URLs write it: {@code 10.0.0.3:8080}, {@code [::1]:8080} (an IPv6 literal in
   * brackets, so the port's colon reads apart from its own), {@code web.example:80}.
   */
  public static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** The address as an IP, when it is an IPv4 or IPv6 literal. */
  public static Optional<InetAddress> ip(String address) {
    if (address == null || address.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] v4 = ipv4(address);
      if (v4 != null) {
        return Optional.of(InetAddress.getByAddress(v4));
      }
      if (address.indexOf(':') >= 0 && address.indexOf('%') < 0) {
        // A string with a colon is parsed as an IPv6 literal; no lookup takes place.
        InetAddress parsed = InetAddress.getByName(address.startsWith("[") ? address : "[" + address + "]");
        return Optional.of(parsed);
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * The bytes of an IP literal, 4 for IPv4 and 16 for IPv6, exactly as {@link #ip} reads it; null when the
   * address is not one. For the DNS path's hot loop: an IPv4 literal costs no {@link InetAddress}.
   */
  public static byte[] ipBytes(String address) {
    byte[] v4 = address == null ? null : ipv4(address);
    return v4 != null ? v4 : ip(address).map(InetAddress::getAddress).orElse(null);
  }

  /**
   * The four bytes of a dotted-quad IPv4 literal (decimal octets 0 to 255, no leading zeros), or null. By
   * hand rather than by regular expression: the DNS path asks this for every record it builds.
   */
  private static byte[] ipv4(String s) {
    int n = s.length();
    if (n < 7 || n > 15) {
      return null;
    }
    byte[] out = new byte[4];
    int octet = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? s.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || octet == 4) {
          return null;
        }
        out[octet++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null; // a leading zero: 010 is not 10 everywhere, so it is not an address here
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return octet == 4 ? out : null;
  }

  /**
   * The IP literal {@code text} is, never resolving it.
   *
   * @throws IllegalArgumentException saying why it is not one (the caller names the value)
   */
  public static InetAddress requireIp(String text) {
    Optional<InetAddress> ip = ip(text);
    if (ip.isPresent()) {
      return ip.get();
    }
    if (text.indexOf(':') >= 0) {
      throw new IllegalArgumentException("not an IPv6 address");
    }
    String[] octets = text.split("\\.", -1);
    if (octets.length == 4) {
      for (String octet : octets) {
        if (octet.matches("\\d{1,3}") && Integer.parseInt(octet) > 255) {
          throw new IllegalArgumentException("not an IPv4 address (" + octet + " is above 255)");
        }
      }
    }
    throw new IllegalArgumentException("not an IP address (host names are not looked up)");
  }

  /**
   * The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), so that clients of a
   * dual-stack socket match IPv4 rules; any other address unchanged.
   */
  public static InetAddress unmapped(InetAddress address) {
    byte[] b = address.getAddress();
    if (!isMapped(b)) {
      return address;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always an address
    }
  }

  /** Whether these 16 bytes are an IPv4-mapped IPv6 address ({@code ::ffff:0:0/96}). */
  static boolean isMapped(byte[] b) {
    if (b.length != 16 || b[10] != (byte) 0xFF || b[11] != (byte) 0xFF) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  public static boolean isIpv4(String address) {
    return ip(address).filter(a -> a instanceof Inet4Address).isPresent();
  }

  public static boolean isIpv6(String address) {
    return ip(address).filter(a -> a instanceof Inet6Address).isPresent();
  }

  /** A syntactically valid host name: dot-separated labels, at most 253 characters, one trailing dot allowed. */
  public static boolean isHostName(String address) {
    if (address == null || address.isEmpty()) {
      return false;
    }
    String name = address.endsWith(".") ? address.substring(0, address.length() - 1) : address;
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!HOST_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    // An all-numeric dotted name would be a malformed IPv4 literal, not a host name.
    return !name.matches("[0-9.]+");
  }

  /** Throws with a message naming the field unless the address is an IP literal or a host name. */
  public static String requireValid(String field, String address) {
    // ipBytes, not ip: an IPv4 literal is checked without making an InetAddress (a million at start-up).
    if (ipBytes(address) == null && !isHostName(address)) {
      throw new IllegalArgumentException(
          field + " '" + address + "' is not an IPv4 address, an IPv6 address or a host name");
    }
    return address;
  }

  /**
   * Checks a {@code host:port} pair ({@code [v6]:port} for an IPv6 literal) and returns it split; the
   * message names the field.
   */
  public static HostPort requireHostPort(String field, String value) {
    int colon = value.lastIndexOf(':');
    String problem = field + " '" + value + "' must be host:port (an IPv6 address in brackets: [::1]:80)";
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(problem);
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      if (!isIpv6(host)) {
        throw new IllegalArgumentException(problem);
      }
    } else if (host.indexOf(':') >= 0 || (ip(host).isEmpty() && !isHostName(host))) {
      throw new IllegalArgumentException(problem);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(problem);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(field + " '" + value + "' has port " + port + "; use 1 to 65535");
    }
    return new HostPort(host, port);
  }

  /** A host (IP literal without brackets, or name) and a port. */
  public record HostPort(String host, int port) {}
}
