package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.ServiceDiscovery;
import java.util.List;

/** The catalog endpoints: every service with its tags, and one service's instances. */
final class CatalogResource {

  private final ServiceDiscovery discovery;
  private final CatalogMapper mapper;

  CatalogResource(ServiceDiscovery discovery, NodeIdentity node) {
    this.discovery = discovery;
    this.mapper = new CatalogMapper(node);
  }

  /** {@code GET /v1/catalog/services}: name → the union of its instances' tags. */
  ApiResponse services(ApiRequest request) {
    return ApiResponse.json(discovery.services());
  }

  /** {@code GET /v1/catalog/service/{name}?tag=}: an unknown name is an empty list, as in Consul. */
  ApiResponse service(ApiRequest request) {
    List<String> tags = request.queryParams("tag");
    return ApiResponse.json(discovery.find(request.pathParam("name")).stream()
        .filter(i -> TagFilter.matches(i, tags))
        .map(i -> mapper.toJson(i, request.local()))
        .toList());
  }
}
