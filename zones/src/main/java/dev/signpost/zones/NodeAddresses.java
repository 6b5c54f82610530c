package dev.signpost.zones;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where the node forms under the domain's parent ({@code <node>.node.<parent>}) find a node's addresses. Asked
 * on the DNS path, once per such question: an implementation answers from memory, without blocking or taking a
 * lock ({@link NodeTable} holds an immutable map behind one volatile read).
 */
@FunctionalInterface
public interface NodeAddresses {

  /** No nodes: every node name is NXDOMAIN. */
  NodeAddresses NONE = node -> Optional.empty();

  /**
   * The addresses of a node, IPv4 and IPv6 in any order; empty when no node has the name.
   *
   * @param node the node's name as a query label reads, lower case
   */
  Optional<List<InetAddress>> addresses(String node);
}
