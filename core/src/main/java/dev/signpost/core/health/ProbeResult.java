package dev.signpost.core.health;

import dev.signpost.core.CheckState;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one probe found: the check's state, and the active connections the endpoint reported, if its
 * answer said (a JSON body with a numeric {@code connections} or {@code activeConnections} field), for
 * the least-connections strategy.
 */
public record ProbeResult(CheckState state, OptionalLong activeConnections) {

  public ProbeResult {
    Objects.requireNonNull(state, "state");
    activeConnections = Objects.requireNonNullElse(activeConnections, OptionalLong.empty());
  }

  public static ProbeResult of(CheckState state) {
    return new ProbeResult(state, OptionalLong.empty());
  }
}
