package dev.signpost.admin.consul;

import dev.signpost.admin.http.HostAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The one Consul "node" Signpost presents: every instance is served by it. Its address is the one the
 * client reached us at, which is right whether the server listens on one address or on all of them.
 *
 * @param id a UUID derived from the name, so it is stable across restarts as Consul's node ID is
 * @param version Signpost's version, reported as the agent's
 */
public record NodeIdentity(String name, String id, String datacenter, String version) {

  public NodeIdentity {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(datacenter, "datacenter");
    Objects.requireNonNull(version, "version");
  }

  public static NodeIdentity of(String name, String datacenter, String version) {
    UUID id = UUID.nameUUIDFromBytes(("signpost-node/" + name).getBytes(StandardCharsets.UTF_8));
    return new NodeIdentity(name, id.toString(), datacenter, version);
  }

  String address(InetSocketAddress local) {
    return HostAddresses.text(local.getAddress());
  }

  /** Consul's node tagged addresses: {@code lan}, {@code wan} and the per-family variants. */
  Map<String, String> taggedAddresses(InetSocketAddress local) {
    InetAddress ip = local.getAddress();
    String address = address(local);
    String family = ip instanceof Inet6Address ? "ipv6" : "ipv4";
    Map<String, String> tagged = new TreeMap<>();
    tagged.put("lan", address);
    tagged.put("lan_" + family, address);
    tagged.put("wan", address);
    tagged.put("wan_" + family, address);
    return tagged;
  }

  Map<String, String> meta() {
    return Map.of("consul-network-segment", "");
  }
}
