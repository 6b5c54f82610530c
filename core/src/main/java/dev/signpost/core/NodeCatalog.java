package dev.signpost.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The external nodes of the catalog (Consul's {@code PUT /v1/catalog/register}): nodes that run no agent,
 * their services (instances that name the node) and those services' checks, which nothing runs. Stored,
 * indexed and announced like every registry change; reads see what is visible, writes complete once durable.
 * A write that touches several things (a node and the instances that follow its address, or a node and its
 * instances on removal) is one change each, in an order that never leaves an instance without its node.
 */
public final class NodeCatalog {

  private final Registry registry;

  NodeCatalog(Registry registry) {
    this.registry = registry;
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
    return registry.putNode(Objects.requireNonNull(node, "node"), skipNodeUpdate);
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
    if (check.kind() != CheckSpec.Kind.EXTERNAL || check.checkId().isEmpty()) {
      throw new IllegalArgumentException("a node's check is an external check with an id");
    }
    String key = CatalogNode.key(name);
    if (registry.instance(instanceId).filter(i -> i.node().equals(key)).isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return registry.update(instanceId, i -> {
      if (!i.node().equals(key)) {
        return i; // moved meanwhile: the caller's node no longer has it
      }
      List<CheckSpec> checks = new ArrayList<>();
      for (CheckSpec c : i.checks()) {
        if (!c.checkId().equals(check.checkId())) {
          checks.add(c);
        }
      }
      checks.add(check);
      return i.withChecks(checks).withHealth(i.health().withCheck(check.checkId(), state));
    }).thenApply(updated -> updated.filter(i -> i.node().equals(key)));
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
}
