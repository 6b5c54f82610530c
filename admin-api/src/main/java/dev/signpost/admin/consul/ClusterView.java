package dev.signpost.admin.consul;

import dev.signpost.admin.http.HostAddresses;
import dev.signpost.core.Addresses;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The nodes as one request sees them, and the one place that decides at which address each is reported.
 * Taken once per request, so that one answer never mixes two versions of the membership.
 *
 * <p>A node alone (a membership of one) is reported at the address and port the client reached, as it
 * always was: that is right whether the server listens on one address, on all of them or on port 0. Once
 * other nodes are known, every member, this one included, is reported at the address it advertises, so
 * that every node gives the same answer.
 *
 * @param members every known member, sorted by name, the failed ones included
 * @param local the address the client reached
 */
record ClusterView(Member self, List<Member> members, InetSocketAddress local) {

  static ClusterView of(Membership membership, InetSocketAddress local) {
    return new ClusterView(membership.self(), List.copyOf(membership.members()), local);
  }

  /** The live members, sorted by name. */
  List<Member> live() {
    return members.stream().filter(Member::alive).toList();
  }

  long failed() {
    return members.stream().filter(m -> !m.alive()).count();
  }

  /**
   * Signpost nodes have no leader: etcd orders the writes and any node accepts them. Consul clients only
   * check that a leader exists, so a cluster names its first live member by name, which every node
   * agrees on; a node alone names itself.
   */
  Optional<Member> leader() {
    return members.stream().filter(Member::alive).findFirst();
  }

  String address(Member member) {
    if (alone()) {
      return HostAddresses.text(local.getAddress());
    }
    // The same IP is written the same way on every node (IPv6 in its short form).
    return Addresses.ip(member.address()).map(HostAddresses::text).orElse(member.address());
  }

  int port(Member member) {
    return alone() ? local.getPort() : member.httpPort();
  }

  /** {@code host:port} as {@code /v1/status} lists servers, an IPv6 host in brackets. */
  String hostPort(Member member) {
    String host = address(member);
    return (Addresses.isIpv6(host) ? "[" + host + "]" : host) + ":" + port(member);
  }

  private boolean alone() {
    return members.size() <= 1;
  }
}
