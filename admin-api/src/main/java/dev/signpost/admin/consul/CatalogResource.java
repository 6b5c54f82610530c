package dev.signpost.admin.consul;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The catalog endpoints: every service with its tags, one service's instances, the nodes (the cluster's
 * Signpost agents and the external nodes registered through {@code /v1/catalog/register}), and one node's
 * services.
 */
final class CatalogResource {

  private final ServiceDiscovery discovery;
  private final Membership membership;
  private final CatalogMapper mapper;
  private final NodeMapper nodes = new NodeMapper();
  private final InstanceNodes instanceNodes;
  private final AgentServiceMapper services;
  private final AclGate acl;

  CatalogResource(ServiceDiscovery discovery, NodeIdentity node, Membership membership, AclGate acl) {
    this.discovery = discovery;
    this.membership = membership;
    this.acl = acl;
    this.instanceNodes = new InstanceNodes(discovery, node);
    this.mapper = new CatalogMapper(instanceNodes);
    this.services = new AgentServiceMapper(node.datacenter());
  }

  /**
   * {@code GET /v1/catalog/services}: name → the union of its instances' tags; with {@code ?filter=}, of the
   * instances whose catalog entry ({@code /v1/catalog/service/{name}}'s item) matches, as in Consul, where the
   * filter selects service instances before they are grouped by name.
   */
  ApiResponse services(ApiRequest request, Predicate<Object> selected) {
    AclGate.ReadFilter readable = acl.readFilter(request);
    SortedMap<String, List<String>> out = discovery.services();
    out.keySet().removeIf(name -> !readable.service(name));
    if (selected != FilterParam.EVERYTHING) {
      out.replaceAll((name, tags) -> selectedTags(name, selected, request.local()));
      out.values().removeIf(Objects::isNull);
    }
    return readable.mark(ApiResponse.json(out));
  }

  /** The union of the tags of the service's selected instances; null when none is selected. */
  private List<String> selectedTags(String name, Predicate<Object> selected, InetSocketAddress local) {
    TreeSet<String> tags = null;
    for (Instance i : discovery.find(name)) {
      if (selected.test(mapper.toJson(i, local))) {
        tags = tags == null ? new TreeSet<>() : tags;
        tags.addAll(i.tags());
      }
    }
    return tags == null ? null : List.copyOf(tags);
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
   * {@code GET /v1/catalog/nodes}: the live agents and the external nodes, sorted by name, each only to a
   * token with {@code node:read} on it. Consul keeps a failed node, with a critical {@code serfHealth},
   * until it is reaped days later; Signpost has no node checks to show that, so a failed node leaves the
   * list at once.
   */
  ApiResponse nodes(ApiRequest request) {
    AclGate.ReadFilter readable = acl.readFilter(request);
    ClusterView view = ClusterView.of(membership, request.local());
    List<NodeJson> out = new ArrayList<>();
    view.live().stream().filter(m -> readable.node(m.name())).forEach(m -> out.add(nodes.toJson(m, view)));
    discovery.nodes().stream().filter(n -> readable.node(n.name())).forEach(n -> out.add(instanceNodes.json(n)));
    out.sort(Comparator.comparing(NodeJson::node, String.CASE_INSENSITIVE_ORDER));
    return readable.mark(ApiResponse.json(out));
  }

  /**
   * {@code GET /v1/catalog/node/{node}}: the node and its services by id. This agent shows every instance of
   * its own (each agent of a cluster shows them on itself, as the catalog does); another agent of the
   * cluster, none; an external node, its own. An unknown node, or one the token may not {@code node:read},
   * is Consul's 200 with {@code null}.
   */
  ApiResponse node(ApiRequest request) {
    return nodeServices(request, (node, list) -> {
      Map<String, AgentServiceJson> byId = new LinkedHashMap<>();
      list.forEach(i -> byId.put(i.id(), services.forHealth(i)));
      return new NodeServicesJson(node, byId);
    });
  }

  /** {@code GET /v1/catalog/node-services/{node}}: as {@link #node}, the services as a list (newer Consul). */
  ApiResponse nodeServiceList(ApiRequest request) {
    return nodeServices(request, (node, list) -> new NodeServiceListJson(node,
        list.stream().map(services::forHealth).toList()));
  }

  private ApiResponse nodeServices(ApiRequest request, BiFunction<NodeJson, List<Instance>, Object> shape) {
    String name = request.pathParam("node");
    AclGate.ReadFilter readable = acl.readFilter(request);
    ClusterView view = ClusterView.of(membership, request.local());
    NodeJson node = null;
    List<Instance> on = List.of();
    Optional<Member> member = view.members().stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    Optional<CatalogNode> external = discovery.node(name);
    if (member.isPresent()) {
      node = nodes.toJson(member.get(), view);
      if (member.get().name().equals(view.self().name())) {
        on = discovery.instances().stream().filter(i -> !i.isExternal()).toList();
      }
    } else if (external.isPresent()) {
      node = instanceNodes.json(external.get());
      on = discovery.catalog().instancesOn(name);
    }
    if (node == null || !readable.node(node.node())) {
      return readable.mark(ApiResponse.json(NullNode.getInstance()));
    }
    List<Instance> visible = on.stream().filter(i -> readable.service(i.service().value())).toList();
    return readable.mark(ApiResponse.json(shape.apply(node, visible)));
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
