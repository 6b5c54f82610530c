/**
 * Consul's {@code ?filter=} expression language (HashiCorp's go-bexpr): {@code Service.Meta.version == "2"},
 * {@code "primary" in Service.Tags}, {@code Checks.Status != passing and not (Node.Node matches "^db-")}.
 *
 * <p>Entry point: {@link dev.signpost.admin.filter.Filter#parse}, given the filter's text and the
 * {@link dev.signpost.admin.filter.FieldType} of the endpoint's items (read off its Jackson DTO record by
 * {@link dev.signpost.admin.filter.FieldType#ofRecord}). The text goes through a lexer, a recursive-descent
 * parser into a sealed expression tree, and a compiler that checks every selector, operator and literal
 * against the fields and turns the tree into a condition over the item's JSON ({@code JsonNode}), so a
 * filter that parses cannot fail on the data, only run out of its regular-expression budget. Every error is a
 * {@link dev.signpost.admin.filter.FilterException} whose message starts with the 1-based line and column.
 *
 * <p>Bounds: {@value dev.signpost.admin.filter.Parser#MAX_LENGTH} characters, nesting of
 * {@value dev.signpost.admin.filter.Parser#MAX_DEPTH} levels, and a per-request budget of characters read
 * by regular expressions (java.util.regex backtracks where Go's RE2 does not).
 *
 * <p>Stateless apart from immutable parsed filters; safe on any thread. Depends on Jackson only (the JSON
 * tree and {@code @JsonProperty} names); knows nothing of HTTP or the registry.
 */
package dev.signpost.admin.filter;
