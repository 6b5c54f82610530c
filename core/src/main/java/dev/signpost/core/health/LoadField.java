package dev.signpost.core.health;

import java.util.OptionalLong;

/**
 * Finds the load an HTTP health endpoint reports: a top-level numeric {@code connections} or
 * {@code activeConnections} field of a JSON object body. A small scanner, not a JSON library: core keeps
 * Jackson inside its storage package, and a 4 KiB body needs no more.
 */
final class LoadField {

  private LoadField() {}

  static OptionalLong find(String body) {
    int i = skipSpace(body, 0);
    if (i >= body.length() || body.charAt(i) != '{') {
      return OptionalLong.empty();
    }
    int depth = 0;
    String lastString = null;
    for (; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '"') {
        int end = endOfString(body, i + 1);
        if (end < 0) {
          return OptionalLong.empty();
        }
        lastString = body.substring(i + 1, end);
        i = end;
      } else if (c == '{' || c == '[') {
        depth++;
        lastString = null;
      } else if (c == '}' || c == ']') {
        depth--;
        lastString = null;
      } else if (c == ':' && depth == 1 && isLoadKey(lastString)) {
        OptionalLong n = number(body, skipSpace(body, i + 1));
        if (n.isPresent()) {
          return n;
        }
      } else if (c == ',') {
        lastString = null;
      }
    }
    return OptionalLong.empty();
  }

  private static boolean isLoadKey(String key) {
    return "connections".equals(key) || "activeConnections".equals(key);
  }

  private static int endOfString(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** A non-negative integer (a fraction is cut), or empty for anything else. */
  private static OptionalLong number(String s, int from) {
    int end = from;
    while (end < s.length() && Character.isDigit(s.charAt(end)) && end - from < 18) {
      end++;
    }
    if (end == from) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(s.substring(from, end)));
  }

  private static int skipSpace(String s, int from) {
    int i = from;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
