package dev.signpost.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A health check definition as Consul's agent API takes it ({@code Check} / {@code Checks}). Exactly one
 * of {@code http}, {@code tcp} and {@code ttl} says what kind of check it is. Unset durations are
 * {@link Duration#ZERO}; unset strings are empty.
 *
 * @param checkId the check's id; empty means "derive it from the service" ({@code service:<id>})
 * @param initialStatus the status before the first result (Consul's {@code Status}, default critical)
 */
public record CheckSpec(
    String checkId,
    String name,
    String notes,
    String http,
    String method,
    Map<String, List<String>> header,
    boolean tlsSkipVerify,
    String tcp,
    Duration ttl,
    Duration interval,
    Duration timeout,
    HealthStatus initialStatus,
    int successBeforePassing,
    int failuresBeforeWarning,
    int failuresBeforeCritical,
    Duration deregisterCriticalServiceAfter) {

  /** What a check does to decide a status. */
  public enum Kind { HTTP, TCP, TTL }

  public CheckSpec {
    checkId = Objects.requireNonNullElse(checkId, "");
    name = Objects.requireNonNullElse(name, "");
    notes = Objects.requireNonNullElse(notes, "");
    http = Objects.requireNonNullElse(http, "");
    method = Objects.requireNonNullElse(method, "");
    header = immutableHeader(header);
    tcp = Objects.requireNonNullElse(tcp, "");
    ttl = nonNegative("TTL", ttl);
    interval = nonNegative("Interval", interval);
    timeout = nonNegative("Timeout", timeout);
    initialStatus = Objects.requireNonNullElse(initialStatus, HealthStatus.CRITICAL);
    deregisterCriticalServiceAfter =
        nonNegative("DeregisterCriticalServiceAfter", deregisterCriticalServiceAfter);
    if (initialStatus == HealthStatus.MAINTENANCE) {
      throw new IllegalArgumentException("Check.Status must be passing, warning or critical");
    }
    if (successBeforePassing < 0 || failuresBeforeWarning < 0 || failuresBeforeCritical < 0) {
      throw new IllegalArgumentException(
          "Check.SuccessBeforePassing, FailuresBeforeWarning and FailuresBeforeCritical must not be negative");
    }
    int kinds = (http.isEmpty() ? 0 : 1) + (tcp.isEmpty() ? 0 : 1) + (ttl.isZero() ? 0 : 1);
    if (kinds != 1) {
      throw new IllegalArgumentException(
          "Check must set exactly one of HTTP, TCP or TTL" + (kinds == 0 ? "" : " (it sets " + kinds + ")"));
    }
    if (ttl.isZero() && interval.isZero()) {
      throw new IllegalArgumentException("Check.Interval must be > 0 for HTTP and TCP checks");
    }
  }

  private static Map<String, List<String>> immutableHeader(Map<String, List<String>> header) {
    if (header == null || header.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
    header.forEach((name, values) -> copy.put(name, values == null ? List.of() : List.copyOf(values)));
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static Duration nonNegative(String field, Duration d) {
    if (d == null) {
      return Duration.ZERO;
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("Check." + field + " must not be negative, got " + d);
    }
    return d;
  }

  public Kind kind() {
    if (!http.isEmpty()) {
      return Kind.HTTP;
    }
    return tcp.isEmpty() ? Kind.TTL : Kind.TCP;
  }

  /** A TTL check: passing only while heartbeats arrive within {@code ttl}. */
  public static CheckSpec ttl(String checkId, Duration ttl) {
    return new CheckSpec(checkId, "", "", "", "", Map.of(), false, "", ttl, Duration.ZERO, Duration.ZERO,
        null, 0, 0, 0, Duration.ZERO);
  }

  /** This check with its id filled in, for a check registered with a service. */
  public CheckSpec withCheckId(String id) {
    return new CheckSpec(id, name, notes, http, method, header, tlsSkipVerify, tcp, ttl, interval, timeout,
        initialStatus, successBeforePassing, failuresBeforeWarning, failuresBeforeCritical,
        deregisterCriticalServiceAfter);
  }
}
