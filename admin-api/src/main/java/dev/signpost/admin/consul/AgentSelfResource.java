package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.ServiceDiscovery;

/** {@code GET /v1/agent/self}: who this agent is, and the registry's counts and statuses under {@code Stats}. */
final class AgentSelfResource {

  private final ServiceDiscovery discovery;
  private final AgentSelfMapper mapper;

  AgentSelfResource(ServiceDiscovery discovery, NodeIdentity node) {
    this.discovery = discovery;
    this.mapper = new AgentSelfMapper(node);
  }

  ApiResponse self(ApiRequest request) {
    return ApiResponse.json(mapper.toJson(discovery.metrics(), discovery.instances(), request.local()));
  }
}
