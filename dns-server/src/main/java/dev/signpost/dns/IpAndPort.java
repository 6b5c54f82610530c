package dev.signpost.dns;

import dev.signpost.core.Addresses;
import java.net.InetAddress;
import java.util.function.Function;

/**
 * An IP address and a port as an operator writes them on the command line: {@code 192.0.2.1}, {@code
 * 192.0.2.1:5300}, {@code 2001:db8::1}, {@code [2001:db8::1]:5300}. One parser for every flag naming a DNS server
 * by address ({@code --upstream}, {@code --notify}), so they accept and refuse the same spellings. Host names are
 * refused: a DNS server that needed DNS to find its peers could not reach them when DNS is what is broken.
 */
public record IpAndPort(InetAddress host, int port) {

  /**
   * @param invalid makes the exception for a reason ("the '[' has no ']'"), so the message names the whole flag
   *     value and its form
   * @throws IllegalArgumentException made by {@code invalid}
   */
  public static IpAndPort parse(String text, int defaultPort, Function<String, IllegalArgumentException> invalid) {
    String host;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw invalid.apply("the '[' has no ']'");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw invalid.apply("expected ':PORT' after ']'");
        }
        port = rest.substring(1);
      }
      if (host.indexOf(':') < 0) {
        throw invalid.apply("brackets are only for IPv6 addresses");
      }
    } else {
      int colon = text.indexOf(':');
      boolean hostAndPort = colon >= 0 && colon == text.lastIndexOf(':');
      host = hostAndPort ? text.substring(0, colon) : text;
      port = hostAndPort ? text.substring(colon + 1) : null;
    }
    InetAddress address;
    try {
      address = Addresses.requireIp(host);
    } catch (IllegalArgumentException e) {
      throw invalid.apply("'" + host + "' is " + e.getMessage());
    }
    return new IpAndPort(address, port == null ? defaultPort : port(port, invalid));
  }

  private static int port(String text, Function<String, IllegalArgumentException> invalid) {
    if (!text.matches("\\d{1,5}")) {
      throw invalid.apply("the port '" + text + "' is not a number");
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw invalid.apply("the port " + port + " is not between 1 and 65535");
    }
    return port;
  }
}
