package dev.signpost.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The external nodes of the catalog (Consul's {@code PUT /v1/catalog/register}): nodes that run no agent,
 * their services (instances that name the node) and those services' checks, which nothing runs. Stored,
 * indexed and announced like every registry change; reads see what is visible, writes complete once durable.
 * A write that touches several things (a node, its service and checks, and the instances that follow its
 * address; or a node and its instances on removal) is one change, all or none: a failed one leaves nothing.
 */
public final class NodeCatalog {

  private final Registry registry;
  /** What {@link ServiceDiscovery#register} refuses of a service before the registry sees it; throws. */
  private final Consumer<Instance> admission;

  NodeCatalog(Registry registry, Consumer<Instance> admission) {
    this.registry = registry;
    this.admission = admission;
  }

  /** The external node with this name (case-insensitive). */
  public Optional<CatalogNode> node(String name) {
    return registry.node(Objects.requireNonNull(name, "name"));
  }

  /** Every external node, sorted by key. */
  public List<CatalogNode> nodes() {
    return registry.nodes();
  }

  /** The instances registered on the external node called {@code name}, sorted by id; a scan of them all. */
  public List<Instance> instancesOn(String name) {
    return registry.onNode(CatalogNode.key(name));
  }

  /**
   * Registers or replaces a node; with {@code skipNodeUpdate} an existing node is kept as it is (Consul's
   * {@code SkipNodeUpdate}). Its instances registered without an address of their own follow a new address.
   */
  public CompletionStage<CatalogNode> register(CatalogNode node, boolean skipNodeUpdate) {
    return register(node, skipNodeUpdate, Optional.empty(), List.of());
  }

  /**
   * One registration of Consul's catalog, as one change, all or none: the node (as {@link #register(CatalogNode,
   * boolean)} does), then {@code service} on it, registered or replaced as {@link ServiceDiscovery#register}
   * does (its checks' states and the checks it does not list are kept), then each of {@code checks} set on its
   * service, which may be {@code service} or another of the node's. Completes with the node once all of it is
   * durable and visible; a failure leaves none of it.
   *
   * @throws IllegalArgumentException when the service is not on this node or its id is another node's, a check
   *     is not an external check with an id, its service is not on the node, or its id is another instance's
   */
  public CompletionStage<CatalogNode> register(CatalogNode node, boolean skipNodeUpdate, Optional<Instance> service,
      List<ServiceCheck> checks) {
    Objects.requireNonNull(node, "node");
    service.ifPresent(admission);
    checks.forEach(c -> requireNodeCheck(c.check()));
    return registry.registerOnNode(node, skipNodeUpdate, service, List.copyOf(checks));
  }

  /** A check a registration sets on one of the node's services, in the state the registration says. */
  public record ServiceCheck(String serviceId, CheckSpec check, CheckState state) {
    public ServiceCheck {
      Objects.requireNonNull(serviceId, "serviceId");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(state, "state");
    }
  }

  /** Removes a node and every instance on it; completes with the node, or empty when there was none. */
  public CompletionStage<Optional<CatalogNode>> deregister(String name) {
    return registry.removeNode(name);
  }

  /** Removes one instance of the node; empty when the node has no instance with this id. */
  public CompletionStage<Optional<Instance>> deregisterService(String name, String instanceId) {
    String key = CatalogNode.key(name);
    return registry.deregisterIf(instanceId, i -> i.node().equals(key));
  }

  /**
   * Adds or replaces an external check of one of the node's instances, in {@code state}. Completes with the
   * instance; empty when the node has no instance with this id.
   *
   * @throws IllegalArgumentException when another instance has a check with this id
   */
  public CompletionStage<Optional<Instance>> putCheck(String name, String instanceId, CheckSpec check,
      CheckState state) {
    requireNodeCheck(check);
    String key = CatalogNode.key(name);
    if (registry.instance(instanceId).filter(i -> i.node().equals(key)).isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return registry.update(instanceId, i -> i.node().equals(key) ? withCheck(i, check, state)
        : i) // moved meanwhile: the caller's node no longer has it
        .thenApply(updated -> updated.filter(i -> i.node().equals(key)));
  }

  /** {@code instance} with {@code check} added or replaced, in {@code state}. */
  static Instance withCheck(Instance instance, CheckSpec check, CheckState state) {
    List<CheckSpec> checks = new ArrayList<>();
    for (CheckSpec c : instance.checks()) {
      if (!c.checkId().equals(check.checkId())) {
        checks.add(c);
      }
    }
    checks.add(check);
    return instance.withChecks(checks).withHealth(instance.health().withCheck(check.checkId(), state));
  }

  /** Removes a check of one of the node's instances; completes with the instance, empty when none has it. */
  public CompletionStage<Optional<Instance>> removeCheck(String name, String checkId) {
    String key = CatalogNode.key(name);
    Optional<Instance> owner = registry.instanceByCheck(checkId).filter(i -> i.node().equals(key));
    if (owner.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return registry.update(owner.get().id(), i -> i.node().equals(key)
        ? i.withChecks(i.checks().stream().filter(c -> !c.checkId().equals(checkId)).toList()) : i);
  }

  private static void requireNodeCheck(CheckSpec check) {
    if (check.kind() != CheckSpec.Kind.EXTERNAL || check.checkId().isEmpty()) {
      throw new IllegalArgumentException("a node's check is an external check with an id");
    }
  }
}
