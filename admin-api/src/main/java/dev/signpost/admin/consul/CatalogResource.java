package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.ServiceDiscovery;
import java.util.List;

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
    java.util.SortedMap<String, List<String>> all = discovery.services();
    java.util.function.Predicate<String> readable = acl.serviceReadable(request);
    java.util.SortedMap<String, List<String>> out = new java.util.TreeMap<>(all);
    out.keySet().removeIf(name -> !readable.test(name));
    return AclGate.markFiltered(ApiResponse.json(out), out.size() < all.size());
  }

  /** {@code GET /v1/catalog/service/{name}?tag=}: an unknown name is an empty list, as in Consul. */
  ApiResponse service(ApiRequest request) {
    List<String> tags = request.queryParams("tag");
    if (!acl.serviceReadable(request).test(request.pathParam("name"))) {
      return AclGate.markFiltered(ApiResponse.json(List.of()), true);
    }
    return ApiResponse.json(discovery.find(request.pathParam("name")).stream()
        .filter(i -> TagFilter.matches(i, tags))
        .map(i -> mapper.toJson(i, request.local()))
        .toList());
  }
}
