package dev.signpost.core.health;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Which answers an HTTP check follows to another URL, where to, and with which method: what the JDK's
 * client does with {@code Redirect.NORMAL}, so that http checks (our client) and https checks (the JDK's)
 * redirect alike.
 */
final class Redirects {

  private Redirects() {}

  /** 301, 302, 303, 307 and 308; not 300, 304, 305 or any other 3xx. */
  static boolean followed(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * The URL {@code location} leads to from {@code from}, or null when the answer stands: a scheme other
   * than http or https, or from https to http.
   *
   * @throws IOException "Invalid redirection" when the answer has no usable {@code Location}, as the JDK says
   */
  static URI target(URI from, Optional<String> location) throws IOException {
    if (location.isEmpty()) {
      throw new IOException("Invalid redirection");
    }
    URI to;
    try {
      to = from.resolve(new URI(location.get()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("Invalid redirection", e);
    }
    String scheme = to.getScheme();
    boolean web = scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
    boolean downgrade = "https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(scheme);
    return web && !downgrade && to.getHost() != null ? to : null;
  }

  /** 303 continues with GET, and so does a POST answered 301 or 302; the rest keep their method. */
  static String method(int status, String method) {
    return switch (status) {
      case 301, 302 -> method.equals("POST") ? "GET" : method;
      case 303 -> "GET";
      default -> method;
    };
  }
}
