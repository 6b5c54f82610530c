package dev.signpost.admin.consul;

import dev.signpost.core.cluster.Member;

/** A {@link Member} as Consul's catalog {@code Node} ({@code /v1/catalog/nodes}). */
final class NodeMapper {

  NodeJson toJson(Member member, ClusterView view) {
    String address = view.address(member);
    // Nodes are not registry entries and have no index of their own: the one the health endpoint's
    // nested node reports, as for this node there.
    return new NodeJson(NodeIdentity.idOf(member.name()), member.name(), address, member.datacenter(),
        NodeIdentity.taggedAddresses(address), NodeIdentity.meta(), CheckMapper.NODE_INDEX,
        CheckMapper.NODE_INDEX);
  }
}
