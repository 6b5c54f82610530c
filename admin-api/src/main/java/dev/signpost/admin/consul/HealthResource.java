package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.ServiceDiscovery;
import java.util.List;
import java.util.Locale;

/** {@code GET /v1/health/service/{name}}: instances with their node and checks, filtered by tag and health. */
final class HealthResource {

  private final ServiceDiscovery discovery;
  private final HealthMapper mapper;

  HealthResource(ServiceDiscovery discovery, NodeIdentity node) {
    this.discovery = discovery;
    this.mapper = new HealthMapper(node, new AgentServiceMapper(node.datacenter()));
  }

  ApiResponse service(ApiRequest request) {
    List<String> tags = request.queryParams("tag");
    boolean passingOnly = passingOnly(request);
    return ApiResponse.json(discovery.find(request.pathParam("name")).stream()
        .filter(i -> TagFilter.matches(i, tags))
        .filter(i -> !passingOnly || i.status() == HealthStatus.PASSING)
        .map(i -> mapper.toJson(i, request.local()))
        .toList());
  }

  /** {@code ?passing} alone means true, as in Consul; {@code ?passing=false} turns the filter off. */
  private static boolean passingOnly(ApiRequest request) {
    String value = request.queryParam("passing").orElse(null);
    if (value == null) {
      return false;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "":
      case "true":
      case "1":
        return true;
      case "false":
      case "0":
        return false;
      default:
        throw ApiException.badRequest("passing must be true or false, got \"" + value + "\"");
    }
  }
}
