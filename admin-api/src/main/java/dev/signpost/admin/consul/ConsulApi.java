package dev.signpost.admin.consul;

import dev.signpost.admin.http.Route;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.ServiceDiscovery;
import java.util.List;

/**
 * The route table of the Consul-compatible API, in one place. Literal paths come before the patterns
 * that would also match them ({@code /v1/agent/service/register} before {@code /v1/agent/service/{id}}).
 */
public final class ConsulApi {

  private ConsulApi() {}

  public static List<Route> routes(ServiceDiscovery discovery, NodeIdentity node, JsonCodec json) {
    AgentServiceResource agent = new AgentServiceResource(discovery, json, node);
    AgentSelfResource self = new AgentSelfResource(discovery, node);
    CatalogResource catalog = new CatalogResource(discovery, node);
    HealthResource health = new HealthResource(discovery, node);
    StatusResource status = new StatusResource();
    return List.of(
        Route.write("PUT", "/v1/agent/service/register", agent::register),
        Route.write("PUT", "/v1/agent/service/deregister/{id}", agent::deregister),
        Route.write("DELETE", "/v1/agent/service/deregister/{id}", agent::deregister),
        Route.read("/v1/agent/services", agent::services),
        Route.read("/v1/agent/service/{id}", agent::service),
        Route.read("/v1/agent/self", self::self),
        Route.blockingRead("/v1/catalog/services", catalog::services),
        Route.blockingRead("/v1/catalog/service/{name}", catalog::service),
        Route.blockingRead("/v1/health/service/{name}", health::service),
        Route.read("/v1/status/leader", status::leader),
        Route.read("/v1/status/peers", status::peers));
  }
}
