package dev.signpost.dns.launcher;

import dev.signpost.core.Addresses;
import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.RegistryEvent;
import dev.signpost.core.RegistryListener;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import dev.signpost.zones.NodeTable;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Fills the zone's {@link NodeTable}, which {@code <node>.node[.<dc>].<parent>} answers from: the live cluster
 * members of our datacenter, at the address their HTTP API is reached at (cluster mode; the same answer on every
 * node), then this node ({@code --node-name}) at {@code --advertise-addr} or {@link #selfAddress}, then the
 * external nodes registered through the catalog ({@link #followCatalog}) whose address is an IP. A source made
 * earlier wins for a name both list, so in cluster mode this node is answered as the other nodes answer it.
 * Sources are written on their own threads; the DNS path only reads the table.
 */
final class NodeDirectory {

  private NodeDirectory() {}

  /**
   * The table, filled, with the membership's listener keeping the cluster's part current.
   *
   * @param membership the cluster's members, in cluster mode
   */
  static NodeTable table(String nodeName, String datacenter, InetAddress self, Optional<Membership> membership) {
    NodeTable table = new NodeTable();
    membership.ifPresent(cluster -> {
      NodeTable.Source members = table.source();
      Runnable refresh = () -> {
        synchronized (members) { // a later change is read, and written, after an earlier one
          members.replace(liveMembers(cluster.members(), datacenter));
        }
      };
      cluster.addListener(refresh);
      refresh.run();
    });
    table.source().replace(Map.of(nodeName, List.of(self)));
    return table;
  }

  /**
   * Adds the catalog's external nodes to {@code table}, after every source made so far, and keeps them current
   * from the registry's node events. A node registered at a host name has no address to answer with.
   */
  static void followCatalog(NodeTable table, ServiceDiscovery discovery) {
    NodeTable.Source external = table.source();
    discovery.addListener(new RegistryListener() {
      /** Key → addresses; written under the registry's write lock, one call at a time. */
      private final Map<String, List<InetAddress>> nodes = new HashMap<>();

      @Override
      public void onReset(Collection<Instance> instances, long index) {
        nodes.clear();
        discovery.nodes().forEach(this::put);
        external.replace(nodes);
      }

      @Override
      public void onEvent(RegistryEvent event) {
        if (event instanceof RegistryEvent.NodeChanged changed) {
          nodes.remove(changed.node());
          changed.value().ifPresent(this::put);
          external.replace(nodes);
        }
      }

      private void put(CatalogNode node) {
        Addresses.ip(node.address()).ifPresent(ip -> nodes.put(node.key(), List.of(ip)));
      }
    });
  }

  /** The alive members of {@code datacenter} (any case) whose address is an IP literal, by name. */
  static Map<String, List<InetAddress>> liveMembers(List<Member> members, String datacenter) {
    Map<String, List<InetAddress>> nodes = new HashMap<>();
    for (Member m : members) {
      if (m.alive() && m.datacenter().equalsIgnoreCase(datacenter)) {
        Addresses.ip(m.address()).ifPresent(ip -> nodes.put(m.name(), List.of(ip)));
      }
    }
    return nodes;
  }

  /**
   * This node's address in DNS: {@code --dns-addr} unless it is a wildcard ({@code 0.0.0.0}, {@code ::}), else
   * {@code --http-addr} unless it is one, else the first address of this host's network interfaces that is not
   * loopback or link-local (IPv4 first, interfaces in index order), else loopback.
   *
   * @param interfaces the interfaces' first address, as {@link #firstInterfaceAddress} finds it
   */
  static InetAddress selfAddress(InetAddress dns, InetAddress http, Supplier<Optional<InetAddress>> interfaces) {
    if (!dns.isAnyLocalAddress()) {
      return dns;
    }
    if (!http.isAnyLocalAddress()) {
      return http;
    }
    return interfaces.get().orElse(InetAddress.getLoopbackAddress());
  }

  /** The first address, IPv4 first, of the interfaces that are up, in index order; none when there is none. */
  static Optional<InetAddress> firstInterfaceAddress() {
    try {
      List<NetworkInterface> up = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .filter(NodeDirectory::isUp).sorted(Comparator.comparingInt(NetworkInterface::getIndex)).toList();
      Optional<InetAddress> v4 = first(up, true);
      return v4.isPresent() ? v4 : first(up, false);
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  private static Optional<InetAddress> first(List<NetworkInterface> interfaces, boolean v4) {
    return interfaces.stream().flatMap(NetworkInterface::inetAddresses)
        .filter(a -> (a instanceof Inet4Address) == v4 && !a.isLoopbackAddress() && !a.isLinkLocalAddress()
            && !a.isAnyLocalAddress())
        .findFirst();
  }

  private static boolean isUp(NetworkInterface i) {
    try {
      return i.isUp() && !i.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
