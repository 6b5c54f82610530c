package dev.signpost.admin.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A {@code ?filter=} expression in Consul's language (go-bexpr), parsed and bound to the fields of one
 * endpoint's result items. Immutable and thread-safe; each request gets its own {@link #matcher()}.
 */
public final class Filter {

  private final String text;
  private final Condition condition;

  private Filter(String text, Condition condition) {
    this.text = text;
    this.condition = condition;
  }

  /**
   * @param text the filter as the client wrote it
   * @param items the fields of each item the filter tests
   * @throws FilterException when the filter is malformed, too long or too deep, names a selector
   *     {@code items} lacks, applies an operator its field does not support, or has a literal that does not
   *     fit its field; the message starts with the problem's {@code line:column}
   */
  public static Filter parse(String text, FieldType items) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(items, "items");
    return new Filter(text, Compiler.compile(Parser.parse(text), items, text));
  }

  /**
   * Tests items as the JSON the endpoint returns for them. One per request: it carries the request's
   * budget for regular-expression matching.
   *
   * @return a predicate that throws {@link FilterException} when a {@code matches} pattern runs away
   */
  public Predicate<JsonNode> matcher() {
    MatchBudget budget = new MatchBudget(MatchBudget.DEFAULT_READS);
    return item -> condition.test(item, budget);
  }

  @Override
  public String toString() {
    return text;
  }
}
