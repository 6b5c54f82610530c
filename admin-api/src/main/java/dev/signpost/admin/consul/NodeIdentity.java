package dev.signpost.admin.consul;

import dev.signpost.admin.http.HostAddresses;
import dev.signpost.core.Addresses;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The Consul "node" this Signpost agent is: the catalog and health endpoints show every instance on it.
 * Its address is the one the client reached us at, which is right whether the server listens on one
 * address or on all of them. The other nodes of a cluster are {@link ClusterView}'s.
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
    return new NodeIdentity(name, idOf(name), datacenter, version);
  }

  /**
   * The node ID of the node called {@code name}: derived from the name alone, so every node of a cluster
   * gives another node the same ID that node gives itself.
   */
  static String idOf(String name) {
    return UUID.nameUUIDFromBytes(("signpost-node/" + name).getBytes(StandardCharsets.UTF_8)).toString();
  }

  String address(InetSocketAddress local) {
    return HostAddresses.text(local.getAddress());
  }

  /** Consul's node tagged addresses: {@code lan}, {@code wan} and the per-family variants. */
  Map<String, String> taggedAddresses(InetSocketAddress local) {
    return taggedAddresses(address(local));
  }

  /** As {@link #taggedAddresses(InetSocketAddress)} for any node's address; a host name has no family. */
  static Map<String, String> taggedAddresses(String address) {
    Map<String, String> tagged = new TreeMap<>();
    tagged.put("lan", address);
    tagged.put("wan", address);
    Addresses.ip(address).ifPresent(ip -> {
      String family = ip instanceof Inet6Address ? "ipv6" : "ipv4";
      tagged.put("lan_" + family, address);
      tagged.put("wan_" + family, address);
    });
    return tagged;
  }

  /** Every node's {@code Meta}, as a Consul node outside network segments has it. */
  static Map<String, String> meta() {
    return Map.of("consul-network-segment", "");
  }
}
