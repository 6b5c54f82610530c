package dev.signpost.client;

import dev.signpost.balance.Endpoint;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One instance of the watched service as the client knows it: from Signpost's health API, from its cache
 * file, or from a DNS SRV record. An {@link Endpoint}, so the strategies the server runs order these too.
 *
 * @param id the instance's {@code ID} (from DNS, which has no ids: {@code target:port})
 * @param service the service's name as registered
 * @param address where to reach it: the service address, else its node's address; an IP literal or a host name
 * @param port its port
 * @param tags its tags (none from DNS)
 * @param meta its meta (none from DNS)
 * @param zone {@code Locality.Zone}, else the {@code zone} meta value, else {@code ""}
 * @param currentWeight the SRV weight of its current state ({@code Weights.Passing} while passing, else
 *     {@code Weights.Warning})
 * @param passing whether every check of it passes
 */
public record ServiceInstance(String id, String service, String address, int port, List<String> tags,
    Map<String, String> meta, String zone, int currentWeight, boolean passing) implements Endpoint {

  public ServiceInstance {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("ID is missing");
    }
    if (service == null || service.isEmpty()) {
      throw new IllegalArgumentException("service of instance '" + id + "' is missing");
    }
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException("instance '" + id + "' has no address");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Port of instance '" + id + "' must be between 0 and 65535, got " + port);
    }
    if (currentWeight < 0) {
      throw new IllegalArgumentException("weight of instance '" + id + "' must not be negative, got "
          + currentWeight);
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    meta = meta == null ? Map.of() : Map.copyOf(meta);
    zone = Objects.requireNonNullElse(zone, "");
  }

  @Override
  public String serviceKey() {
    return service.toLowerCase(Locale.ROOT);
  }

  /** {@code http://address:port} followed by {@code path} (an IPv6 address in brackets). */
  public URI uri(String path) {
    return uri("http", path);
  }

  /** {@code scheme://address:port} followed by {@code path}, which starts with {@code /} or is empty. */
  public URI uri(String scheme, String path) {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(path, "path");
    if (!path.isEmpty() && !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', got '" + path + "'");
    }
    return URI.create(scheme + "://" + hostPort() + path);
  }

  /** {@code address:port}, with an IPv6 address in brackets. */
  public String hostPort() {
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }
}
