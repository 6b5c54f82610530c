package dev.signpost.admin.filter;

import com.fasterxml.jackson.databind.JsonNode;

/** A filter bound to an endpoint's fields: whether one item of its result, as JSON, is kept. */
@FunctionalInterface
interface Condition {

  boolean test(JsonNode item, MatchBudget budget);
}
