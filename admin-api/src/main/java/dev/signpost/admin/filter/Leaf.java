package dev.signpost.admin.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.admin.filter.Expression.Match;
import dev.signpost.admin.filter.FieldType.ListOf;
import dev.signpost.admin.filter.FieldType.MapOf;
import dev.signpost.admin.filter.FieldType.Scalar;
import dev.signpost.admin.filter.FieldType.ScalarKind;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The positive half of a match operator ({@code ==}, {@code in}, {@code is empty}, {@code matches}) on one
 * field, its literal already coerced to the field's type. A field the JSON leaves out, or sets to null, is
 * its type's zero value, as the Go struct behind Consul's JSON would hold: "", 0, false, nothing.
 */
@FunctionalInterface
interface Leaf {

  boolean test(JsonNode field, MatchBudget budget);

  /**
   * @param operator {@link MatchOperator#positive() positive}, and one {@code type} supports
   * @throws FilterException when the literal does not fit the field
   */
  static Leaf of(MatchOperator operator, FieldType type, Match match, String text) {
    switch (operator) {
      case EQUAL:
        return equalTo(((Scalar) type).kind(), match, text);
      case IS_EMPTY:
        return (field, budget) -> field.isTextual() ? field.textValue().isEmpty() : field.size() == 0;
      case MATCHES:
        Pattern pattern = pattern(match, text);
        return (field, budget) -> {
          try {
            return pattern.matcher(budget.guard(text(field))).find();
          } catch (MatchBudget.Exhausted e) {
            throw new FilterException(text, match.valueOffset(), "the regular expression takes too long to match;"
                + " simplify it (nested repetition such as (a*)* backtracks)");
          }
        };
      default:
        if (type instanceof MapOf) {
          String key = match.value();
          return (field, budget) -> field.has(key);
        }
        if (type instanceof ListOf list) {
          Leaf element = equalTo(((Scalar) list.element()).kind(), match, text);
          return (field, budget) -> {
            for (JsonNode item : field) {
              if (element.test(item, budget)) {
                return true;
              }
            }
            return false;
          };
        }
        String part = match.value();
        return (field, budget) -> text(field).contains(part);
    }
  }

  private static Leaf equalTo(ScalarKind kind, Match match, String text) {
    String value = match.value();
    switch (kind) {
      case INTEGER:
        OptionalLong number = GoValues.parseInt(value);
        if (number.isEmpty()) {
          throw misfit(match, text, "a whole number");
        }
        long wanted = number.getAsLong();
        return (field, budget) -> field.asLong() == wanted;
      case BOOLEAN:
        Boolean bool = GoValues.parseBool(value);
        if (bool == null) {
          throw misfit(match, text, "true or false");
        }
        boolean expected = bool;
        return (field, budget) -> field.asBoolean() == expected;
      default:
        return (field, budget) -> text(field).equals(value);
    }
  }

  private static Pattern pattern(Match match, String text) {
    try {
      return GoRegex.compile(match.value());
    } catch (IllegalArgumentException e) {
      throw new FilterException(text, match.valueOffset(), "invalid regular expression \"" + match.value() + "\": "
          + e.getMessage());
    }
  }

  private static FilterException misfit(Match match, String text, String expected) {
    return new FilterException(text, match.valueOffset(), "value \"" + match.value() + "\" for selector \""
        + match.selector() + "\" is not " + expected);
  }

  /** A string field's text; "" when absent or null. */
  private static String text(JsonNode field) {
    return field.isValueNode() && !field.isNull() ? field.asText() : "";
  }
}
