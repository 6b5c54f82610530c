package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.http.BooleanParam;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The health endpoints: a service's instances with their node and checks, a service's checks, and every
 * check in a given state. All are blocking reads.
 */
final class HealthResource {

  /** Set while DNS serves a service's last healthy instances although every instance fails. */
  static final String FAIL_OPEN_HEADER = "X-Signpost-Fail-Open";

  private static final String ANY_STATE = "any";
  private static final Set<String> STATES = Set.of("passing", "warning", "critical", ANY_STATE);

  private final ServiceDiscovery discovery;
  private final CheckMapper checks;
  private final HealthMapper entries;

  private final AclGate acl;

  HealthResource(ServiceDiscovery discovery, NodeIdentity node, AclGate acl) {
    this.discovery = discovery;
    this.acl = acl;
    InstanceNodes nodes = new InstanceNodes(discovery, node);
    this.checks = new CheckMapper(nodes);
    this.entries = new HealthMapper(nodes, new AgentServiceMapper(node.datacenter()), checks);
  }

  /** {@code GET /v1/health/service/{name}?tag=&passing}. */
  ApiResponse service(ApiRequest request) {
    String name = request.pathParam("name");
    List<String> tags = request.queryParams("tag");
    boolean passingOnly = passingOnly(request);
    AclGate.ReadFilter readable = acl.readFilter(request);
    if (!readable.service(name)) {
      return readable.mark(ApiResponse.json(List.of()));
    }
    ApiResponse response = ApiResponse.json(discovery.find(name).stream()
        .filter(i -> TagFilter.matches(i, tags))
        .filter(i -> !passingOnly || i.status() == HealthStatus.PASSING)
        .map(i -> entries.toJson(i, request.local()))
        .toList());
    return discovery.serving(name).failingOpen() ? response.withHeader(FAIL_OPEN_HEADER, "true") : response;
  }

  /** {@code GET /v1/health/checks/{service}}: an unknown service has no checks, as in Consul. */
  ApiResponse serviceChecks(ApiRequest request) {
    List<HealthCheckJson> out = new ArrayList<>();
    AclGate.ReadFilter readable = acl.readFilter(request);
    if (!readable.service(request.pathParam("service"))) {
      return readable.mark(ApiResponse.json(out));
    }
    for (Instance i : discovery.find(request.pathParam("service"))) {
      out.addAll(checks.checks(i));
    }
    return ApiResponse.json(out);
  }

  /** {@code GET /v1/health/state/{state}}: every check in that state, the node's own included. */
  ApiResponse state(ApiRequest request) {
    String state = request.pathParam("state");
    if (!STATES.contains(state)) {
      throw ApiException.badRequest("state must be passing, warning, critical or any, got \"" + state + "\"");
    }
    List<HealthCheckJson> all = new ArrayList<>();
    AclGate.ReadFilter readable = acl.readFilter(request);
    // The node's own check is the node's: Consul shows it to node:read.
    if (readable.node()) {
      all.add(checks.nodeCheck());
    }
    for (Instance i : discovery.instances()) {
      if (readable.service(i.service().value())) {
        all.addAll(checks.checks(i));
      }
    }
    return readable.mark(ApiResponse.json(all.stream()
        .filter(c -> state.equals(ANY_STATE) || state.equals(c.status()))
        .toList()));
  }

  /** {@code ?passing} alone means true, as in Consul; {@code ?passing=false} turns the filter off. */
  private static boolean passingOnly(ApiRequest request) {
    return BooleanParam.of(request, "passing").orElse(false);
  }
}
