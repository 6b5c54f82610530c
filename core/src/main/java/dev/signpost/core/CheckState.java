package dev.signpost.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a check last reported: its status and the output that explains it (an HTTP status line and body,
 * a connect error, a TTL heartbeat's note). Outputs longer than {@link #MAX_OUTPUT} characters are cut to
 * that length, saying so, as Consul does.
 *
 * @param since when the status last changed, as the registry recorded it on the change that made it; empty
 *     where unknown (a state a check just reported, before the registry stamped it, or one written before
 *     the registry kept it). The registry keeps it when only the output changes, so a re-report of the same
 *     status compares equal to what is stored.
 */
public record CheckState(HealthStatus status, String output, Optional<Instant> since) {

  /** Consul's limit on a check's captured output. */
  public static final int MAX_OUTPUT = 4096;

  public CheckState {
    Objects.requireNonNull(status, "status");
    if (status == HealthStatus.MAINTENANCE) {
      throw new IllegalArgumentException("a check's status is passing, warning or critical, not maintenance");
    }
    output = truncated(Objects.requireNonNullElse(output, ""));
    since = Objects.requireNonNullElse(since, Optional.empty());
  }

  /** A state as a check reports it: when it changed is the registry's to say. */
  public CheckState(HealthStatus status, String output) {
    this(status, output, Optional.empty());
  }

  /** This state, changed (by status) at {@code at}. */
  public CheckState changedAt(Instant at) {
    return new CheckState(status, output, Optional.of(at));
  }

  /** Whether {@code other} reports the same as this one: status and output, whenever either was recorded. */
  public boolean sameReport(CheckState other) {
    return status == other.status && output.equals(other.output);
  }

  /** The state a check starts in: its registration's initial status, no output yet. */
  public static CheckState initial(CheckSpec spec) {
    return new CheckState(spec.initialStatus(), "");
  }

  /**
   * The output cut to {@link #MAX_OUTPUT} characters, the note saying so included: so a cut output is
   * kept as it is when it comes back (from the journal, after a restart), and compares equal.
   */
  private static String truncated(String output) {
    if (output.length() <= MAX_OUTPUT) {
      return output;
    }
    String head = " ... (captured ";
    String tail = " of " + output.length() + " characters)";
    int keep = MAX_OUTPUT - head.length() - 4 - tail.length(); // "keep" itself has 4 digits
    return output.substring(0, keep) + head + keep + tail;
  }
}
