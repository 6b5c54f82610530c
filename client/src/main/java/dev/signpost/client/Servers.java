package dev.signpost.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Signpost servers a client may ask, and the one it asks now: the watch moves on to the next after a
 * failure, and the outcome reports follow it, so both reach whichever server answered last.
 */
final class Servers {

  private final List<URI> servers;
  private final AtomicInteger current = new AtomicInteger();

  Servers(List<URI> servers) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("give at least one server URL");
    }
    for (URI server : servers) {
      if (!"http".equalsIgnoreCase(server.getScheme()) && !"https".equalsIgnoreCase(server.getScheme())) {
        throw new IllegalArgumentException("server URL must be http or https, got '" + server + "'");
      }
      if (server.getHost() == null) {
        throw new IllegalArgumentException("server URL '" + server + "' has no host");
      }
    }
    this.servers = List.copyOf(servers);
  }

  /** The server to ask now. */
  URI current() {
    return servers.get(Math.floorMod(current.get(), servers.size()));
  }

  /** {@code server} failed: the next one is asked from now on (unless another caller moved on already). */
  void failed(URI server) {
    int at = current.get();
    if (servers.get(Math.floorMod(at, servers.size())).equals(server)) {
      current.compareAndSet(at, at + 1);
    }
  }

  /** {@code pathAndQuery} on {@code server} (whose own path, if any, comes first). */
  static URI at(URI server, String pathAndQuery) {
    String base = server.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
  }

  List<URI> all() {
    return servers;
  }
}
