package dev.signpost.admin.consul;

import dev.signpost.admin.AclConfig;
import dev.signpost.admin.ServerOperations;
import dev.signpost.admin.consul.AclGate.Need;
import dev.signpost.admin.http.Route;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import java.util.List;

/**
 * The route table of the Consul-compatible API, in one place, followed by Signpost's own endpoints under
 * {@code /v1/signpost/}. Literal paths come before the patterns that would also match them
 * ({@code /v1/agent/service/register} before {@code /v1/agent/service/{id}}).
 */
public final class ConsulApi {

  private ConsulApi() {}

  /** The table without ACLs: every request may do everything. */
  public static List<Route> routes(ServiceDiscovery discovery, NodeIdentity node, Membership membership,
      JsonCodec json, ServerOperations operations) {
    return routes(discovery, node, membership, json, operations, AclConfig.DISABLED);
  }

  /**
   * The table. With ACLs on, each route needs what its {@link AclGate.Need} says, checked before it runs;
   * routes on one service (most of them) have their resource check {@code service:read} or
   * {@code service:write} on it, and lists leave out what the token may not read. Every write is logged
   * once with the accessor id of its token. Keys need {@code key:read} or {@code key:write} ({@link KvResource}).
   * Node lists ({@code /v1/agent/members}, {@code /v1/catalog/nodes})
   * leave out the nodes the token may not {@code node:read}; the status endpoints need no token, as in Consul.
   * The list endpoints Consul filters take {@code ?filter=} ({@link FilterParam}), applied to what ACLs let
   * through.
   *
   * @param membership the nodes sharing the registry, {@code node} among them (as its {@code self()})
   */
  public static List<Route> routes(ServiceDiscovery discovery, NodeIdentity node, Membership membership,
      JsonCodec json, ServerOperations operations, AclConfig aclConfig) {
    requireSameNode(node, membership.self());
    AclGate acl = new AclGate(discovery, aclConfig, node.name());
    AgentServiceResource agent = new AgentServiceResource(discovery, json, node, acl);
    AgentCheckResource checks = new AgentCheckResource(discovery, json, node, acl);
    AgentHealthResource agentHealth = new AgentHealthResource(discovery, node, acl);
    AgentSelfResource self = new AgentSelfResource(discovery, node, membership);
    AgentMembersResource members = new AgentMembersResource(membership, node, acl);
    CatalogResource catalog = new CatalogResource(discovery, node, membership, acl);
    CatalogRegistrationResource registration = new CatalogRegistrationResource(discovery, json, node, membership, acl);
    HealthResource health = new HealthResource(discovery, node, acl);
    StatusResource status = new StatusResource(membership);
    SignpostPolicyResource policies = new SignpostPolicyResource(discovery, json, acl);
    InstanceLoadResource load = new InstanceLoadResource(discovery, json, acl);
    InstanceOutcomesResource outcomes = new InstanceOutcomesResource(discovery, json, acl);
    OperationsResource ops = new OperationsResource(operations);
    ExplainResource explain = new ExplainResource(operations, acl);
    ServiceSummaryResource summaries = new ServiceSummaryResource(discovery, operations, acl);
    AclResource tokens = new AclResource(discovery, acl, json);
    KvResource kv = new KvResource(discovery, acl);
    TxnResource txn = new TxnResource(discovery, acl, json);
    EventsResource events = new EventsResource(operations, acl, json);
    Audit audit = new Audit(discovery, acl);
    FilterParam filter = new FilterParam(json);
    ContentHash contentHash = new ContentHash(json);
    return List.of(
        audit.write("PUT", "/v1/agent/service/register", agent::register),
        audit.write("PUT", "/v1/agent/service/deregister/{id}", agent::deregister),
        audit.write("DELETE", "/v1/agent/service/deregister/{id}", agent::deregister),
        audit.write("PUT", "/v1/agent/service/maintenance/{id}", agent::maintenance),
        filter.hashBlockingRead("/v1/agent/services", AgentServiceJson.class, agent::services, contentHash::mark),
        Route.hashBlockingRead("/v1/agent/service/{id}", request -> contentHash.mark(agent.service(request))),
        audit.write("PUT", "/v1/agent/check/register", checks::register),
        audit.write("PUT", "/v1/agent/check/deregister/{id}", checks::deregister),
        audit.write("DELETE", "/v1/agent/check/deregister/{id}", checks::deregister),
        Route.write("PUT", "/v1/agent/check/pass/{id}", checks::pass),
        Route.write("PUT", "/v1/agent/check/warn/{id}", checks::warn),
        Route.write("PUT", "/v1/agent/check/fail/{id}", checks::fail),
        Route.write("PUT", "/v1/agent/check/update/{id}", checks::update),
        filter.read("/v1/agent/checks", HealthCheckJson.class, checks::checks),
        Route.read("/v1/agent/health/service/id/{id}", agentHealth::byId),
        Route.read("/v1/agent/health/service/name/{name}", agentHealth::byName),
        Route.read("/v1/agent/self", acl.readRequiring(Need.AGENT_READ, self::self)),
        Route.read("/v1/agent/members", members::members),
        audit.write("PUT", "/v1/catalog/register", registration::register),
        audit.write("PUT", "/v1/catalog/deregister", registration::deregister),
        filter.selectingBlockingRead("/v1/catalog/services", CatalogServiceJson.class, catalog::services),
        filter.blockingRead("/v1/catalog/service/{name}", CatalogServiceJson.class, catalog::service),
        // Blocking in Consul; here the answer is at once: membership changes do not move the registry index.
        filter.read("/v1/catalog/nodes", NodeJson.class, catalog::nodes),
        Route.blockingRead("/v1/catalog/node/{node}", catalog::node),
        Route.blockingRead("/v1/catalog/node-services/{node}", catalog::nodeServiceList),
        Route.read("/v1/catalog/datacenters", catalog::datacenters),
        filter.blockingRead("/v1/health/service/{name}", ServiceEntryJson.class, health::service),
        filter.blockingRead("/v1/health/checks/{service}", HealthCheckJson.class, health::serviceChecks),
        filter.blockingRead("/v1/health/state/{state}", HealthCheckJson.class, health::state),
        Route.readAsync("/v1/kv/{key...}", kv::get),
        audit.write("PUT", "/v1/kv/{key...}", kv::put),
        audit.write("DELETE", "/v1/kv/{key...}", kv::delete),
        audit.write("PUT", "/v1/txn", txn::run),
        Route.read("/v1/status/leader", status::leader),
        Route.read("/v1/status/peers", status::peers),
        Route.read("/metrics", acl.readRequiring(Need.METRICS_READ, ops::metrics)),
        audit.write("PUT", "/v1/signpost/reload", acl.require(Need.OPERATOR_WRITE, ops::reload)),
        audit.write("POST", "/v1/signpost/reload", acl.require(Need.OPERATOR_WRITE, ops::reload)),
        Route.blockingRead("/v1/signpost/policies", policies::policies),
        Route.blockingRead("/v1/signpost/services", summaries::services),
        audit.write("PUT", "/v1/signpost/policy/{service}", policies::put),
        Route.read("/v1/signpost/policy/{service}", policies::get),
        audit.write("DELETE", "/v1/signpost/policy/{service}", policies::delete),
        Route.write("PUT", "/v1/signpost/instance/{id}/load", load::report),
        Route.write("PUT", "/v1/signpost/instance/{id}/outcomes", outcomes::report),
        // NONE: the resource checks service:read on the name's service, or operator:read for other names
        Route.read("/v1/signpost/explain", acl.readRequiring(Need.NONE, explain::explain)),
        Route.read("/v1/signpost/instance/{id}/load", load::load),
        // NONE: entries are filtered by service:read on their service, node:read on a node's
        Route.read("/v1/signpost/events", acl.readRequiring(Need.NONE, events::events)),
        audit.write("PUT", "/v1/acl/bootstrap", tokens::bootstrap),
        audit.write("PUT", "/v1/acl/token", acl.require(Need.ACL_WRITE, tokens::createToken)),
        Route.read("/v1/acl/token/self", tokens::self),
        audit.write("PUT", "/v1/acl/token/{id}", acl.require(Need.ACL_WRITE, tokens::updateToken)),
        Route.read("/v1/acl/token/{id}", acl.readRequiring(Need.ACL_READ, tokens::readToken)),
        audit.write("DELETE", "/v1/acl/token/{id}", acl.require(Need.ACL_WRITE, tokens::deleteToken)),
        Route.read("/v1/acl/tokens", acl.readRequiring(Need.ACL_READ, tokens::tokens)),
        audit.write("PUT", "/v1/acl/policy", acl.require(Need.ACL_WRITE, tokens::createPolicy)),
        Route.read("/v1/acl/policy/name/{name}", acl.readRequiring(Need.ACL_READ, tokens::readPolicyByName)),
        audit.write("PUT", "/v1/acl/policy/{id}", acl.require(Need.ACL_WRITE, tokens::updatePolicy)),
        Route.read("/v1/acl/policy/{id}", acl.readRequiring(Need.ACL_READ, tokens::readPolicy)),
        audit.write("DELETE", "/v1/acl/policy/{id}", acl.require(Need.ACL_WRITE, tokens::deletePolicy)),
        Route.read("/v1/acl/policies", acl.readRequiring(Need.ACL_READ, tokens::policies)));
  }

  /** The agent and its entry in the membership must be one node, or the API would contradict itself. */
  private static void requireSameNode(NodeIdentity node, Member self) {
    if (!self.name().equals(node.name()) || !self.datacenter().equals(node.datacenter())) {
      throw new IllegalArgumentException("the membership's own node is '" + self.name() + "' in '"
          + self.datacenter() + "', but the HTTP API's is '" + node.name() + "' in '" + node.datacenter() + "'");
    }
  }
}
