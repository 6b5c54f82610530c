package dev.signpost.admin.filter;

/**
 * go-bexpr's match operators. {@code contains} is {@code in} with its operands the other way round
 * ({@code Tags contains "a"} is {@code "a" in Tags}), so it has no operator of its own.
 */
enum MatchOperator {
  EQUAL("=="),
  NOT_EQUAL("!="),
  IN("in"),
  NOT_IN("not in"),
  IS_EMPTY("is empty"),
  IS_NOT_EMPTY("is not empty"),
  MATCHES("matches"),
  NOT_MATCHES("not matches");

  private final String spelling;

  MatchOperator(String spelling) {
    this.spelling = spelling;
  }

  String spelling() {
    return spelling;
  }

  /** The positive operator this one negates, or itself. */
  MatchOperator positive() {
    return switch (this) {
      case NOT_EQUAL -> EQUAL;
      case NOT_IN -> IN;
      case IS_NOT_EMPTY -> IS_EMPTY;
      case NOT_MATCHES -> MATCHES;
      default -> this;
    };
  }

  boolean negated() {
    return positive() != this;
  }

  /**
   * The answer when the selector names a map key the item's map lacks (go-bexpr's
   * {@code NotPresentDisposition}): nothing equals, contains or matches a missing value, and it is empty.
   */
  boolean whenKeyMissing() {
    return positive() == IS_EMPTY ? !negated() : negated();
  }
}
