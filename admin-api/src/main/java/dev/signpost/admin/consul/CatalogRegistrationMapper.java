package dev.signpost.admin.consul;

import dev.signpost.admin.http.ApiException;
import dev.signpost.core.CatalogNode;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.InstanceHealth;
import dev.signpost.core.ServiceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@code PUT /v1/catalog/register} body into what the registry stores: the node, the service (an
 * instance on the node, at the node's address unless it has its own, as Consul resolves it), and each check
 * as an external check in the status given (Consul's default, critical, when none is). Field validation is
 * core's, whose messages name the field; this class checks what core cannot see.
 */
final class CatalogRegistrationMapper {

  /** What one registration asks for, decided before anything is written. */
  record Registration(CatalogNode node, boolean skipNodeUpdate, Optional<Instance> service,
      List<NodeCheck> otherChecks) {}

  /** A check of a service already on the node (not the one this registration carries). */
  record NodeCheck(String field, String serviceId, CheckSpec check, CheckState state) {}

  /** One check as read, with the field that names it in messages. */
  private record ReadCheck(String field, String serviceId, CheckSpec check, CheckState state) {}

  /**
   * @param existing the node as it is now, if registered: with {@code SkipNodeUpdate} a registration may
   *     leave out the address and uses this one
   */
  Registration toRegistration(CatalogRegistrationJson body, Optional<CatalogNode> existing) {
    if (body == null) {
      throw ApiException.badRequest("request body is empty: expected a catalog registration");
    }
    boolean skip = Boolean.TRUE.equals(body.skipNodeUpdate());
    String address = body.address();
    if (isEmpty(address)) {
      if (!skip || existing.isEmpty()) {
        throw new IllegalArgumentException("Address is missing" + (skip ? "" : " (it may be left out only with "
            + "SkipNodeUpdate, for a node already registered)"));
      }
      address = existing.get().address();
    }
    CatalogNode node = new CatalogNode(body.node(), body.id(), address, body.taggedAddresses(), body.nodeMeta(), 0, 0);
    // What the node's services resolve their address from: the node as it will be once this is applied.
    String nodeAddress = skip && existing.isPresent() ? existing.get().address() : node.address();
    List<ReadCheck> checks = checks(body, node.name());
    Optional<Instance> service = Optional.ofNullable(body.service())
        .map(s -> instance(s, node.key(), nodeAddress, checks));
    List<NodeCheck> others = new ArrayList<>();
    for (ReadCheck c : checks) {
      if (service.isEmpty() || !service.get().id().equals(c.serviceId())) {
        others.add(new NodeCheck(c.field(), c.serviceId(), c.check(), c.state()));
      }
    }
    return new Registration(node, skip, service, others);
  }

  private static Instance instance(CatalogRegistrationJson.Service s, String node, String nodeAddress,
      List<ReadCheck> checks) {
    if (isEmpty(s.service())) {
      throw new IllegalArgumentException("Service.Service is missing");
    }
    ServiceName name;
    try {
      name = ServiceName.of(s.service());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Service.Service: " + e.getMessage(), e);
    }
    String id = isEmpty(s.id()) ? s.service() : s.id();
    List<CheckSpec> own = new ArrayList<>();
    Map<String, CheckState> states = new LinkedHashMap<>();
    for (ReadCheck c : checks) {
      if (c.serviceId().equals(id)) {
        own.add(c.check());
        states.put(c.check().checkId(), c.state());
      }
    }
    try {
      return new Instance(id, name, isEmpty(s.address()) ? nodeAddress : s.address(),
          ServiceDefinitionMapper.port(s.port()), ServiceDefinitionMapper.noNulls("Tags", s.tags()), s.meta(),
          ServiceDefinitionMapper.weights(s.weights()), null, own,
          new InstanceHealth(states, Optional.empty()), 0, 0, node);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Service." + e.getMessage(), e);
    }
  }

  /** {@code Check} then {@code Checks}, each with its id, its service and its state. */
  private static List<ReadCheck> checks(CatalogRegistrationJson body, String node) {
    List<ReadCheck> out = new ArrayList<>();
    if (body.check() != null) {
      out.add(check("Check", body.check(), node));
    }
    List<CatalogRegistrationJson.Check> listed = body.checks() == null ? List.of() : body.checks();
    for (int i = 0; i < listed.size(); i++) {
      if (listed.get(i) == null) {
        throw new IllegalArgumentException("Checks[" + i + "] is null");
      }
      out.add(check("Checks[" + i + "]", listed.get(i), node));
    }
    return out;
  }

  private static ReadCheck check(String field, CatalogRegistrationJson.Check c, String node) {
    if (!isEmpty(c.node()) && !c.node().equalsIgnoreCase(node)) {
      throw new IllegalArgumentException(field + ".Node '" + c.node() + "' is not the registration's Node '" + node
          + "'");
    }
    if (isEmpty(c.serviceId())) {
      throw new IllegalArgumentException(field + ".ServiceID is missing: Signpost attaches every check to a "
          + "service and has no node-level checks");
    }
    String id = isEmpty(c.checkId()) ? c.name() : c.checkId();
    if (isEmpty(id)) {
      throw new IllegalArgumentException(field + ".CheckID is missing (and so is Name, its default)");
    }
    HealthStatus status = status(field, c.status());
    try {
      CheckSpec spec = CheckSpec.external(id, isEmpty(c.name()) ? id : c.name(), c.notes(), status);
      return new ReadCheck(field, c.serviceId(), spec, new CheckState(status, c.output()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  /** Consul's catalog stores a check without a status as critical. */
  private static HealthStatus status(String field, String status) {
    if (isEmpty(status)) {
      return HealthStatus.CRITICAL;
    }
    return switch (status) {
      case "passing" -> HealthStatus.PASSING;
      case "warning" -> HealthStatus.WARNING;
      case "critical" -> HealthStatus.CRITICAL;
      default -> throw new IllegalArgumentException(field + ".Status must be passing, warning or critical, got \""
          + status + "\"");
    };
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
