package dev.signpost.core;

import java.util.Locale;

/** Consul's health states, from best to worst; an instance's status is the worst of its checks. */
public enum HealthStatus {
  PASSING,
  WARNING,
  CRITICAL,
  MAINTENANCE;

  /** The lower-case spelling Consul uses on the wire ({@code "passing"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HealthStatus fromWireName(String name) {
    for (HealthStatus s : values()) {
      if (s.wireName().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "status '" + name + "' is not one of passing, warning, critical, maintenance");
  }

  public HealthStatus worst(HealthStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
