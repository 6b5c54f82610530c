package dev.signpost.client;

import java.time.Duration;

/**
 * What a client counts, for whatever metrics library the application uses. {@link #NONE} counts nothing (the
 * default); {@code dev.signpost.client.micrometer.MicrometerClientMetrics} counts into a Micrometer
 * {@code MeterRegistry}, and is the only class that needs Micrometer on the class path. Called from the
 * client's threads and the callers'; implementations are thread-safe and quick.
 */
public interface ClientMetrics {

  /** Counts nothing. */
  ClientMetrics NONE = new ClientMetrics() {};

  /** One attempt of a call to one instance ended, after {@code elapsed}. */
  default void attempt(String service, boolean success, Duration elapsed) {}

  /** A call tries again (after a transient failure). */
  default void retry(String service) {}

  /** A call wanted to try again but the retry budget was spent. */
  default void retryRefused(String service) {}

  /** An instance's breaker opened. */
  default void breakerOpened(String service) {}

  /** The client's list changed: {@code instances} of them now, from {@code source}. */
  default void instances(String service, int instances, Source source) {}

  /** A request to the server's health API failed (the list in use stays). */
  default void watchFailed(String service) {}

  /** Outcome reports were dropped: the queue was full, or the server refused them. */
  default void outcomesDropped(String service, long dropped) {}
}
