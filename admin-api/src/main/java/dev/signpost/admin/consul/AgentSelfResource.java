package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.cluster.Membership;

/**
 * {@code GET /v1/agent/self}: who this agent is, and under {@code Stats} the registry's counts and statuses
 * and the cluster as this node sees it.
 */
final class AgentSelfResource {

  private final ServiceDiscovery discovery;
  private final Membership membership;
  private final AgentSelfMapper mapper;

  AgentSelfResource(ServiceDiscovery discovery, NodeIdentity node, Membership membership) {
    this.discovery = discovery;
    this.membership = membership;
    this.mapper = new AgentSelfMapper(node);
  }

  ApiResponse self(ApiRequest request) {
    return ApiResponse.json(mapper.toJson(discovery.metrics(), discovery.instances(),
        ClusterView.of(membership, request.local())));
  }
}
