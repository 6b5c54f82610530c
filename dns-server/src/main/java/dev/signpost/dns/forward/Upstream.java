package dev.signpost.dns.forward;

import dev.signpost.dns.IpAndPort;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/** A resolver that names outside our zones are forwarded to. */
public record Upstream(InetAddress host, int port) {

  public static final int DEFAULT_PORT = 53;

  public Upstream {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("upstream port " + port + " is not between 1 and 65535");
    }
  }

  /**
   * {@code 192.0.2.1}, {@code 192.0.2.1:5353}, {@code [2001:db8::1]:5353} or {@code 2001:db8::1}; the port
   * defaults to 53. The host must be an IP address: a forwarder that needed a resolver to find its
   * resolver could not start when DNS is down.
   *
   * @throws IllegalArgumentException naming the value and what is wrong with it
   */
  public static Upstream parse(String value) {
    if (value == null || value.isBlank()) {
      throw invalid(value, "it is empty");
    }
    IpAndPort address = IpAndPort.parse(value, DEFAULT_PORT, reason -> invalid(value, reason));
    return new Upstream(address.host(), address.port());
  }

  private static IllegalArgumentException invalid(String value, String reason) {
    return new IllegalArgumentException("invalid upstream '" + value + "': " + reason
        + " (expected HOST[:PORT] with HOST an IP address)");
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** {@code 192.0.2.1:53} or {@code [2001:db8::1]:53}, as it would be written on the command line. */
  @Override
  public String toString() {
    String address = host.getHostAddress();
    return (host instanceof Inet6Address ? "[" + address + "]" : address) + ":" + port;
  }
}
