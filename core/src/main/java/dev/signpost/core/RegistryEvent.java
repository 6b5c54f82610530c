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
}
