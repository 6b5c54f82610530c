package dev.signpost.admin.http;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's path: literal segments and {@code {name}} segments that match any one non-empty segment; a last
 * {@code {name...}} segment matches the rest of the path, any number of segments (none included), joined by
 * {@code /} (the key of {@code /v1/kv/{key...}}).
 */
public record PathPattern(String text, List<String> segments) {

  public PathPattern {
    segments = List.copyOf(segments);
  }

  public static PathPattern of(String text) {
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("path pattern must start with '/': " + text);
    }
    return new PathPattern(text, Arrays.asList(text.substring(1).split("/")));
  }

  /** The values of the {@code {name}} segments when {@code path} (decoded segments) matches. */
  public Optional<Map<String, String>> match(List<String> path) {
    int fixed = segments.size();
    String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    boolean rest = last.endsWith("...}") && isParam(last);
    // The length first: the router tries every route, and most differ in it.
    if (rest ? path.size() < fixed - 1 : path.size() != fixed) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    if (rest) {
      fixed--;
      params.put(last.substring(1, last.length() - 4), String.join("/", path.subList(fixed, path.size())));
    }
    for (int i = 0; i < fixed; i++) {
      String want = segments.get(i);
      String got = path.get(i);
      if (isParam(want)) {
        if (got.isEmpty()) {
          return Optional.empty();
        }
        params.put(want.substring(1, want.length() - 1), got);
      } else if (!want.equals(got)) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  private static boolean isParam(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
  }
}
