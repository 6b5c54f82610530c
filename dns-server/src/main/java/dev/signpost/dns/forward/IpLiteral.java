package dev.signpost.dns.forward;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever asking a resolver: {@code InetAddress.getByName} looks up
 * anything that is not a literal, which a forwarder's own configuration must never do.
 */
final class IpLiteral {

  // Leading zeros are refused: inet_aton reads "010" as octal, so the text would be ambiguous.
  private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiteral() {}

  /** @throws IllegalArgumentException when {@code text} is not an IPv4 or IPv6 literal */
  static InetAddress parse(String text) {
    if (text.indexOf(':') >= 0) {
      if (!IPV6_CHARS.matcher(text).matches()) {
        throw new IllegalArgumentException("not an IPv6 address");
      }
      try {
        // With a colon and only hex digits, colons and dots, the JDK parses and never resolves.
        return InetAddress.getByName(text);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IPv6 address");
      }
    }
    Matcher m = IPV4.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an IP address (host names are not looked up)");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(m.group(i + 1));
      if (octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address (" + octet + " is above 255)");
      }
      bytes[i] = (byte) octet;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always a valid address
    }
  }

  /**
   * The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), so that a dual-stack
   * socket's clients match IPv4 rules; any other address unchanged.
   */
  static InetAddress unmapped(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      if (isMapped(b)) {
        try {
          return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return address;
  }

  static boolean isMapped(byte[] address) {
    if (address.length != 16 || address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
