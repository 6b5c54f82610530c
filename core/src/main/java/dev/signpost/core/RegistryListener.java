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

  /**
   * {@link #onEvent(RegistryEvent)} with who made the change: what the event history needs, and nothing
   * else does, so by default the origin is left out.
   */
  default void onEvent(RegistryEvent event, ChangeOrigin origin) {
    onEvent(event);
  }
}
