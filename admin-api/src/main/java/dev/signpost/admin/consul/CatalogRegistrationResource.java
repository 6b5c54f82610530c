package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.admin.http.ApiRequest;
import dev.signpost.admin.http.ApiResponse;
import dev.signpost.admin.json.JsonCodec;
import dev.signpost.core.CatalogNode;
import dev.signpost.core.Instance;
import dev.signpost.core.NodeCatalog;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.cluster.Member;
import dev.signpost.core.cluster.Membership;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code PUT /v1/catalog/register} and {@code /v1/catalog/deregister}: nodes that run no agent (an external
 * database) and their services, as Consul's catalog takes them. Both answer {@code true} once every change
 * is durable, as Consul does. A registration (the node, its service, checks of its other services) is one
 * registry change, all or none: a failure leaves nothing of it, and the same request sent again makes it.
 *
 * <p>Refused where Signpost differs from Consul: a node named like a Signpost agent of the cluster (whose
 * services are the agent's to register), a check without a {@code ServiceID} (Signpost has no node-level
 * checks), and a service id another node's service holds (ids are unique across nodes here).
 */
final class CatalogRegistrationResource {

  private final ServiceDiscovery discovery;
  private final NodeCatalog catalog;
  private final JsonCodec json;
  private final NodeIdentity node;
  private final DatacenterParam datacenter;
  private final Membership membership;
  private final AclGate acl;
  private final CatalogRegistrationMapper mapper = new CatalogRegistrationMapper();

  CatalogRegistrationResource(ServiceDiscovery discovery, JsonCodec json, NodeIdentity node, Membership membership,
      AclGate acl) {
    this.discovery = discovery;
    this.catalog = discovery.catalog();
    this.json = json;
    this.node = node;
    this.datacenter = new DatacenterParam(node.datacenter());
    this.membership = membership;
    this.acl = acl;
  }

  /** {@code PUT /v1/catalog/register}. */
  CompletionStage<ApiResponse> register(ApiRequest request) {
    CatalogRegistrationJson body = json.read(request.body(), CatalogRegistrationJson.class);
    if (body != null) {
      // The body's Datacenter is read like ?dc=: another datacenter is out of reach.
      datacenter.requireOurs(body.datacenter());
      requireExternal(body.node());
    }
    Optional<CatalogNode> existing = body == null || body.node() == null ? Optional.empty()
        : catalog.node(body.node());
    CatalogRegistrationMapper.Registration registration = mapper.toRegistration(body, existing);
    String name = registration.node().name();
    requireNodeWrite(request, name);
    registration.service().ifPresent(i -> {
      acl.requireServiceWrite(request, i.service().value());
      acl.requireInstanceWrite(request, i.id()); // taking over an id needs write on its present service too
    });
    for (CatalogRegistrationMapper.NodeCheck c : registration.otherChecks()) {
      Instance owner = catalog.instancesOn(name).stream().filter(i -> i.id().equals(c.serviceId())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(c.field() + ".ServiceID '" + c.serviceId()
              + "' is not a service of node '" + name + "'"));
      acl.requireServiceWrite(request, owner.service().value());
    }
    List<NodeCatalog.ServiceCheck> checks = registration.otherChecks().stream()
        .map(c -> new NodeCatalog.ServiceCheck(c.serviceId(), c.check(), c.state())).toList();
    return catalog.register(registration.node(), registration.skipNodeUpdate(), registration.service(), checks)
        .thenApply(v -> ApiResponse.json(true));
  }

  /**
   * {@code PUT /v1/catalog/deregister}. As in Consul, removing what is not there succeeds: the request says
   * what must not exist afterwards.
   */
  CompletionStage<ApiResponse> deregister(ApiRequest request) {
    CatalogDeregistrationJson body = json.read(request.body(), CatalogDeregistrationJson.class);
    if (body == null) {
      throw ApiException.badRequest("request body is empty: expected {\"Node\": ...}");
    }
    if (body.node() == null || body.node().isEmpty()) {
      throw new IllegalArgumentException("Node is missing");
    }
    datacenter.requireOurs(body.datacenter());
    requireExternal(body.node());
    String name = body.node();
    requireNodeWrite(request, name);
    boolean service = body.serviceId() != null && !body.serviceId().isEmpty();
    boolean check = body.checkId() != null && !body.checkId().isEmpty();
    CompletionStage<?> done = CompletableFuture.completedFuture(null);
    if (service) {
      catalog.instancesOn(name).stream().filter(i -> i.id().equals(body.serviceId()))
          .forEach(i -> acl.requireServiceWrite(request, i.service().value()));
      done = done.thenCompose(v -> catalog.deregisterService(name, body.serviceId()));
    }
    if (check) {
      discovery.instanceByCheck(body.checkId()).filter(i -> i.node().equals(CatalogNode.key(name)))
          .ifPresent(i -> acl.requireServiceWrite(request, i.service().value()));
      done = done.thenCompose(v -> catalog.removeCheck(name, body.checkId()));
    }
    if (!service && !check) {
      catalog.instancesOn(name).forEach(i -> acl.requireServiceWrite(request, i.service().value()));
      done = catalog.deregister(name);
    }
    return done.thenApply(v -> ApiResponse.json(true));
  }

  private void requireNodeWrite(ApiRequest request, String name) {
    AclGate.requireAllowed(acl.authorizer(request).nodeWrite(name));
  }


  /** An agent's node is the agent's: its services come and go through its own agent endpoints. */
  private void requireExternal(String name) {
    if (name == null) {
      return;
    }
    boolean agent = name.equalsIgnoreCase(node.name())
        || membership.members().stream().map(Member::name).anyMatch(name::equalsIgnoreCase);
    if (agent) {
      throw ApiException.badRequest("Node '" + name + "' is a Signpost agent of this cluster: register and "
          + "deregister its services through its /v1/agent/service endpoints");
    }
  }
}
