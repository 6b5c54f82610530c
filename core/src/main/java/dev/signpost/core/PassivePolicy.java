package dev.signpost.core;

import dev.signpost.balance.breaker.BreakerSettings;
import java.util.Objects;

/**
 * Passive health for one service ({@code Passive} in its policy): whether callers' reported outcomes may eject
 * its instances, each instance's circuit breaker, and the share of the service that may be out at once.
 *
 * @param enabled whether reports drive the instances' breakers (and DNS); off, reports only feed latency
 * @param breaker when one instance's breaker opens, for how long, and what closes it
 * @param maxEjectedPercent at most this share of the service's instances may be ejected at once, counting
 *     those already out; 0 means none ever is
 */
public record PassivePolicy(boolean enabled, BreakerSettings breaker, int maxEjectedPercent) {

  /** What {@code --passive-health} turns on for every service: the breaker's defaults and half the service. */
  public static final PassivePolicy DEFAULT = new PassivePolicy(true, BreakerSettings.DEFAULTS, 50);

  /** Passive health off. */
  public static final PassivePolicy OFF = new PassivePolicy(false, BreakerSettings.DEFAULTS, 50);

  public PassivePolicy {
    Objects.requireNonNull(breaker, "breaker");
    if (maxEjectedPercent < 0 || maxEjectedPercent > 100) {
      throw new IllegalArgumentException("MaxEjectedPercent must be between 0 and 100, got " + maxEjectedPercent);
    }
  }
}
