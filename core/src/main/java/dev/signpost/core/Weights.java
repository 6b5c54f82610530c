package dev.signpost.core;

/** Consul's instance weights: the SRV weight used while the instance is passing, and while warning. */
public record Weights(int passing, int warning) {

  public static final Weights DEFAULT = new Weights(1, 1);

  public Weights {
    if (passing < 1 || passing > 65535) {
      throw new IllegalArgumentException("Weights.Passing must be between 1 and 65535, got " + passing);
    }
    if (warning < 0 || warning > 65535) {
      throw new IllegalArgumentException("Weights.Warning must be between 0 and 65535, got " + warning);
    }
  }

  /** The weight that applies in the given state (0 for states that are never served). */
  public int forStatus(HealthStatus status) {
    return switch (status) {
      case PASSING -> passing;
      case WARNING -> warning;
      case CRITICAL, MAINTENANCE -> 0;
    };
  }
}
