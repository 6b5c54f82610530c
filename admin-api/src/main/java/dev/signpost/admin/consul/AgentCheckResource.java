package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * The agent's check endpoints: list, register, deregister, and the TTL heartbeats (pass, warn, fail,
 * update). Every check belongs to a service instance. Writes answer only once the registry's stage
 * completes, that is once the change is durable.
 */
final class AgentCheckResource {

  private final ServiceDiscovery discovery;
  private final JsonCodec json;
  private final ServiceDefinitionMapper definitions = new ServiceDefinitionMapper();
  private final CheckMapper checks;

  private final AclGate acl;

  AgentCheckResource(ServiceDiscovery discovery, JsonCodec json, NodeIdentity node, AclGate acl) {
    this.discovery = discovery;
    this.acl = acl;
    this.json = json;
    this.checks = new CheckMapper(node);
  }

  /** {@code GET /v1/agent/checks}: check id → check, in id order; maintenance checks included. */
  ApiResponse checks(ApiRequest request) {
    Map<String, HealthCheckJson> out = new TreeMap<>();
    AclGate.ReadFilter readable = acl.readFilter(request);
    for (Instance i : discovery.instances()) {
      if (!i.isExternal() && readable.service(i.service().value())) {
        checks.checks(i).forEach(c -> out.put(c.checkId(), c));
      }
    }
    return readable.mark(ApiResponse.json(out));
  }

  /** {@code PUT /v1/agent/check/register}: adds a check to its instance, or redefines it (same id). */
  CompletionStage<ApiResponse> register(ApiRequest request) {
    CheckDefinitionJson definition = json.read(request.body(), CheckDefinitionJson.class);
    CheckSpec check = definitions.toCheck(definition);
    String serviceId = definition.serviceId();
    if (serviceId != null) {
      acl.requireInstanceWrite(request, serviceId);
    }
    if (serviceId != null && discovery.instance(serviceId).filter(Instance::isExternal).isPresent()) {
      throw ApiException.badRequest("ServiceID \"" + serviceId + "\" does not exist");
    }
    return discovery.addCheck(serviceId, check).thenApply(owner -> {
      if (owner.isEmpty()) {
        throw ApiException.badRequest("ServiceID \"" + serviceId + "\" does not exist");
      }
      return ApiResponse.empty();
    });
  }

  /**
   * {@code PUT|DELETE /v1/agent/check/deregister/{id}}. Deregistering an instance's maintenance check
   * ({@code _service_maintenance:<id>}) ends its maintenance, as in Consul.
   */
  CompletionStage<ApiResponse> deregister(ApiRequest request) {
    String id = request.pathParam("id");
    acl.requireCheckWrite(request, id);
    requireOwn(id);
    if (id.startsWith(CheckMapper.MAINTENANCE_PREFIX)) {
      String instanceId = id.substring(CheckMapper.MAINTENANCE_PREFIX.length());
      acl.requireInstanceWrite(request, instanceId);
      boolean inMaintenance = discovery.instance(instanceId)
          .filter(i -> i.health().maintenance().isPresent()).isPresent();
      if (inMaintenance) {
        return answer(id, discovery.maintenance(instanceId, false, ""));
      }
    }
    return answer(id, discovery.removeCheck(id));
  }

  /** {@code PUT /v1/agent/check/pass/{id}?note=}. */
  CompletionStage<ApiResponse> pass(ApiRequest request) {
    return heartbeat(request, HealthStatus.PASSING);
  }

  /** {@code PUT /v1/agent/check/warn/{id}?note=}. */
  CompletionStage<ApiResponse> warn(ApiRequest request) {
    return heartbeat(request, HealthStatus.WARNING);
  }

  /** {@code PUT /v1/agent/check/fail/{id}?note=}. */
  CompletionStage<ApiResponse> fail(ApiRequest request) {
    return heartbeat(request, HealthStatus.CRITICAL);
  }

  /** {@code PUT /v1/agent/check/update/{id}} with {@code {"Status": ..., "Output": ...}}. */
  CompletionStage<ApiResponse> update(ApiRequest request) {
    CheckUpdateJson body = json.read(request.body(), CheckUpdateJson.class);
    if (body == null) {
      throw ApiException.badRequest("request body is empty: expected {\"Status\": ..., \"Output\": ...}");
    }
    HealthStatus status = status(body.status());
    String id = request.pathParam("id");
    acl.requireCheckWrite(request, id);
    requireOwn(id);
    return answer(id, discovery.reportTtl(id, status, body.output()));
  }

  private CompletionStage<ApiResponse> heartbeat(ApiRequest request, HealthStatus status) {
    String id = request.pathParam("id");
    acl.requireCheckWrite(request, id);
    requireOwn(id);
    // Consul's note becomes the check's output.
    return answer(id, discovery.reportTtl(id, status, request.queryParam("note").orElse("")));
  }

  /** An external node's check is not this agent's: unknown here, as on a Consul agent. */
  private void requireOwn(String checkId) {
    if (discovery.instanceByCheck(checkId).filter(Instance::isExternal).isPresent()) {
      throw unknownCheck(checkId);
    }
  }

  private static ApiException unknownCheck(String checkId) {
    return ApiException.notFound("Unknown check ID \"" + checkId + "\"");
  }

  /** Consul's spelling only: the three states a check can report. */
  private static HealthStatus status(String status) {
    if (status == null) {
      throw ApiException.badRequest("Status is missing: expected passing, warning or critical");
    }
    switch (status) {
      case "passing":
        return HealthStatus.PASSING;
      case "warning":
        return HealthStatus.WARNING;
      case "critical":
        return HealthStatus.CRITICAL;
      default:
        throw ApiException.badRequest("Status must be passing, warning or critical, got \"" + status + "\"");
    }
  }

  /** 200 once the change is durable; 404 when no instance has the check. */
  private static CompletionStage<ApiResponse> answer(String checkId, CompletionStage<Optional<Instance>> change) {
    return change.thenApply(owner -> {
      if (owner.isEmpty()) {
        throw unknownCheck(checkId);
      }
      return ApiResponse.empty();
    });
  }
}
