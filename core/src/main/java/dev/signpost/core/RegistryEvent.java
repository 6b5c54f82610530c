package dev.signpost.core;

import java.util.Optional;

/** A change to the registry, numbered by the registry index it produced. */
public sealed interface RegistryEvent {

  long index();

  /** An instance was registered, replaced or changed (its health, say). */
  record Registered(Optional<Instance> previous, Instance instance, long index) implements RegistryEvent {}

  /** An instance was removed. */
  record Deregistered(Instance instance, long index) implements RegistryEvent {}

  /**
   * A service's DNS policy was set, replaced or (empty) removed.
   *
   * @param service the service's key (its name in lower case)
   */
  record PolicyChanged(String service, Optional<ServicePolicy> policy, long index) implements RegistryEvent {}

  /**
   * An external node was registered, replaced or (empty) removed in the catalog. Its instances change by
   * their own events: a removed node's instances are deregistered before it.
   *
   * @param node the node's {@linkplain CatalogNode#key key}
   */
  record NodeChanged(String node, Optional<CatalogNode> value, long index) implements RegistryEvent {}
}
