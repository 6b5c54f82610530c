package dev.signpost.core.acl;

import java.util.Locale;
import java.util.Optional;

/**
 * A rule's disposition, spelled in rules as Consul spells it: {@code deny}, {@code read}, {@code list},
 * {@code write}. {@code write} grants read and list too; {@code list} (only for {@code key} and
 * {@code key_prefix}) grants read and list; {@code deny} grants nothing and stops the search, so a
 * default policy of "allow" never reaches past it.
 */
public enum Access {
  DENY,
  READ,
  LIST,
  WRITE;

  /** The spelling in rules: {@code "deny"}, {@code "read"}, {@code "list"}, {@code "write"}. */
  public String ruleName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a rule with this disposition allows an operation that needs {@code required} ({@link #READ},
   * {@link #LIST} or {@link #WRITE}).
   */
  public boolean grants(Access required) {
    if (required == DENY) {
      throw new IllegalArgumentException("no operation requires deny");
    }
    return switch (this) {
      case WRITE -> true;
      case LIST -> required == READ || required == LIST;
      case READ -> required == READ;
      case DENY -> false;
    };
  }

  /**
   * The disposition that wins when two rules of one token name the same resource and segment: deny, then
   * write, then list, then read (Consul's {@code takesPrecedenceOver}). Either argument may be null (no rule).
   */
  static Access strongest(Access a, Access b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return a.rank() >= b.rank() ? a : b;
  }

  private int rank() {
    return switch (this) {
      case READ -> 0;
      case LIST -> 1;
      case WRITE -> 2;
      case DENY -> 3;
    };
  }

  /** The disposition a rule spells as {@code text}, ignoring case as Consul does; empty for anything else. */
  static Optional<Access> named(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "deny" -> Optional.of(DENY);
      case "read" -> Optional.of(READ);
      case "list" -> Optional.of(LIST);
      case "write" -> Optional.of(WRITE);
      default -> Optional.empty();
    };
  }
}
