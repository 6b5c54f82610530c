package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.http.BooleanParam;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The agent's service endpoints: register, deregister, maintenance, list, get one. Writes answer only
 * once the registry's stage completes, that is once the change is durable. They are about this agent's own
 * services: an external node's (registered through the catalog) is unknown here, as on a Consul agent.
 *
 * <p>The route table marks the reads with {@code X-Consul-ContentHash} ({@link ContentHash}), after
 * {@code ?filter=}, and they block while {@code ?hash=} still matches it, as Consul's agent does; an unknown
 * id is a 404 at once.
 */
final class AgentServiceResource {

  private final ServiceDiscovery discovery;
  private final JsonCodec json;
  private final ServiceDefinitionMapper definitions = new ServiceDefinitionMapper();
  private final AgentServiceMapper services;
  private final AclGate acl;

  AgentServiceResource(ServiceDiscovery discovery, JsonCodec json, NodeIdentity node, AclGate acl) {
    this.discovery = discovery;
    this.acl = acl;
    this.json = json;
    this.services = new AgentServiceMapper(node.datacenter());
  }

  /** {@code PUT /v1/agent/service/register}. */
  CompletionStage<ApiResponse> register(ApiRequest request) {
    ServiceDefinitionJson definition = json.read(request.body(), ServiceDefinitionJson.class);
    Instance instance = definitions.toInstance(definition, request.remote().getAddress());
    // Writing the new service is not enough to take over an id another service holds.
    acl.requireServiceWrite(request, instance.service().value());
    acl.requireInstanceWrite(request, instance.id());
    // Consul keeps checks added since (PUT /v1/agent/check/register) unless asked to replace them.
    boolean replaceChecks = BooleanParam.of(request, "replace-existing-checks").orElse(false);
    return discovery.register(instance, replaceChecks).thenApply(stored -> ApiResponse.empty());
  }

  /** {@code PUT|DELETE /v1/agent/service/deregister/{id}}. */
  CompletionStage<ApiResponse> deregister(ApiRequest request) {
    String id = request.pathParam("id");
    acl.requireInstanceWrite(request, id);
    return discovery.deregisterOwn(id).thenApply(removed -> {
      if (removed.isEmpty()) {
        throw unknown(id);
      }
      return ApiResponse.empty();
    });
  }

  /**
   * {@code PUT /v1/agent/service/maintenance/{id}?enable=&reason=}: takes an instance out of DNS (and of
   * {@code ?passing} health answers) without deregistering it, or puts it back.
   */
  CompletionStage<ApiResponse> maintenance(ApiRequest request) {
    String id = request.pathParam("id");
    acl.requireInstanceWrite(request, id);
    if (request.queryParam("enable").orElse("").isEmpty()) {
      throw ApiException.badRequest("Missing value for enable");
    }
    boolean enable = BooleanParam.of(request, "enable").orElseThrow();
    String reason = request.queryParam("reason").orElse("");
    if (own(id).isEmpty()) {
      throw unknown(id);
    }
    return discovery.maintenance(id, enable, reason).thenApply(changed -> {
      if (changed.isEmpty()) {
        throw unknown(id);
      }
      return ApiResponse.empty();
    });
  }

  /** {@code GET /v1/agent/services}: id → service, in id order. */
  ApiResponse services(ApiRequest request) {
    Map<String, AgentServiceJson> out = new LinkedHashMap<>();
    AclGate.ReadFilter readable = acl.readFilter(request);
    for (Instance i : discovery.instances()) {
      if (!i.isExternal() && readable.service(i.service().value())) {
        out.put(i.id(), services.forAgent(i));
      }
    }
    return readable.mark(ApiResponse.json(out));
  }

  /** {@code GET /v1/agent/service/{id}}. */
  ApiResponse service(ApiRequest request) {
    String id = request.pathParam("id");
    own(id).ifPresent(i -> acl.requireServiceRead(request, i.service().value()));
    return own(id)
        .map(i -> ApiResponse.json(services.forAgent(i)))
        .orElseThrow(() -> unknown(id));
  }

  /** The instance with this id if it is this agent's own. */
  private Optional<Instance> own(String id) {
    return discovery.instance(id).filter(i -> !i.isExternal());
  }

  private static ApiException unknown(String id) {
    return ApiException.notFound("Unknown service ID \"" + id + "\"");
  }
}
