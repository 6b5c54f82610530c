package dev.signpost.core;

import java.util.Objects;

/**
 * What a check last reported: its status and the output that explains it (an HTTP status line and body,
 * a connect error, a TTL heartbeat's note). Outputs longer than {@link #MAX_OUTPUT} characters are cut to
 * that length, saying so, as Consul does.
 */
public record CheckState(HealthStatus status, String output) {

  /** Consul's limit on a check's captured output. */
  public static final int MAX_OUTPUT = 4096;

  public CheckState {
    Objects.requireNonNull(status, "status");
    if (status == HealthStatus.MAINTENANCE) {
      throw new IllegalArgumentException("a check's status is passing, warning or critical, not maintenance");
    }
    output = truncated(Objects.requireNonNullElse(output, ""));
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
