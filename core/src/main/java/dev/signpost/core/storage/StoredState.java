package dev.signpost.core.storage;

import dev.signpost.core.Instance;
import java.util.List;

/** Everything a store holds: the instances and the index of the last change they include. */
public record StoredState(long index, List<Instance> instances) {

  public static final StoredState EMPTY = new StoredState(0, List.of());

  public StoredState {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, got " + index);
    }
    instances = List.copyOf(instances);
  }
}
