package dev.signpost.core.passive;

import java.util.Optional;

/**
 * The rule over a whole service that keeps reports from emptying it: at most {@code MaxEjectedPercent} of its
 * instances out at once, counting those already out, and never the last instance DNS still serves.
 */
final class EjectionShare {

  private EjectionShare() {}

  /** How many of {@code total} instances may be out at once. */
  static int allowed(int total, int maxEjectedPercent) {
    return (int) ((long) total * maxEjectedPercent / 100);
  }

  /**
   * Why one more instance may not go out, or empty when it may.
   *
   * @param total the service's instances
   * @param out those already ejected
   * @param anotherServed whether an instance other than this one, not ejected, is in DNS
   */
  static Optional<String> refusal(String service, int total, int out, boolean anotherServed, int maxEjectedPercent) {
    int allowed = allowed(total, maxEjectedPercent);
    if (out + 1 > allowed) {
      return Optional.of("MaxEjectedPercent " + maxEjectedPercent + " allows " + allowed + " of " + total
          + (total == 1 ? " instance" : " instances") + " of " + service + " out, and " + out
          + (out == 1 ? " is" : " are") + " already");
    }
    if (!anotherServed) {
      return Optional.of("no other instance of " + service + " would be left in DNS");
    }
    return Optional.empty();
  }
}
