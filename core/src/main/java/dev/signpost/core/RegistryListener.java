package dev.signpost.core;

import java.util.Collection;

/**
 * Follows the registry: first the whole state, then every change in index order. Calls are made on the
 * writing thread while the registry holds its write lock, one at a time, so a listener must be quick and
 * must not call back into the registry's write methods.
 */
public interface RegistryListener {

  /** The registry's whole state at {@code index}; called once, when the listener is added. */
  void onReset(Collection<Instance> instances, long index);

  void onEvent(RegistryEvent event);
}
