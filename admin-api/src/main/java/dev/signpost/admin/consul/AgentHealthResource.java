package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Consul's local service health: {@code GET /v1/agent/health/service/id/{id}} and
 * {@code .../name/{name}}. The HTTP status carries the answer, for load balancers that read nothing
 * else: 200 passing, 429 warning, 503 critical or maintenance, 404 unknown. {@code ?format=text} answers
 * with the status word alone, as Consul does.
 */
final class AgentHealthResource {

  private final ServiceDiscovery discovery;
  private final AgentServiceMapper services;
  private final CheckMapper checks;

  private final AclGate acl;

  AgentHealthResource(ServiceDiscovery discovery, NodeIdentity node, AclGate acl) {
    this.discovery = discovery;
    this.acl = acl;
    this.services = new AgentServiceMapper(node.datacenter());
    this.checks = new CheckMapper(node);
  }

  /** One instance's health; an unknown id is Consul's 404 with a critical, empty answer. */
  ApiResponse byId(ApiRequest request) {
    String id = request.pathParam("id");
    Optional<Instance> instance = discovery.instance(id).filter(i -> !i.isExternal());
    instance.ifPresent(i -> acl.requireServiceRead(request, i.service().value()));
    if (instance.isEmpty()) {
      return answer(request, 404, "ServiceId " + id + " not found",
          new AgentServiceHealthJson(HealthStatus.CRITICAL.wireName(), null, null));
    }
    HealthStatus status = instance.get().status();
    return answer(request, httpStatus(status), status.wireName(), toJson(instance.get()));
  }

  /** Every instance of a service, the HTTP status and text being the worst instance's. */
  ApiResponse byName(ApiRequest request) {
    String name = request.pathParam("name");
    acl.requireServiceRead(request, name);
    List<Instance> instances = discovery.find(name).stream().filter(i -> !i.isExternal()).toList();
    if (instances.isEmpty()) {
      return answer(request, 404, "ServiceName " + name + " Not Found", List.of());
    }
    HealthStatus worst = HealthStatus.PASSING;
    List<AgentServiceHealthJson> out = new ArrayList<>(instances.size());
    for (Instance i : instances) {
      worst = worst.worst(i.status());
      out.add(toJson(i));
    }
    return answer(request, httpStatus(worst), worst.wireName(), out);
  }

  /** Consul aggregates maintenance over critical over warning over passing: the instance's own status. */
  private AgentServiceHealthJson toJson(Instance i) {
    return new AgentServiceHealthJson(i.status().wireName(), services.forAgent(i), checks.checks(i));
  }

  private static ApiResponse answer(ApiRequest request, int status, String text, Object json) {
    boolean asText = request.queryParam("format").filter("text"::equals).isPresent();
    return asText ? ApiResponse.text(status, text) : ApiResponse.json(status, json);
  }

  private static int httpStatus(HealthStatus status) {
    switch (status) {
      case PASSING:
        return 200;
      case WARNING:
        return 429;
      default:
        return 503;
    }
  }
}
