package dev.signpost.core.health;

/**
 * How many probes may be in flight at once: to one target ({@code host:port} as the check writes it) and
 * in all ({@code --health-max-probes-per-target}, {@code --health-max-probes}). They also bound the HTTP
 * probes' idle keep-alive connections: as many per target, and no more open connections in all.
 */
public record ProbeLimits(int perTarget, int total) {

  /**
   * 8 per target: enough for an endpoint serving many checks (at 1 ms a probe, 8,000 a second), few
   * sockets for a dead one. 2,048 in all: a bound on sockets and memory, not a fairness device (256
   * targets all at their limit).
   */
  public static final ProbeLimits DEFAULT = new ProbeLimits(8, 2048);

  public ProbeLimits {
    if (perTarget < 1 || total < perTarget) {
      throw new IllegalArgumentException("probe limits need 1 <= per target <= total, got " + perTarget + " and "
          + total);
    }
  }
}
