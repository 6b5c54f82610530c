package dev.signpost.core.health.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One request for {@link KeepAliveClient}: a bodiless {@code method} to an {@code http://} URI with the
 * caller's headers. The client adds {@code Host}, {@code Connection: keep-alive} and, for methods other
 * than GET and HEAD, {@code Content-Length: 0}; the headers it owns cannot be given, as with the JDK's
 * client ({@link #requireSendable}).
 *
 * @param timeout the whole exchange's, from the call to the answer's last byte
 * @param bodyLimit how many bytes of the answer's body are kept
 */
public record HttpCall(String method, URI uri, List<Map.Entry<String, String>> headers, Duration timeout,
    int bodyLimit) {

  /** Headers a caller may not set: the client frames the request itself. The JDK's client refuses the same. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  public HttpCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    headers = List.copyOf(headers);
    Objects.requireNonNull(timeout, "timeout");
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http:// URL with a host: " + uri);
    }
    if (method.isEmpty() || !method.chars().allMatch(HttpCall::isTokenChar)) {
      throw new IllegalArgumentException("invalid method \"" + method + "\"");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (bodyLimit < 0) {
      throw new IllegalArgumentException("bodyLimit must not be negative, got " + bodyLimit);
    }
    headers.forEach(h -> requireSendable(h.getKey(), h.getValue()));
  }

  /**
   * Refuses a header this client cannot send, with the JDK's client's words.
   *
   * @throws IllegalArgumentException for a restricted or invalid name, or a value with control characters
   *     or characters beyond ISO-8859-1
   */
  public static void requireSendable(String name, String value) {
    if (name.isEmpty() || !name.chars().allMatch(HttpCall::isTokenChar)) {
      throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
    }
    if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("restricted header name: \"" + name + "\"");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0xFF || (c < 0x20 && c != '\t') || c == 0x7F) {
        throw new IllegalArgumentException("invalid header value: \"" + value + "\"");
      }
    }
  }

  /** {@code host:port}, the host in lower case: which idle connections can carry this call. */
  String target() {
    return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port();
  }

  int port() {
    return uri.getPort() >= 0 ? uri.getPort() : 80;
  }

  boolean isHead() {
    return method.equals("HEAD");
  }

  /** The request's bytes: request line, the caller's headers, the client's, and the blank line. */
  byte[] render() {
    StringBuilder b = new StringBuilder(256);
    String path = uri.getRawPath();
    b.append(method).append(' ').append(path == null || path.isEmpty() ? "/" : path);
    if (uri.getRawQuery() != null) {
      b.append('?').append(uri.getRawQuery());
    }
    b.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
    if (uri.getPort() >= 0) {
      b.append(':').append(uri.getPort());
    }
    b.append("\r\n");
    for (Map.Entry<String, String> h : headers) {
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (!method.equals("GET") && !isHead()) {
      b.append("Content-Length: 0\r\n");
    }
    b.append("Connection: keep-alive\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }
}
