package dev.signpost.core;

import java.util.Optional;

/** A change to the registry, numbered by the registry index it produced. */
public sealed interface RegistryEvent {

  long index();

  /** The instance the event is about, after the change (or as it was, for a removal). */
  Instance instance();

  /** An instance was registered, replaced or changed (its health, say). */
  record Registered(Optional<Instance> previous, Instance instance, long index) implements RegistryEvent {}

  /** An instance was removed. */
  record Deregistered(Instance instance, long index) implements RegistryEvent {}
}
