package dev.signpost.core;

import java.util.Map;

/** A point-in-time count of what the registry holds. */
public record RegistryMetrics(long index, int services, int instances, Map<HealthStatus, Integer> instancesByStatus) {

  public RegistryMetrics {
    instancesByStatus = Map.copyOf(instancesByStatus);
  }
}
