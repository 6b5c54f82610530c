package dev.signpost.dns.forward;

import dev.signpost.core.Addresses;
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
    String host;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        throw invalid(value, "the '[' has no ']'");
      }
      host = value.substring(1, close);
      String rest = value.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw invalid(value, "expected ':PORT' after ']'");
        }
        port = rest.substring(1);
      }
      if (host.indexOf(':') < 0) {
        throw invalid(value, "brackets are only for IPv6 addresses");
      }
    } else {
      int colon = value.indexOf(':');
      boolean hostAndPort = colon >= 0 && colon == value.lastIndexOf(':');
      host = hostAndPort ? value.substring(0, colon) : value;
      port = hostAndPort ? value.substring(colon + 1) : null;
    }
    InetAddress address;
    try {
      address = Addresses.requireIp(host);
    } catch (IllegalArgumentException e) {
      throw invalid(value, "'" + host + "' is " + e.getMessage());
    }
    return new Upstream(address, port == null ? DEFAULT_PORT : port(value, port));
  }

  private static int port(String value, String text) {
    if (!text.matches("\\d{1,5}")) {
      throw invalid(value, "the port '" + text + "' is not a number");
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw invalid(value, "the port " + port + " is not between 1 and 65535");
    }
    return port;
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
