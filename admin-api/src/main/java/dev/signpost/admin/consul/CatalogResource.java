package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.ServiceDiscovery;
import java.util.List;
import java.util.SortedMap;

/** The catalog endpoints: every service with its tags, and one service's instances. */
final class CatalogResource {

  private final ServiceDiscovery discovery;
  private final CatalogMapper mapper;

  private final AclGate acl;

  CatalogResource(ServiceDiscovery discovery, NodeIdentity node, AclGate acl) {
    this.discovery = discovery;
    this.acl = acl;
    this.mapper = new CatalogMapper(node);
  }

  /** {@code GET /v1/catalog/services}: name → the union of its instances' tags. */
  ApiResponse services(ApiRequest request) {
    AclGate.ReadFilter readable = acl.readFilter(request);
    SortedMap<String, List<String>> out = discovery.services();
    out.keySet().removeIf(name -> !readable.service(name));
    return readable.mark(ApiResponse.json(out));
  }

  /** {@code GET /v1/catalog/service/{name}?tag=}: an unknown name is an empty list, as in Consul. */
  ApiResponse service(ApiRequest request) {
    List<String> tags = request.queryParams("tag");
    AclGate.ReadFilter readable = acl.readFilter(request);
    if (!readable.service(request.pathParam("name"))) {
      return readable.mark(ApiResponse.json(List.of()));
    }
    return ApiResponse.json(discovery.find(request.pathParam("name")).stream()
        .filter(i -> TagFilter.matches(i, tags))
        .map(i -> mapper.toJson(i, request.local()))
        .toList());
  }
}
