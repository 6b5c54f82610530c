package dev.signpost.core.acl;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rules of one resource family (services, nodes, agents or keys): exact rules ({@code service "web"}) and
 * prefix rules ({@code service_prefix "web-"}). A name is decided by its exact rule if it has one, otherwise by
 * the longest prefix rule it starts with ({@code ""} matches every name); with neither, the table has no say.
 * Two rules for the same segment and kind are merged to the strongest ({@link Access#strongest}).
 *
 * <p>Tables for services, nodes and agents fold case: Signpost's service and node names are case-insensitive
 * (DNS labels), so a rule for {@code "db"} must also govern {@code "DB"}. Consul compares ACL segments
 * case-sensitively; key tables do too, as KV keys are case-sensitive.
 */
final class RuleTable {

  private final boolean foldCase;
  private final Map<String, Access> exact;
  private final NavigableMap<String, Access> prefix;
  private final int longestPrefix;

  private RuleTable(boolean foldCase, Map<String, Access> exact, NavigableMap<String, Access> prefix) {
    this.foldCase = foldCase;
    this.exact = Collections.unmodifiableMap(exact);
    this.prefix = Collections.unmodifiableNavigableMap(prefix);
    this.longestPrefix = prefix.keySet().stream().mapToInt(String::length).max().orElse(-1);
  }

  /** The disposition that decides {@code name}, or empty when no rule matches it. */
  Optional<Access> lookup(String name) {
    String n = fold(name);
    Access a = exact.get(n);
    if (a != null) {
      return Optional.of(a);
    }
    return longestPrefixRule(n);
  }

  /**
   * Whether everything under {@code keyPrefix} may be written (a recursive delete), as Consul's
   * {@code KeyWritePrefix}: no if the longest prefix rule covering it is not {@code write}, or if any rule, exact
   * or prefix, inside it is not {@code write}; yes if a covering prefix rule is {@code write}; otherwise no say.
   */
  Optional<Boolean> writesEverythingUnder(String keyPrefix) {
    String p = fold(keyPrefix);
    Optional<Access> base = longestPrefixRule(p);
    if (base.isPresent() && base.get() != Access.WRITE) {
      return Optional.of(false);
    }
    if (anyBelowIsNotWrite(exact, p) || anyBelowIsNotWrite(prefix, p)) {
      return Optional.of(false);
    }
    return base.map(a -> true);
  }

  private Optional<Access> longestPrefixRule(String name) {
    for (int len = Math.min(name.length(), longestPrefix); len >= 0; len--) {
      Access a = prefix.get(name.substring(0, len));
      if (a != null) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private static boolean anyBelowIsNotWrite(Map<String, Access> rules, String p) {
    return rules.entrySet().stream().anyMatch(e -> e.getKey().startsWith(p) && e.getValue() != Access.WRITE);
  }

  private String fold(String name) {
    Objects.requireNonNull(name, "name");
    return foldCase ? name.toLowerCase(Locale.ROOT) : name;
  }

  Map<String, Access> exact() {
    return exact;
  }

  NavigableMap<String, Access> prefix() {
    return prefix;
  }

  boolean isEmpty() {
    return exact.isEmpty() && prefix.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleTable t && foldCase == t.foldCase && exact.equals(t.exact) && prefix.equals(t.prefix);
  }

  @Override
  public int hashCode() {
    return exact.hashCode() * 31 + prefix.hashCode();
  }

  /** Collects rules, merging two for the same segment to the strongest. */
  static final class Builder {
    private final boolean foldCase;
    private final Map<String, Access> exact = new HashMap<>();
    private final NavigableMap<String, Access> prefix = new TreeMap<>();

    Builder(boolean foldCase) {
      this.foldCase = foldCase;
    }

    Builder add(boolean isPrefix, String segment, Access access) {
      String s = foldCase ? segment.toLowerCase(Locale.ROOT) : segment;
      (isPrefix ? prefix : exact).merge(s, access, Access::strongest);
      return this;
    }

    Builder addAll(RuleTable other) {
      other.exact.forEach((s, a) -> add(false, s, a));
      other.prefix.forEach((s, a) -> add(true, s, a));
      return this;
    }

    RuleTable build() {
      return new RuleTable(foldCase, new HashMap<>(exact), new TreeMap<>(prefix));
    }
  }
}
