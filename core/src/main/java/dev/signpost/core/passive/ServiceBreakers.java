package dev.signpost.core.passive;

import java.util.HashMap;
import java.util.Map;

/**
 * The breakers of one service's instances kept here. Its monitor serializes every decision about them: a
 * breaker asks whether it may open (the service's share) while the others stand still.
 */
final class ServiceBreakers {

  final String service;
  /** Instance id → its breaker; guarded by this. */
  final Map<String, InstanceBreaker> byInstance = new HashMap<>();

  ServiceBreakers(String service) {
    this.service = service;
  }
}
