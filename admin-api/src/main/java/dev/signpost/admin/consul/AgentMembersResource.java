package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.cluster.Membership;

/**
 * {@code GET /v1/agent/members}: every node this one knows, the failed ones included (status 4), as
 * Consul's gossip members. Consul shows a member only to a token with {@code node:read} on it, and so does
 * this. {@code ?wan} and {@code ?segment} are ignored: there is one pool.
 */
final class AgentMembersResource {

  private final Membership membership;
  private final MemberMapper mapper;
  private final AclGate acl;

  AgentMembersResource(Membership membership, NodeIdentity node, AclGate acl) {
    this.membership = membership;
    this.mapper = new MemberMapper(node.version());
    this.acl = acl;
  }

  ApiResponse members(ApiRequest request) {
    AclGate.ReadFilter readable = acl.readFilter(request);
    ClusterView view = ClusterView.of(membership, request.local());
    return readable.mark(ApiResponse.json(view.members().stream()
        .filter(m -> readable.node(m.name()))
        .map(m -> mapper.toJson(m, view))
        .toList()));
  }
}
