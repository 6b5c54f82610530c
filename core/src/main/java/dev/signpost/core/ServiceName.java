package dev.signpost.core;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A service's name: one DNS label, so every service is reachable as {@code <name>.<domain>}.
 * The name keeps the case it was registered with; {@link #key()} is the case-folded form that
 * lookups (DNS names are case-insensitive) and grouping use.
 */
public record ServiceName(String value) {

  /** Names the DNS naming scheme uses for itself. */
  public static final Set<String> RESERVED = Set.of("addr");

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  public ServiceName {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("service name is missing");
    }
    if (!LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException("service name '" + value + "' is not a valid DNS label:"
          + " use letters, digits and hyphens (not first or last), at most 63 characters");
    }
    if (RESERVED.contains(value.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("service name '" + value + "' is reserved by the DNS naming scheme");
    }
  }

  public static ServiceName of(String value) {
    return new ServiceName(value);
  }

  /** The case-folded name: two names with equal keys are the same service. */
  public String key() {
    return value.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }
}
