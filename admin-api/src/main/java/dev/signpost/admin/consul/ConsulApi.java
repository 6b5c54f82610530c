package dev.signpost.admin.consul;

import dev.signpost.admin.ServerOperations;
import dev.signpost.admin.http.Route;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.ServiceDiscovery;
import java.util.List;

/**
 * The route table of the Consul-compatible API, in one place, followed by Signpost's own endpoints under
 * {@code /v1/signpost/}. Literal paths come before the patterns that would also match them
 * ({@code /v1/agent/service/register} before {@code /v1/agent/service/{id}}).
 */
public final class ConsulApi {

  private ConsulApi() {}

  public static List<Route> routes(ServiceDiscovery discovery, NodeIdentity node, JsonCodec json,
      ServerOperations operations) {
    AgentServiceResource agent = new AgentServiceResource(discovery, json, node);
    AgentCheckResource checks = new AgentCheckResource(discovery, json, node);
    AgentHealthResource agentHealth = new AgentHealthResource(discovery, node);
    AgentSelfResource self = new AgentSelfResource(discovery, node);
    CatalogResource catalog = new CatalogResource(discovery, node);
    HealthResource health = new HealthResource(discovery, node);
    StatusResource status = new StatusResource();
    SignpostPolicyResource policies = new SignpostPolicyResource(discovery, json);
    InstanceLoadResource load = new InstanceLoadResource(discovery, json);
    OperationsResource ops = new OperationsResource(operations);
    return List.of(
        Route.write("PUT", "/v1/agent/service/register", agent::register),
        Route.write("PUT", "/v1/agent/service/deregister/{id}", agent::deregister),
        Route.write("DELETE", "/v1/agent/service/deregister/{id}", agent::deregister),
        Route.write("PUT", "/v1/agent/service/maintenance/{id}", agent::maintenance),
        Route.read("/v1/agent/services", agent::services),
        Route.read("/v1/agent/service/{id}", agent::service),
        Route.write("PUT", "/v1/agent/check/register", checks::register),
        Route.write("PUT", "/v1/agent/check/deregister/{id}", checks::deregister),
        Route.write("DELETE", "/v1/agent/check/deregister/{id}", checks::deregister),
        Route.write("PUT", "/v1/agent/check/pass/{id}", checks::pass),
        Route.write("PUT", "/v1/agent/check/warn/{id}", checks::warn),
        Route.write("PUT", "/v1/agent/check/fail/{id}", checks::fail),
        Route.write("PUT", "/v1/agent/check/update/{id}", checks::update),
        Route.read("/v1/agent/checks", checks::checks),
        Route.read("/v1/agent/health/service/id/{id}", agentHealth::byId),
        Route.read("/v1/agent/health/service/name/{name}", agentHealth::byName),
        Route.read("/v1/agent/self", self::self),
        Route.blockingRead("/v1/catalog/services", catalog::services),
        Route.blockingRead("/v1/catalog/service/{name}", catalog::service),
        Route.blockingRead("/v1/health/service/{name}", health::service),
        Route.blockingRead("/v1/health/checks/{service}", health::serviceChecks),
        Route.blockingRead("/v1/health/state/{state}", health::state),
        Route.read("/v1/status/leader", status::leader),
        Route.read("/v1/status/peers", status::peers),
        Route.read("/metrics", ops::metrics),
        Route.write("PUT", "/v1/signpost/reload", ops::reload),
        Route.write("POST", "/v1/signpost/reload", ops::reload),
        Route.blockingRead("/v1/signpost/policies", policies::policies),
        Route.write("PUT", "/v1/signpost/policy/{service}", policies::put),
        Route.read("/v1/signpost/policy/{service}", policies::get),
        Route.write("DELETE", "/v1/signpost/policy/{service}", policies::delete),
        Route.write("PUT", "/v1/signpost/instance/{id}/load", load::report),
        Route.read("/v1/signpost/instance/{id}/load", load::load));
  }
}
