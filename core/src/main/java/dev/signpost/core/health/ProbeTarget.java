package dev.signpost.core.health;

import dev.signpost.core.Addresses;
import dev.signpost.core.CheckSpec;
import java.net.URI;
import java.util.Locale;

/**
 * Where an HTTP or TCP check's probe goes, as the per-host probe limit counts it: {@code host:port} as the
 * check writes it (a name is not resolved, so two names of one machine count apart).
 *
 * @param key {@code host:port}, the host in lower case, the port filled in from the URL's scheme
 */
record ProbeTarget(String key) {

  static ProbeTarget of(CheckSpec check) {
    return switch (check.kind()) {
      case HTTP -> {
        URI uri = URI.create(check.http());
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        yield of(uri.getHost(), port);
      }
      case TCP -> {
        Addresses.HostPort target = Addresses.requireHostPort("Check.TCP", check.tcp());
        yield of(target.host(), target.port());
      }
      case TTL, EXTERNAL -> throw new IllegalArgumentException("a " + check.kind() + " check has no probe target");
    };
  }

  private static ProbeTarget of(String host, int port) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String shown = bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare;
    return new ProbeTarget(shown.toLowerCase(Locale.ROOT) + ":" + port);
  }

  /** How a check's output names what was probed: {@code HTTP GET <url>} or {@code TCP connect <host:port>}. */
  static String describe(CheckSpec check) {
    return check.kind() == CheckSpec.Kind.TCP ? "TCP connect " + check.tcp()
        : "HTTP " + (check.method().isEmpty() ? "GET" : check.method()) + " " + check.http();
  }
}
