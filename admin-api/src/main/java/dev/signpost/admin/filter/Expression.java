package dev.signpost.admin.filter;

import java.util.List;
import java.util.Objects;

/**
 * A parsed filter, before it meets an endpoint's fields. {@code and} and {@code or} hold all their operands
 * in one node, so a long chain of them is a wide tree, not a deep one.
 */
sealed interface Expression {

  /** True when every operand is; evaluated left to right, stopping at the first false. */
  record And(List<Expression> operands) implements Expression {
    public And {
      operands = List.copyOf(operands);
    }
  }

  /** True when any operand is; evaluated left to right, stopping at the first true. */
  record Or(List<Expression> operands) implements Expression {
    public Or {
      operands = List.copyOf(operands);
    }
  }

  record Not(Expression operand) implements Expression {
    public Not {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /**
   * One test of a field: {@code Service.Port == 80}, {@code "primary" in Service.Tags},
   * {@code Checks is empty}.
   *
   * @param value the literal as go-bexpr keeps it, raw text coerced to the field's type later; null for
   *     {@code is empty} and {@code is not empty}
   * @param valueOffset where the value starts in the filter, for errors about it
   */
  record Match(Selector selector, MatchOperator operator, String value, int valueOffset) implements Expression {
    public Match {
      Objects.requireNonNull(selector, "selector");
      Objects.requireNonNull(operator, "operator");
      if ((value == null) != (operator == MatchOperator.IS_EMPTY || operator == MatchOperator.IS_NOT_EMPTY)) {
        throw new IllegalArgumentException(operator + " with value " + value);
      }
    }
  }

  /**
   * A path into an item: struct fields and map keys, as {@code Service.Meta.version} or
   * {@code Service.Meta["some-key"]}.
   *
   * @param offset where it starts in the filter
   */
  record Selector(List<String> path, int offset) {
    public Selector {
      path = List.copyOf(path);
      if (path.isEmpty()) {
        throw new IllegalArgumentException("a selector has at least one name");
      }
    }

    /** The path joined with dots, as go-bexpr prints a selector. */
    @Override
    public String toString() {
      return String.join(".", path);
    }
  }
}
