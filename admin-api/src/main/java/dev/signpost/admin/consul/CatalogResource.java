package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/** The catalog endpoints: every service with its tags, one service's instances, and the nodes. */
final class CatalogResource {

  private final ServiceDiscovery discovery;
  private final Membership membership;
  private final CatalogMapper mapper;
  private final NodeMapper nodes = new NodeMapper();
  private final AclGate acl;

  CatalogResource(ServiceDiscovery discovery, NodeIdentity node, Membership membership, AclGate acl) {
    this.discovery = discovery;
    this.membership = membership;
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

  /**
   * {@code GET /v1/catalog/nodes}: the live nodes, each only to a token with {@code node:read} on it.
   * Consul keeps a failed node, with a critical {@code serfHealth}, until it is reaped days later;
   * Signpost has no node checks to show that, so a failed node leaves the list at once.
   */
  ApiResponse nodes(ApiRequest request) {
    AclGate.ReadFilter readable = acl.readFilter(request);
    ClusterView view = ClusterView.of(membership, request.local());
    return readable.mark(ApiResponse.json(view.live().stream()
        .filter(m -> readable.node(m.name()))
        .map(m -> nodes.toJson(m, view))
        .toList()));
  }

  /**
   * The datacenters this server knows, its own first (Consul orders by round-trip time, and its own is
   * nearest): every member's, so a cluster spread over several would list each. No ACL needed, as in Consul.
   */
  ApiResponse datacenters(ApiRequest request) {
    ClusterView view = ClusterView.of(membership, request.local());
    Set<String> names = new LinkedHashSet<>();
    names.add(view.self().datacenter());
    view.members().stream().map(Member::datacenter).sorted().forEach(names::add);
    return ApiResponse.json(List.copyOf(names));
  }
}
