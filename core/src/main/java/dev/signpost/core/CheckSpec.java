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
 * @param disableRedirects an HTTP check's first answer is its result, a 3xx included (Consul's
 *     {@code DisableRedirects}); otherwise redirects are followed
 * @param external a check of an external node's service, registered through the catalog: nothing runs it,
 *     its state is what the registration said ({@link Kind#EXTERNAL}); it sets none of HTTP, TCP or TTL
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
    Duration deregisterCriticalServiceAfter,
    boolean disableRedirects,
    boolean external) {

  /**
   * What a check does to decide a status. An {@code EXTERNAL} check does nothing: its status is set by
   * whoever registered it in the catalog, as Consul's catalog stores checks it does not run.
   */
  public enum Kind { HTTP, TCP, TTL, EXTERNAL }

  /** How long an HTTP or TCP probe may take when the check sets no {@code Timeout} (Consul's default). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** The shortest interval accepted: faster probing only loads the checked service. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

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
    if (failuresBeforeWarning > failuresBeforeCritical) {
      throw new IllegalArgumentException("Check.FailuresBeforeWarning (" + failuresBeforeWarning
          + ") must not be greater than FailuresBeforeCritical (" + failuresBeforeCritical + ")");
    }
    int kinds = (http.isEmpty() ? 0 : 1) + (tcp.isEmpty() ? 0 : 1) + (ttl.isZero() ? 0 : 1);
    if (external) {
      if (kinds != 0 || !interval.isZero() || !deregisterCriticalServiceAfter.isZero()) {
        throw new IllegalArgumentException("an external check sets none of HTTP, TCP, TTL, Interval and "
            + "DeregisterCriticalServiceAfter: nothing runs it");
      }
    } else if (kinds != 1) {
      throw new IllegalArgumentException(
          "Check must set exactly one of HTTP, TCP or TTL" + (kinds == 0 ? "" : " (it sets " + kinds + ")"));
    }
    if (!external && ttl.isZero() && interval.isZero()) {
      throw new IllegalArgumentException("Check.Interval must be > 0 for HTTP and TCP checks");
    }
    if (!external && ttl.isZero() && interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("Check.Interval must be at least 100ms, got " + interval.toMillis() + "ms");
    }
    if (checkId.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      throw new IllegalArgumentException("Check.CheckID must not contain control characters");
    }
    Unicode.requireWellFormed("Check.CheckID", checkId);
    if (PassiveCheck.is(checkId)) {
      throw new IllegalArgumentException("Check.CheckID '" + checkId + "' uses the reserved prefix '"
          + PassiveCheck.PREFIX + "' (passive health's own check)");
    }
    Unicode.requireWellFormed("Check.Name", Objects.requireNonNullElse(name, ""));
    Unicode.requireWellFormed("Check.Notes", Objects.requireNonNullElse(notes, ""));
    if (!http.isEmpty()) {
      requireHttpUrl(http);
    }
    if (!tcp.isEmpty()) {
      Addresses.requireHostPort("Check.TCP", tcp);
    }
    if (!method.isEmpty() && !HEADER_NAME.matcher(method).matches()) {
      throw new IllegalArgumentException("Check.Method '" + method + "' is not an HTTP method name");
    }
    header.forEach((field, values) -> {
      if (!HEADER_NAME.matcher(field).matches()) {
        throw new IllegalArgumentException("Check.Header name '" + field + "' is not a valid HTTP header name");
      }
      for (String v : values) {
        if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
          throw new IllegalArgumentException("Check.Header." + field + " must not contain line breaks");
        }
      }
    });
  }

  private static void requireHttpUrl(String url) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("Check.HTTP '" + url + "' is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("Check.HTTP '" + url + "' must be an http:// or https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("Check.HTTP '" + url + "' has no host");
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

  /** A check that follows redirects (the default). */
  public CheckSpec(String checkId, String name, String notes, String http, String method,
      Map<String, List<String>> header, boolean tlsSkipVerify, String tcp, Duration ttl, Duration interval,
      Duration timeout, HealthStatus initialStatus, int successBeforePassing, int failuresBeforeWarning,
      int failuresBeforeCritical, Duration deregisterCriticalServiceAfter) {
    this(checkId, name, notes, http, method, header, tlsSkipVerify, tcp, ttl, interval, timeout, initialStatus,
        successBeforePassing, failuresBeforeWarning, failuresBeforeCritical, deregisterCriticalServiceAfter, false);
  }

  /** A check this agent runs (HTTP, TCP or TTL). */
  public CheckSpec(String checkId, String name, String notes, String http, String method,
      Map<String, List<String>> header, boolean tlsSkipVerify, String tcp, Duration ttl, Duration interval,
      Duration timeout, HealthStatus initialStatus, int successBeforePassing, int failuresBeforeWarning,
      int failuresBeforeCritical, Duration deregisterCriticalServiceAfter, boolean disableRedirects) {
    this(checkId, name, notes, http, method, header, tlsSkipVerify, tcp, ttl, interval, timeout, initialStatus,
        successBeforePassing, failuresBeforeWarning, failuresBeforeCritical, deregisterCriticalServiceAfter,
        disableRedirects, false);
  }

  /**
   * A check registered through the catalog for an external node's service: never run, in the state
   * {@code status} until a registration says otherwise (Consul's default, critical, when null).
   */
  public static CheckSpec external(String checkId, String name, String notes, HealthStatus status) {
    return new CheckSpec(checkId, name, notes, "", "", Map.of(), false, "", Duration.ZERO, Duration.ZERO,
        Duration.ZERO, status, 0, 0, 0, Duration.ZERO, false, true);
  }

  public Kind kind() {
    if (external) {
      return Kind.EXTERNAL;
    }
    if (!http.isEmpty()) {
      return Kind.HTTP;
    }
    return tcp.isEmpty() ? Kind.TTL : Kind.TCP;
  }

  /** How long a probe may take: {@code Timeout}, or {@link #DEFAULT_TIMEOUT} when unset. */
  public Duration effectiveTimeout() {
    return timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
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
        deregisterCriticalServiceAfter, disableRedirects, external);
  }
}
