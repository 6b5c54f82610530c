package dev.signpost.core;

import java.util.List;

/**
 * Which instances of one service DNS serves right now.
 *
 * @param instances the served instances, in id order
 * @param failingOpen true while every instance is excluded by its checks and the last healthy set is
 *     served anyway ({@code --dns-fail-open}); answers then carry a 1 s TTL
 */
public record ServedInstances(List<Instance> instances, boolean failingOpen) {

  public static final ServedInstances NONE = new ServedInstances(List.of(), false);

  public ServedInstances {
    instances = List.copyOf(instances);
    if (failingOpen && instances.isEmpty()) {
      throw new IllegalArgumentException("failing open needs instances to serve");
    }
  }
}
