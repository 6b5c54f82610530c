package dev.signpost.dns.notify;

import dev.signpost.core.Addresses;
import dev.signpost.dns.IpAndPort;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * A secondary that is told of every change ({@code --notify HOST[:PORT][@KEYNAME]}): its address, and the name of
 * the TSIG key its NOTIFYs are signed with, if any.
 */
public record NotifyTarget(InetAddress host, int port, Optional<Name> key) {

  public static final int DEFAULT_PORT = 53;

  public NotifyTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(key, "key");
    host = Addresses.unmapped(host);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("notify port " + port + " is not between 1 and 65535");
    }
  }

  /**
   * {@code 192.0.2.1}, {@code 192.0.2.1:5300}, {@code [2001:db8::1]:5300}, {@code 2001:db8::1}, each optionally
   * followed by {@code @KEYNAME} (a key of {@code --tsig-key}); the port defaults to 53. The host must be an IP
   * address, as in a secondary's own configuration: a primary that needed DNS to find its secondaries could not
   * tell them when DNS is what is broken.
   *
   * @throws IllegalArgumentException naming the value and what is wrong with it
   */
  public static NotifyTarget parse(String value) {
    if (value == null || value.isBlank()) {
      throw invalid(value, "it is empty");
    }
    int at = value.indexOf('@');
    Optional<Name> key = Optional.empty();
    String address = value;
    if (at >= 0) {
      address = value.substring(0, at);
      key = Optional.of(keyName(value, value.substring(at + 1)));
    }
    IpAndPort ip = IpAndPort.parse(address, DEFAULT_PORT, reason -> invalid(value, reason));
    return new NotifyTarget(ip.host(), ip.port(), key);
  }

  private static Name keyName(String value, String text) {
    if (text.isEmpty()) {
      throw invalid(value, "no key name after '@'");
    }
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw invalid(value, "'" + text + "' is not a key name: " + e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String value, String reason) {
    return new IllegalArgumentException("invalid notify target '" + value + "': " + reason
        + " (expected HOST[:PORT][@KEYNAME] with HOST an IP address)");
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** {@code 192.0.2.1:53} or {@code [2001:db8::1]:53}, without the key: the metrics' {@code target} tag. */
  public String address() {
    String text = host.getHostAddress();
    return (host instanceof Inet6Address ? "[" + text + "]" : text) + ":" + port;
  }

  /** As it would be written on the command line. */
  @Override
  public String toString() {
    return address() + key.map(k -> "@" + k.toString(true)).orElse("");
  }
}
