package dev.signpost.core.acl;

import java.util.Locale;
import java.util.Optional;

/**
 * The resources Consul's rule language names (Consul CE 1.2x, {@code acl/policy.go}), and how each is written.
 * Signpost decides on services, nodes, agents, keys, {@code operator} and {@code acl}; the rest are parsed and
 * checked like Consul does, then ignored, so policies written for Consul load unchanged.
 */
enum Resource {
  ACL(Shape.SINGLE, true),
  OPERATOR(Shape.SINGLE, true),
  KEYRING(Shape.SINGLE, false),
  MESH(Shape.SINGLE, false),
  PEERING(Shape.SINGLE, false),
  SERVICE(Shape.EXACT, true),
  SERVICE_PREFIX(Shape.PREFIX, true),
  NODE(Shape.EXACT, true),
  NODE_PREFIX(Shape.PREFIX, true),
  AGENT(Shape.EXACT, true),
  AGENT_PREFIX(Shape.PREFIX, true),
  KEY(Shape.EXACT, true),
  KEY_PREFIX(Shape.PREFIX, true),
  SESSION(Shape.EXACT, false),
  SESSION_PREFIX(Shape.PREFIX, false),
  EVENT(Shape.EXACT, false),
  EVENT_PREFIX(Shape.PREFIX, false),
  QUERY(Shape.EXACT, false),
  QUERY_PREFIX(Shape.PREFIX, false),
  IDENTITY(Shape.EXACT, false),
  IDENTITY_PREFIX(Shape.PREFIX, false);

  /**
   * {@code SINGLE}: {@code operator = "read"}. {@code EXACT}: {@code service "web" { policy = "read" }} names
   * one resource. {@code PREFIX}: {@code service_prefix "web-" { ... }} names every resource starting so.
   */
  enum Shape { SINGLE, EXACT, PREFIX }

  final Shape shape;
  /** Whether Signpost decides anything on it; the others are validated and dropped. */
  final boolean served;

  Resource(Shape shape, boolean served) {
    this.shape = shape;
    this.served = served;
  }

  /** As written in rules: {@code service_prefix}. */
  String ruleName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code list} is a disposition for keys only. */
  boolean allowsList() {
    return this == KEY || this == KEY_PREFIX;
  }

  /** {@code intentions = "..."} may stand beside {@code policy} in these blocks. */
  boolean allowsIntentions() {
    return this == SERVICE || this == SERVICE_PREFIX || this == IDENTITY || this == IDENTITY_PREFIX;
  }

  /** Names match ignoring case, as Consul's HCL decoder matches them. */
  static Optional<Resource> named(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (Resource r : values()) {
      if (r.name().equals(upper)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
