package dev.signpost.core.health;

/**
 * Carries a TTL heartbeat to the node that runs the check. A client may send its heartbeats to any node
 * of a cluster, but only the check's owner ({@link dev.signpost.core.cluster.CheckPlacement}) times the
 * TTL. The heartbeat's state reaches the owner through the shared store, yet a heartbeat that repeats the
 * stored status and output writes nothing, so without a relay the owner would never hear of it and would
 * expire a check that is being kept alive. The receiving side is {@link HealthEngine#relayedHeartbeat}.
 */
@FunctionalInterface
public interface HeartbeatRelay {

  /** For a node that owns every check: nothing to carry. */
  HeartbeatRelay NONE = checkId -> { };

  /**
   * Tells the node that runs the TTL check {@code checkId} that a heartbeat for it arrived here. Called on
   * the API thread that took the heartbeat, so it must return at once (queue, send asynchronously) and
   * report its own failures: a lost relay costs at most one heartbeat, which the client repeats.
   */
  void relay(String checkId);
}
